package io.changetrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.ledger.VerificationReport;
import io.changetrail.domain.ledger.VerifierKey;
import io.changetrail.ledger.LedgerBundle;
import io.changetrail.testing.Cli;
import io.changetrail.testing.IndependentBundleVerifier;
import io.changetrail.testing.TestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit and keys commands, run in-process on real repositories and ledgers. */
class AuditCommandTest {
  @TempDir Path temp;
  TestRepo git;
  Path repo;
  Path home;

  @BeforeEach
  void isolatedRepositoryAndKeyHome() throws Exception {
    git = TestRepo.init(Files.createDirectories(temp.resolve("repo")));
    repo = git.root();
    home = temp.resolve("home");
    System.setProperty("changetrail.home", home.toString());
  }

  @AfterEach
  void clearHome() {
    System.clearProperty("changetrail.home");
  }

  Cli.Result run(String... args) {
    return Cli.run(repo, args);
  }

  String ledgerUrl() {
    return "jdbc:sqlite:" + repo.resolve(".git/changetrail/ledger.db");
  }

  void appendThree() {
    for (int i = 0; i < 3; i++) {
      Cli.Result appended =
          run(
              "audit",
              "append",
              "--actor",
              "alice",
              "--kind",
              "note",
              "--data",
              "{\"n\":" + i + "}");
      assertThat(appended.exitCode()).as(appended.err()).isZero();
      assertThat(appended.out().strip()).isEqualTo(Integer.toString(i));
    }
  }

  @Test
  void generatedPrivateKeyIsOwnerOnly() throws Exception {
    Cli.Result result = run("keys", "generate", "--name", "example.com/ledger");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .containsPattern(
            "example\\.com/ledger\\+[0-9a-f]{8}\\+AQ|example\\.com/ledger\\+[0-9a-f]{8}\\+A");
    Path key = home.resolve("keys/ledger.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(key)).startsWith("PRIVATE+KEY+example.com/ledger+");
    assertThat(run("keys", "generate").exitCode()).isEqualTo(12);
  }

  @Test
  void checkpointVerifyProveExportAndVerifyTheBundleOffline() throws Exception {
    run("keys", "generate", "--name", "example.com/ledger");
    appendThree();
    Cli.Result checkpoint = run("audit", "checkpoint");
    assertThat(checkpoint.exitCode()).as(checkpoint.err()).isZero();
    assertThat(checkpoint.out())
        .contains("signed checkpoint of size 3")
        .contains("\n\n\u2014 example.com/ledger ");

    Cli.Result verify = run("audit", "verify");
    assertThat(verify.exitCode()).as(verify.err()).isZero();
    assertThat(verify.out())
        .contains("entries checked:      3")
        .contains("OK: every entry and checkpoint verifies");

    Cli.Result proof = run("audit", "proof", "--index", "1");
    assertThat(proof.exitCode()).as(proof.err()).isZero();
    assertThat(proof.out()).contains("\"index\":1").contains("inclusion proof");

    Cli.Result export = run("audit", "export", "--out", "audit.bundle");
    assertThat(export.exitCode()).as(export.err()).isZero();
    Cli.Result bundle =
        run(
            "audit",
            "verify",
            "--bundle",
            repo.resolve("audit.bundle").toString(),
            "--key",
            home.resolve("keys/ledger.pub").toString());
    assertThat(bundle.exitCode()).as(bundle.err()).isZero();
    assertThat(bundle.out()).contains("OK: every entry and checkpoint verifies");
    agrees(repo.resolve("audit.bundle"), home.resolve("keys/ledger.pub"));

    Cli.Result refs = run("audit", "verify", "--format", "json");
    assertThat(refs.out()).contains("\"ok\" : true");
  }

  @Test
  void aTamperedLedgerExitsElevenNamingTheFirstBadIndex() throws Exception {
    run("keys", "generate");
    appendThree();
    run("audit", "checkpoint");
    try (Connection connection = DriverManager.getConnection(ledgerUrl());
        PreparedStatement update =
            connection.prepareStatement("UPDATE ledger_entry SET entry = ? WHERE idx = 1")) {
      update.setBytes(
          1,
          "{\"actor\":\"mallory\",\"change\":null,\"data\":{},\"index\":1,\"kind\":\"note\",\"time\":\"2026-01-01T00:00:00.000000Z\"}"
              .getBytes(StandardCharsets.UTF_8));
      update.executeUpdate();
    }
    Cli.Result verify = run("audit", "verify");
    assertThat(verify.exitCode()).isEqualTo(11);
    assertThat(verify.out()).contains("TAMPERED: first bad entry index 1");
    assertThat(verify.err()).contains("the first bad entry is index 1").doesNotContain("Exception");
  }

  @Test
  void aRolledBackLedgerIsCaughtByTheGitRef() throws Exception {
    run("keys", "generate");
    appendThree();
    run("audit", "checkpoint");
    try (Connection connection = DriverManager.getConnection(ledgerUrl());
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("DELETE FROM ledger_entry WHERE idx >= 1");
      statement.executeUpdate("DELETE FROM ledger_checkpoint");
      statement.executeUpdate("UPDATE ledger_head SET next = 1");
    }
    Cli.Result verify = run("audit", "verify");
    assertThat(verify.exitCode()).isEqualTo(11);
    assertThat(verify.out())
        .contains("first bad entry index 1")
        .contains("git ref")
        .contains("rolled back");
  }

  @Test
  void keyProblemsAreClearErrors() throws Exception {
    appendThree();
    Cli.Result missing = run("audit", "checkpoint");
    assertThat(missing.exitCode()).isEqualTo(12);
    assertThat(missing.err()).contains("no private key").contains("keys generate");

    run("keys", "generate");
    Files.setPosixFilePermissions(
        home.resolve("keys/ledger.key"), PosixFilePermissions.fromString("rw-r--r--"));
    Cli.Result exposed = run("audit", "checkpoint");
    assertThat(exposed.exitCode()).isEqualTo(12);
    assertThat(exposed.err()).contains("can be used by other users").contains("chmod 600");

    Cli.Result noKey = run("audit", "verify", "--bundle", "x.bundle");
    assertThat(noKey.exitCode()).isEqualTo(12);
    Cli.Result badKey = run("audit", "verify", "--key", "someone+12345678+AAAA");
    assertThat(badKey.exitCode()).isEqualTo(12);
    assertThat(badKey.err()).contains("is not a verifier key");
  }

  @Test
  void aMalformedBundleIsInvalidInput() throws Exception {
    run("keys", "generate");
    Files.writeString(repo.resolve("bad.bundle"), "{\"format\":\"something else\"}\n");
    Cli.Result result =
        run(
            "audit",
            "verify",
            "--bundle",
            repo.resolve("bad.bundle").toString(),
            "--key",
            home.resolve("keys/ledger.pub").toString());
    assertThat(result.exitCode()).isEqualTo(7);
    assertThat(result.err()).contains("is not a ledger bundle");
  }

  @Test
  void anUnreachableDatabaseIsExitTen() {
    run("keys", "generate");
    Cli.Result result =
        run("audit", "verify", "--ledger", "jdbc:postgresql://127.0.0.1:1/ledger?user=nobody");
    assertThat(result.exitCode()).isEqualTo(10);
    assertThat(result.err()).contains("cannot reach the ledger database").doesNotContain("\tat ");
  }

  @Test
  void aLockedDatabaseIsExitTenAndWritesNothing() throws Exception {
    appendThree();
    String url = ledgerUrl() + "?busy_timeout=200";
    try (Connection holder = DriverManager.getConnection(ledgerUrl());
        Statement statement = holder.createStatement()) {
      statement.execute("BEGIN IMMEDIATE");
      Cli.Result result = run("audit", "append", "--ledger", url, "--actor", "a", "--kind", "k");
      assertThat(result.exitCode()).as(result.err()).isEqualTo(10);
      assertThat(result.err()).contains("locked");
      statement.execute("ROLLBACK");
    }
    assertThat(size()).isEqualTo(3);
  }

  @Test
  void aFullDiskIsExitTenAndWritesNothing() throws Exception {
    appendThree();
    String url = ledgerUrl() + "?max_page_count=" + pageCount();
    Cli.Result result =
        run(
            "audit",
            "append",
            "--ledger",
            url,
            "--actor",
            "a",
            "--kind",
            "k",
            "--data",
            "{\"blob\":\"" + "x".repeat(200_000) + "\"}");
    assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(10);
    assertThat(result.err()).contains("full").contains("nothing was written");
    assertThat(size()).isEqualTo(3);
    run("keys", "generate");
    assertThat(run("audit", "checkpoint").exitCode()).isZero();
    assertThat(run("audit", "verify").exitCode()).isZero();
  }

  @Test
  void invalidDataIsRefusedBeforeAnythingIsWritten() {
    Cli.Result fraction =
        run("audit", "append", "--actor", "a", "--kind", "k", "--data", "{\"price\":1.5}");
    assertThat(fraction.exitCode()).isEqualTo(7);
    assertThat(fraction.err()).contains("integers only");
    assertThat(run("audit", "append", "--actor", "a", "--kind", "k", "--data", "[1]").exitCode())
        .isEqualTo(7);
  }

  // ------------------------------------------------------------------ what is proven (issue 10)

  static String leafHex(String entry) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update((byte) 0);
    sha.update(entry.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(sha.digest());
  }

  static String forgedEntry(long index) {
    return "{\"actor\":\"mallory\",\"change\":\"CHG-20261124-FAKE\",\"data\":{\"decision\":"
        + "\"approved\"},\"index\":"
        + index
        + ",\"kind\":\"change.approved\",\"time\":\"2026-11-24T16:05:46.425057Z\"}";
  }

  /** Three entries, checkpointed, exported to audit.bundle; returns the bundle's lines. */
  List<String> exportedBundle() throws Exception {
    assertThat(run("keys", "generate", "--name", "example.com/ledger").exitCode()).isZero();
    appendThree();
    assertThat(run("audit", "checkpoint").exitCode()).isZero();
    Cli.Result export = run("audit", "export", "--out", "audit.bundle");
    assertThat(export.exitCode()).as(export.err()).isZero();
    return new ArrayList<>(Files.readAllLines(repo.resolve("audit.bundle")));
  }

  Cli.Result verifyBundle(List<String> lines, String... extra) throws Exception {
    Files.writeString(repo.resolve("audit.bundle"), String.join("\n", lines) + "\n");
    List<String> args =
        new ArrayList<>(
            List.of(
                "audit",
                "verify",
                "--bundle",
                repo.resolve("audit.bundle").toString(),
                "--key",
                home.resolve("keys/ledger.pub").toString()));
    args.addAll(List.of(extra));
    Cli.Result result = run(args.toArray(String[]::new));
    agrees(repo.resolve("audit.bundle"), home.resolve("keys/ledger.pub"));
    return result;
  }

  /** The independent verifier written from docs/bundle-format.md agrees with ours. */
  static void agrees(Path bundle, Path publicKey) throws Exception {
    VerifierKey key = VerifierKey.parse(Files.readString(publicKey));
    try {
      VerificationReport report = LedgerBundle.verify(bundle, key);
      IndependentBundleVerifier.assertAgrees(
          bundle,
          key.encode(),
          report.verdict().name(),
          report.signedSize(),
          report.unsignedEntries());
    } catch (ChangeTrailException e) {
      IndependentBundleVerifier.assertAgrees(bundle, key.encode(), "MALFORMED", 0, 0);
    }
  }

  @Test
  void forgedApprovalsAppendedAfterTheLastSignedCheckpointAreUnsignedNotOk() throws Exception {
    List<String> lines = exportedBundle();
    List<String> forged = new ArrayList<>(lines.subList(0, 4));
    forged.set(0, forged.get(0).replace("\"to\":3", "\"to\":5"));
    forged.add(leafHex(forgedEntry(3)) + " " + forgedEntry(3));
    forged.add(leafHex(forgedEntry(4)) + " " + forgedEntry(4));
    forged.add("end 5");

    Cli.Result strict = verifyBundle(forged);
    assertThat(strict.exitCode()).as(strict.out() + strict.err()).isEqualTo(17);
    assertThat(strict.out())
        .contains("unsigned (not proven): entries 3 to 4 (2)")
        .contains("NOT PROVEN")
        .doesNotContainPattern("(?m)^OK\\b");
    assertThat(strict.err()).contains("entries 3 to 4 (2)").contains("--allow-unsigned-tail");

    Cli.Result allowed = verifyBundle(forged, "--allow-unsigned-tail");
    assertThat(allowed.exitCode()).as(allowed.err()).isZero();
    assertThat(allowed.out())
        .contains("signed (proven):      entries 0 to 2")
        .contains("entries 3 to 4 (2) are not proven");

    Cli.Result json = verifyBundle(forged, "--format", "json");
    assertThat(json.exitCode()).isEqualTo(17);
    assertThat(json.out())
        .contains("\"ok\" : false")
        .contains("\"verdict\" : \"UNSIGNED\"")
        .contains("\"unsignedEntries\" : 2");
  }

  @Test
  void aBundleBuiltFromScratchWithoutACheckpointIsNotOk() throws Exception {
    List<String> lines = exportedBundle();
    String header = lines.get(0);
    int at = header.indexOf("\"checkpoints\":[");
    int end = header.indexOf("]", at);
    List<String> scratch = new ArrayList<>();
    scratch.add(
        header.substring(0, at)
            + "\"checkpoints\":[]"
            + header.substring(end + 1).replaceFirst("\"treeSize\":3", "\"treeSize\":3"));
    for (int i = 0; i < 3; i++) {
      scratch.add(leafHex(forgedEntry(i)) + " " + forgedEntry(i));
    }
    scratch.add("end 3");
    Cli.Result result = verifyBundle(scratch);
    assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(17);
    assertThat(result.out()).contains("NOT PROVEN").doesNotContain("OK:");
    assertThat(verifyBundle(scratch, "--allow-unsigned-tail").exitCode())
        .as("no checkpoint at all is not a tail")
        .isEqualTo(17);
  }

  @Test
  void dataAfterTheEndLineIsInvalid() throws Exception {
    List<String> lines = exportedBundle();
    List<String> padded = new ArrayList<>(lines);
    padded.add(leafHex(forgedEntry(3)) + " " + forgedEntry(3));
    Cli.Result result = verifyBundle(padded);
    assertThat(result.exitCode()).as(result.out()).isEqualTo(11);
    assertThat(result.out()).contains("follows the end line");
  }

  @Test
  void unknownAndInformativeHeaderKeysAreIgnored() throws Exception {
    List<String> lines = exportedBundle();
    String other = "other.example/ledger+12345678+AWm9" + "A".repeat(40) + "=";
    lines.set(
        0,
        lines
            .get(0)
            .replaceFirst("\"key\":\"[^\"]*\"", "\"key\":\"" + other + "\"")
            .replace("\"format\":", "\"comment\":\"from the 2027 exporter\",\"format\":"));
    Cli.Result result = verifyBundle(lines);
    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(result.out()).contains("OK: every entry and checkpoint verifies");
  }

  @Test
  void aCheckpointSignedByAnotherKeyIsNotTampering() throws Exception {
    List<String> lines = exportedBundle();
    Path otherKey = temp.resolve("other/other.key");
    assertThat(
            run(
                    "keys",
                    "generate",
                    "--name",
                    "example.com/ledger",
                    "--key-file",
                    otherKey.toString())
                .exitCode())
        .isZero();
    Files.writeString(repo.resolve("audit.bundle"), String.join("\n", lines) + "\n");
    Cli.Result result =
        run(
            "audit",
            "verify",
            "--bundle",
            repo.resolve("audit.bundle").toString(),
            "--key",
            temp.resolve("other/other.pub").toString());
    assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(12);
    assertThat(result.err())
        .contains("not signed by the key you trust")
        .containsPattern("signed by example\\.com/ledger\\+[0-9a-f]{8}")
        .doesNotContain("TAMPERED")
        .doesNotContain("compromised");
    assertThat(result.out()).doesNotContain("TAMPERED");
    agrees(repo.resolve("audit.bundle"), temp.resolve("other/other.pub"));

    Cli.Result live = run("audit", "verify", "--key", temp.resolve("other/other.pub").toString());
    assertThat(live.exitCode()).as(live.out() + live.err()).isEqualTo(12);
    assertThat(live.err())
        .contains("not signed by the key you trust")
        .doesNotContain("compromised");
    Cli.Result proof =
        run("audit", "proof", "--index", "1", "--key", temp.resolve("other/other.pub").toString());
    assertThat(proof.exitCode()).as(proof.err()).isEqualTo(12);
    assertThat(proof.err()).contains("not signed by the key you trust");
  }

  @Test
  void aLiveLedgerReportsWhatNoCheckpointCovers() throws Exception {
    run("keys", "generate");
    appendThree();
    Cli.Result none = run("audit", "verify");
    assertThat(none.exitCode()).as("no checkpoint yet: documented as 17").isEqualTo(17);
    assertThat(none.out()).contains("NOT PROVEN").doesNotContainPattern("(?m)^OK\\b");
    run("audit", "checkpoint");
    for (int i = 3; i < 5; i++) {
      run("audit", "append", "--actor", "alice", "--kind", "note", "--data", "{\"n\":" + i + "}");
    }
    // rewrite entry 4 after the last checkpoint (another note, about no change, so the index by
    // change has nothing to disagree with) and recompute its leaf hash
    String forgedNote =
        "{\"actor\":\"mallory\",\"data\":{\"n\":99},\"index\":4,\"kind\":\"note\","
            + "\"time\":\"2026-11-24T16:05:46.425057Z\"}";
    rewrite(4, forgedNote);
    Cli.Result verify = run("audit", "verify");
    assertThat(verify.exitCode()).as(verify.out() + verify.err()).isEqualTo(17);
    assertThat(verify.out())
        .contains("signed (proven):      entries 0 to 2")
        .contains("unsigned (not proven): entries 3 to 4 (2)")
        .doesNotContain("OK: every entry");
    Cli.Result allowed = run("audit", "verify", "--allow-unsigned-tail");
    assertThat(allowed.exitCode()).isZero();
    assertThat(allowed.out()).contains("entries 3 to 4 (2) are not proven");
  }

  private void rewrite(long index, String entry) throws Exception {
    try (Connection connection = DriverManager.getConnection(ledgerUrl());
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE ledger_entry SET entry = ?, leaf_hash = ? WHERE idx = ?")) {
      update.setBytes(1, entry.getBytes(StandardCharsets.UTF_8));
      update.setBytes(2, HexFormat.of().parseHex(leafHex(entry)));
      update.setLong(3, index);
      update.executeUpdate();
    }
  }

  @Test
  void anApprovalForgedIntoTheUnsignedTailDisagreesWithTheIndexByChange() throws Exception {
    run("keys", "generate");
    appendThree();
    run("audit", "checkpoint");
    for (int i = 3; i < 5; i++) {
      run("audit", "append", "--actor", "alice", "--kind", "note", "--data", "{\"n\":" + i + "}");
    }
    // An approval in place of a note, leaf hash recomputed: no checkpoint covers it, but the
    // index by change written with the note has no row for a change there.
    rewrite(4, forgedEntry(4));
    Cli.Result verify = run("audit", "verify", "--allow-unsigned-tail");
    assertThat(verify.exitCode()).as(verify.out() + verify.err()).isEqualTo(11);
    assertThat(verify.out())
        .contains("TAMPERED: entry 4 is about CHG-20261124-FAKE, but the index by change")
        .doesNotContainPattern("(?m)^OK\\b");
  }

  /**
   * A filtered list reads the change states kept beside the ledger: one changed in the database
   * hides the change from its true status, and {@code audit verify} finds it by deriving every
   * state again from the entries, and says what it checked when all agree.
   */
  @Test
  void aChangeStateChangedInTheDatabaseIsFoundByVerify() throws Exception {
    run("keys", "generate");
    Cli.Result appended =
        run(
            "audit",
            "append",
            "--actor",
            "alice",
            "--kind",
            "change.registered",
            "--change",
            "CHG-20261124-AAAA",
            "--data",
            "{\"title\":\"a draft\"}");
    assertThat(appended.exitCode()).as(appended.err()).isZero();
    append(3);
    run("audit", "checkpoint");
    Cli.Result clean = run("audit", "verify");
    assertThat(clean.exitCode()).as(clean.out() + clean.err()).isZero();
    assertThat(clean.out())
        .contains("  projection checked:   index by change: agrees with a replay of all 4 entries")
        .contains(
            "  projection checked:   change states: agree with a replay of the entries of all 1"
                + " changes");
    assertThat(run("change", "list", "--status", "DRAFT").out()).contains("CHG-20261124-AAAA");

    sql("UPDATE ledger_change_state SET stage = 'CLOSED' WHERE change_id = 'CHG-20261124-AAAA'");
    assertThat(run("change", "list", "--status", "DRAFT").out())
        .as("what the changed state hides")
        .doesNotContain("CHG-20261124-AAAA");
    Cli.Result verify = run("audit", "verify");
    assertThat(verify.exitCode()).as(verify.out() + verify.err()).isEqualTo(11);
    assertThat(verify.out())
        .contains(
            "TAMPERED: the change state of CHG-20261124-AAAA says CLOSED (first entry 0,"
                + " registered ")
        .contains("but a replay of its entries gives DRAFT")
        .doesNotContainPattern("(?m)^OK\\b");
    Cli.Result json = run("audit", "verify", "--format", "json");
    assertThat(json.out()).contains("\"projections\" : [ \"index by change: agrees");
  }

  // ------------------------------------------------------------- re-signing a rewritten log

  void append(int count) {
    for (int i = 0; i < count; i++) {
      Cli.Result appended =
          run("audit", "append", "--actor", "alice", "--kind", "note", "--data", "{\"i\":1}");
      assertThat(appended.exitCode()).as(appended.err()).isZero();
    }
  }

  void sql(String... statements) throws Exception {
    try (Connection connection = DriverManager.getConnection(ledgerUrl());
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.executeUpdate(sql);
      }
    }
  }

  /** Rewrites entry {@code index} as a forged approval and recomputes its leaf hash. */
  void rewrite(long index) throws Exception {
    try (Connection connection = DriverManager.getConnection(ledgerUrl());
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE ledger_entry SET entry = ?, leaf_hash = ? WHERE idx = ?")) {
      update.setBytes(1, forgedEntry(index).getBytes(StandardCharsets.UTF_8));
      update.setBytes(2, HexFormat.of().parseHex(leafHex(forgedEntry(index))));
      update.setLong(3, index);
      update.executeUpdate();
    }
  }

  @Test
  void aRewrittenLogWhoseCheckpointRowsWereDeletedIsNotSignedAgain() throws Exception {
    run("keys", "generate");
    append(10);
    assertThat(run("audit", "checkpoint").exitCode()).isZero();
    append(2);
    rewrite(4);
    sql("DELETE FROM ledger_checkpoint");

    Cli.Result checkpoint = run("audit", "checkpoint");
    assertThat(checkpoint.exitCode()).as(checkpoint.out() + checkpoint.err()).isEqualTo(11);
    assertThat(checkpoint.err())
        .contains("refusing to sign")
        .contains("first entry that breaks consistency is index")
        .contains("git ref");
    Cli.Result export = run("audit", "export", "--out", "forged.bundle");
    assertThat(export.exitCode()).as(export.out() + export.err()).isEqualTo(11);
    assertThat(repo.resolve("forged.bundle")).doesNotExist();

    // the git ref is gone too: the last checkpoint the key signed still refuses it
    git.git("update-ref", "-d", "refs/changetrail/checkpoints");
    Cli.Result again = run("audit", "checkpoint");
    assertThat(again.exitCode()).as(again.out() + again.err()).isEqualTo(11);
    assertThat(again.err()).contains("last checkpoint the key signed");
    assertThat(home.resolve("keys/ledger.key.last-checkpoint")).exists();
  }

  @Test
  void theFetchedCopyOfTheRefIsCheckedBeforeSigning() throws Exception {
    run("keys", "generate");
    append(8);
    assertThat(run("audit", "checkpoint").exitCode()).isZero();
    git.git(
        "update-ref",
        "refs/remotes/origin/changetrail/checkpoints",
        "refs/changetrail/checkpoints");
    git.git("update-ref", "-d", "refs/changetrail/checkpoints");
    Files.deleteIfExists(home.resolve("keys/ledger.key.last-checkpoint"));
    rewrite(2);
    sql("DELETE FROM ledger_checkpoint");
    Cli.Result checkpoint = run("audit", "checkpoint");
    assertThat(checkpoint.exitCode()).as(checkpoint.out() + checkpoint.err()).isEqualTo(11);
    assertThat(checkpoint.err()).contains("refusing to sign");
    Cli.Result verify = run("audit", "verify");
    assertThat(verify.exitCode()).isEqualTo(11);
  }

  @Test
  void aLedgerRolledBackBehindAPublishedCheckpointIsNotExported() throws Exception {
    run("keys", "generate");
    append(77);
    assertThat(run("audit", "checkpoint").exitCode()).isZero();
    sql(
        "DELETE FROM ledger_entry WHERE idx >= 67",
        "DELETE FROM ledger_checkpoint",
        "UPDATE ledger_head SET next = 67");
    Cli.Result export = run("audit", "export", "--out", "rolled-back.bundle");
    assertThat(export.exitCode()).as(export.out() + export.err()).isEqualTo(11);
    assertThat(export.err()).contains("rolled back");
    assertThat(repo.resolve("rolled-back.bundle")).doesNotExist();
    assertThat(run("audit", "checkpoint").exitCode()).isEqualTo(11);
  }

  @Test
  void aKilledCheckpointLeavesNothingALaterRunDoesNotRemove() throws Exception {
    run("keys", "generate");
    append(3);
    // what a run killed mid-way left: the old place in .git, and the new folder
    Path legacy = Files.writeString(repo.resolve(".git/changetrail-checkpoint-1234.txt"), "x");
    Path dir = Files.createDirectories(repo.resolve(".git/changetrail/tmp"));
    Path stale = Files.writeString(dir.resolve("checkpoint-5678.txt"), "x");
    Files.writeString(dir.resolve("checkpoint-5678.txt.index"), "x");
    assertThat(run("audit", "checkpoint").exitCode()).isZero();
    assertThat(legacy).doesNotExist();
    assertThat(stale).doesNotExist();
    assertThat(dir.resolve("checkpoint-5678.txt.index")).doesNotExist();
    try (var files = Files.list(repo.resolve(".git"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.startsWith("changetrail-"));
    }
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("only the folder's lock file stays")
          .containsExactly(".lock");
    }
  }

  @Test
  void exportErrorsSayWhatIsWrong() throws Exception {
    append(3);
    Cli.Result noKey = run("audit", "export", "--out", "a.bundle");
    assertThat(noKey.exitCode()).as(noKey.err()).isEqualTo(5);
    assertThat(noKey.err()).contains("--key-file FILE").doesNotContain("--key FILE");
    run("keys", "generate");
    Files.createDirectories(repo.resolve("out"));
    Cli.Result folder = run("audit", "export", "--out", "out");
    assertThat(folder.exitCode()).as(folder.err()).isEqualTo(7);
    assertThat(folder.err()).contains("is a folder").contains("ledger.bundle");
    Cli.Result backwards = run("audit", "export", "--from", "2", "--to", "1", "--out", "b.bundle");
    assertThat(backwards.exitCode()).isEqualTo(7);
    assertThat(backwards.err()).contains("--from 2 is after --to 1");
    Cli.Result beyond = run("audit", "export", "--to", "9", "--out", "b.bundle");
    assertThat(beyond.exitCode()).isEqualTo(7);
    assertThat(beyond.err()).contains("--to 9 is beyond the end of the ledger, which has 3");
    Cli.Result negative = run("audit", "export", "--from", "-1", "--out", "b.bundle");
    assertThat(negative.exitCode()).isEqualTo(7);
    assertThat(negative.err()).contains("--from -1 is negative");
    assertThat(repo.resolve("b.bundle")).doesNotExist();
    Cli.Result missingKeyFile =
        run("audit", "checkpoint", "--key-file", temp.resolve("nowhere.key").toString());
    assertThat(missingKeyFile.exitCode()).isEqualTo(12);
    assertThat(missingKeyFile.err()).contains("--key-file FILE");
  }

  @Test
  void aReadNeverRecreatesAZeroByteLedger() throws Exception {
    run("keys", "generate");
    append(3);
    run("audit", "checkpoint");
    Path db = repo.resolve(".git/changetrail/ledger.db");
    for (String suffix : new String[] {"-wal", "-shm"}) {
      Files.deleteIfExists(repo.resolve(".git/changetrail/ledger.db" + suffix));
    }
    Files.write(db, new byte[0]);
    for (String[] read :
        new String[][] {
          {"audit", "verify"},
          {"audit", "proof", "--index", "0"},
          {"audit", "export", "--out", "x.bundle"},
          {"audit", "reconcile", "--env", "prod"},
          {"change", "list"}
        }) {
      Cli.Result result = run(read);
      assertThat(result.exitCode()).as(String.join(" ", read) + ": " + result.err()).isEqualTo(10);
      assertThat(result.err()).contains("is empty (0 bytes)").doesNotContain("Exception");
      assertThat(Files.size(db)).as("untouched by " + String.join(" ", read)).isZero();
    }
  }

  long size() throws Exception {
    try (Connection connection = DriverManager.getConnection(ledgerUrl());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM ledger_entry")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  long pageCount() throws Exception {
    try (Connection connection = DriverManager.getConnection(ledgerUrl());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("PRAGMA page_count")) {
      rows.next();
      return rows.getLong(1) + 2;
    }
  }
}
