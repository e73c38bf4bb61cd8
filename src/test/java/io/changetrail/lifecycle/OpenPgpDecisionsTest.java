package io.changetrail.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.changetrail.testing.Cli;
import io.changetrail.testing.LedgerTamper;
import io.changetrail.testing.RouterChange;
import io.changetrail.testing.TestRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decisions signed with OpenPGP keys as git signs commits with {@code gpg.format openpgp} (git's
 * default), checked by {@code audit verify} and the audit record against an allowed keys file in a
 * temporary keyring (issue 11): the real gpg, keys generated in a temporary GNUPGHOME, a real
 * repository and SQLite ledger, through the command line.
 */
class OpenPgpDecisionsTest {
  private static final Pattern ID = Pattern.compile("CHG-\\d{8}-[0-9A-Z]{4}");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private TestRepo repo;
  private String ledger;
  private Path gnupg;
  private String rita;
  private String mallory;

  @BeforeEach
  void setUp() throws Exception {
    System.setProperty("changetrail.home", dir.resolve("home").toString());
    gnupg = Files.createDirectories(dir.resolve("g"));
    Files.setPosixFilePermissions(
        gnupg, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    System.setProperty("changetrail.gnupghome", gnupg.toString());
    rita = gpgKey("Rita Risk", "rita@example.com");
    mallory = gpgKey("Mallory", "mallory@example.com");
    repo = TestRepo.tradingSystem(dir.resolve("repo"));
    ledger = "jdbc:sqlite:" + dir.resolve("ledger.db");
    repo.file(
            "changetrail.yml",
            "version: 1\nsystems:\n  order-router:\n    paths: [\"order-router/\"]\n    tier: 3\n"
                + "    tests: [\"true\"]\n  common:\n    paths: [\"common/\", \"pom.xml\"]\n"
                + "    tier: 2\n")
        .file("deploy/prod.yml", RouterChange.RUNBOOK)
        .commit("CONFIGURATION: lifecycle settings");
    repo.branch("feature")
        .as("Alice Author", "alice@example.com")
        .file("order-router/src/main/java/acme/Router.java", "class Router { int cache; }\n")
        .commit(RouterChange.DOCUMENTED);
    assertThat(cli("keys", "generate", "--name", "example.com/ledger").exitCode()).isZero();
  }

  @AfterEach
  void tearDown() throws Exception {
    System.clearProperty("changetrail.home");
    System.clearProperty("changetrail.gnupghome");
    gpg(List.of("gpgconf", "--kill", "gpg-agent"), null);
  }

  /** Runs a gpg tool with the test's GNUPGHOME; returns standard output. */
  private String gpg(List<String> command, String stdin) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("GNUPGHOME", gnupg.toString());
    Process process = builder.start();
    try (var in = process.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
    return out;
  }

  /** An ed25519 OpenPGP key without passphrase; returns its fingerprint. */
  private String gpgKey(String name, String email) throws Exception {
    gpg(
        List.of("gpg", "--batch", "--quiet", "--gen-key"),
        "%no-protection\nKey-Type: eddsa\nKey-Curve: ed25519\nKey-Usage: sign\nName-Real: "
            + name
            + "\nName-Email: "
            + email
            + "\nExpire-Date: 0\n%commit\n");
    String listed = gpg(List.of("gpg", "--with-colons", "--list-keys", email), null);
    return listed.lines().filter(l -> l.startsWith("fpr:")).findFirst().orElseThrow().split(":")[9];
  }

  /** The armored public keys of {@code emails}, written to {@code file}. */
  private Path exported(Path file, String... emails) throws Exception {
    List<String> command = new ArrayList<>(List.of("gpg", "--armor", "--export"));
    command.addAll(List.of(emails));
    Files.createDirectories(file.getParent());
    Files.writeString(file, gpg(command, null));
    return file;
  }

  private Cli.Result cli(String... args) {
    return Cli.run(repo.root(), args);
  }

  /** A command with the ledger as {@code name <email>}, signing with OpenPGP {@code key}. */
  private Cli.Result as(String name, String email, String key, String... args) {
    repo.git("config", "user.name", name);
    repo.git("config", "user.email", email);
    repo.git("config", "user.signingkey", key == null ? "" : key); // gpg.format unset: openpgp
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--ledger";
    all[args.length + 1] = ledger;
    return Cli.run(repo.root(), all);
  }

  /** Registered, approved by Rita (signed with {@code key}); returns the change id. */
  private String approved(String key) {
    Cli.Result created = as("Alice Author", "alice@example.com", null, "change", "new");
    assertThat(created.exitCode()).as(created.err()).isZero();
    Matcher m = ID.matcher(created.out());
    assertThat(m.find()).isTrue();
    String id = m.group();
    Cli.Result approved =
        as("Rita Risk", "rita@example.com", key, "approve", id, "--comment", "limits checked");
    assertThat(approved.exitCode()).as(approved.err()).isZero();
    return id;
  }

  private Path bundle() {
    Cli.Result checkpoint = cli("audit", "checkpoint", "--ledger", ledger);
    assertThat(checkpoint.exitCode()).as(checkpoint.err()).isZero();
    Path bundle = dir.resolve("audit.bundle");
    Cli.Result export = cli("audit", "export", "--out", bundle.toString(), "--ledger", ledger);
    assertThat(export.exitCode()).as(export.err()).isZero();
    return bundle;
  }

  private Cli.Result verifyBundle(Path bundle, String... more) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "audit",
                "verify",
                "--bundle",
                bundle.toString(),
                "--key",
                dir.resolve("home/keys/ledger.pub").toString()));
    all.addAll(List.of(more));
    return Cli.run(dir, all.toArray(String[]::new));
  }

  @Test
  void anOpenPgpSignedApprovalIsProvenByTheAllowedKeyInTheLedgerTheBundleAndTheAuditRecord()
      throws Exception {
    String id = approved(rita);
    assertThat(approvalEntry())
        .contains("\"signature\":{\"format\":\"openpgp\",\"signature\":\"-----BEGIN PGP SIGNATURE");

    exported(repo.root().resolve(".changetrail/allowed-openpgp-keys.asc"), "rita@example.com");
    Path bundle = bundle();
    Cli.Result live = cli("audit", "verify", "--ledger", ledger);
    assertThat(live.exitCode()).as(live.out() + live.err()).isZero();
    assertThat(live.out())
        .contains("the repository's .changetrail/allowed-openpgp-keys.asc")
        .contains("change.approved " + id)
        .contains("signature valid, signed by rita@example.com (OpenPGP key " + rita + ")")
        .contains("  verified by: rita@example.com (OpenPGP key " + rita + "): 1\n")
        .contains("SIGNATURES: 1 decision(s) proven by their signers' keys");

    Cli.Result record = cli("audit", "record", id, "--ledger", ledger);
    assertThat(record.exitCode()).as(record.err()).isZero();
    assertThat(record.out())
        .contains(
            "| Identities of deciders | ✅ PASS | signed with a key the allowed-signers file (or"
                + " allowed OpenPGP keys file) lists for the actor: entries \\[2\\] |");

    Cli.Result unchecked = verifyBundle(bundle);
    assertThat(unchecked.exitCode()).as(unchecked.err()).isZero();
    assertThat(unchecked.out())
        .contains("signed, NOT CHECKED")
        .contains("no allowed OpenPGP keys file to check the signature with")
        .doesNotContain("signature valid");

    Path auditors = exported(dir.resolve("auditor/team-keys.asc"), "rita@example.com");
    Cli.Result checked =
        verifyBundle(bundle, "--allowed-openpgp-keys", auditors.toString(), "--format", "json");
    assertThat(checked.exitCode()).as(checked.err()).isZero();
    JsonNode signatures = JSON.readTree(checked.out()).get("signatures");
    assertThat(signatures.get("allowedSigners").asText())
        .contains(auditors.toString())
        .contains("given with --allowed-openpgp-keys");
    assertThat(signatures.at("/counts/VALID").asInt()).isEqualTo(1);
    assertThat(signatures.at("/decisions/0/principal").asText()).isEqualTo("rita@example.com");
    assertThat(signatures.at("/decisions/0/key").asText()).isEqualTo("OpenPGP key " + rita);
    assertThat(signatures.at("/signers/0/principal").asText()).isEqualTo("rita@example.com");
    assertThat(signatures.at("/signers/0/decisions").toString()).isEqualTo("[2]");
  }

  @Test
  void anOpenPgpSignedDecisionRewrittenBeforeTheFirstCheckpointFailsOnItsSignature()
      throws Exception {
    approved(rita);
    long approval = rewriteApproval("limits checked", "limits waived");
    Path bundle = bundle(); // the checkpoint signs the rewritten log: the hashes all agree
    Path allowed = exported(dir.resolve("keys.asc"), "rita@example.com");
    Cli.Result verified = verifyBundle(bundle, "--allowed-openpgp-keys", allowed.toString());
    assertThat(verified.out()).contains("OK: every entry and checkpoint verifies");
    assertThat(verified.out()).contains("entry " + approval + " change.approved");
    assertThat(verified.out()).contains("signature INVALID").contains("SIGNATURES INVALID");
    assertThat(verified.exitCode()).isEqualTo(11);
    assertThat(verified.err())
        .contains("a decision's signature does not verify: entry " + approval);
  }

  @Test
  void aKeyNotInTheAllowedFileOrOfAnotherPersonFails() throws Exception {
    String id = approved(mallory); // "Rita" approves with Mallory's key
    Path bundle = bundle();

    Path ritasOnly = exported(dir.resolve("rita.asc"), "rita@example.com");
    Cli.Result unknown = verifyBundle(bundle, "--allowed-openpgp-keys", ritasOnly.toString());
    assertThat(unknown.exitCode()).as(unknown.out() + unknown.err()).isEqualTo(12);
    assertThat(unknown.out()).contains("key NOT ALLOWED").contains("OpenPGP key " + mallory);
    assertThat(unknown.err())
        .contains("a decision is not signed by an allowed signer")
        .contains("is not in the allowed OpenPGP keys file");

    Path both = exported(dir.resolve("both.asc"), "rita@example.com", "mallory@example.com");
    Cli.Result other = verifyBundle(bundle, "--allowed-openpgp-keys", both.toString());
    assertThat(other.exitCode()).isEqualTo(12);
    assertThat(other.out()).contains("key of ANOTHER PERSON");
    assertThat(other.err())
        .contains("the signing key belongs to mallory@example.com, not rita@example.com");

    Cli.Result record =
        cli(
            "audit",
            "record",
            id,
            "--ledger",
            ledger,
            "--allowed-openpgp-keys",
            ritasOnly.toString());
    assertThat(record.out())
        .contains(
            "| Identities of deciders | ❌ FAIL | signatures that do not verify: entry 2: the"
                + " signing key (OpenPGP key "
                + mallory
                + ") is not in the allowed OpenPGP keys file |");
  }

  @Test
  void requiredSignaturesAcceptOpenPgpAndRefuseUnsigned() throws Exception {
    repo.checkout("main");
    repo.file(
            "changetrail.yml",
            Files.readString(repo.root().resolve("changetrail.yml"))
                + "approvals:\n  require_signatures: true\n")
        .commit("CONFIGURATION: signed decisions");
    repo.checkout("feature");
    repo.git("merge", "--no-edit", "main");
    Cli.Result created = as("Alice Author", "alice@example.com", null, "change", "new");
    Matcher m = ID.matcher(created.out());
    assertThat(m.find()).as(created.err()).isTrue();
    String id = m.group();
    Cli.Result unsigned = as("Rita Risk", "rita@example.com", null, "approve", id);
    assertThat(unsigned.exitCode()).isEqualTo(14);
    assertThat(unsigned.err()).contains("decisions must be signed here");

    Cli.Result signed = as("Rita Risk", "rita@example.com", rita, "approve", id);
    assertThat(signed.exitCode()).as(signed.err()).isZero();
    Path allowed = exported(dir.resolve("keys.asc"), "rita@example.com");
    cli("audit", "checkpoint", "--ledger", ledger);
    Cli.Result verified =
        cli("audit", "verify", "--ledger", ledger, "--allowed-openpgp-keys", allowed.toString());
    assertThat(verified.out())
        .contains("signed decisions required by the policy")
        .contains("signature valid, signed by rita@example.com");
  }

  @Test
  void anOptionShapedSigningKeyNeverReachesGpg() {
    Cli.Result created = as("Alice Author", "alice@example.com", null, "change", "new");
    Matcher m = ID.matcher(created.out());
    assertThat(m.find()).as(created.err()).isTrue();
    Path marker = dir.resolve("written-by-gpg");
    Cli.Result refused =
        as("Rita Risk", "rita@example.com", "--output=" + marker, "approve", m.group());
    assertThat(refused.exitCode()).isEqualTo(12);
    assertThat(refused.err()).contains("is not an OpenPGP key id, fingerprint or user id");
    assertThat(marker).doesNotExist();
  }

  @Test
  void aKeysFileGpgCannotReadOrThatIsMissingIsAClearError() throws Exception {
    approved(rita);
    Path bundle = bundle();
    Path garbage = dir.resolve("not-keys.asc");
    Files.writeString(garbage, "ssh-ed25519 AAAA this is not an OpenPGP key\n");
    Cli.Result unreadable = verifyBundle(bundle, "--allowed-openpgp-keys", garbage.toString());
    assertThat(unreadable.exitCode()).isEqualTo(7);
    assertThat(unreadable.err())
        .contains("the allowed OpenPGP keys file " + garbage + " holds no key gpg can import")
        .contains("gpg --armor --export");
    Cli.Result missing =
        verifyBundle(bundle, "--allowed-openpgp-keys", dir.resolve("nope.asc").toString());
    assertThat(missing.exitCode()).isEqualTo(7);
    assertThat(missing.err()).contains("the allowed OpenPGP keys file", "does not exist");
  }

  @Test
  void x509SigningIsStillRefusedWithWhatToDo() {
    Cli.Result created = as("Alice Author", "alice@example.com", null, "change", "new");
    Matcher m = ID.matcher(created.out());
    assertThat(m.find()).as(created.err()).isTrue();
    repo.git("config", "gpg.format", "x509");
    Cli.Result refused = as("Rita Risk", "rita@example.com", rita, "approve", m.group());
    assertThat(refused.exitCode()).isEqualTo(12);
    assertThat(refused.err())
        .contains("git is set to sign with x509")
        .contains("only with ssh keys")
        .contains("or OpenPGP keys");
  }

  private String approvalEntry() throws Exception {
    try (Connection connection = DriverManager.getConnection(ledger);
        PreparedStatement select =
            connection.prepareStatement("SELECT entry FROM ledger_entry WHERE entry LIKE ?")) {
      select.setString(1, "%\"kind\":\"change.approved\"%");
      try (ResultSet rows = select.executeQuery()) {
        assertThat(rows.next()).isTrue();
        return new String(rows.getBytes(1), StandardCharsets.UTF_8);
      }
    }
  }

  /** Rewrites the approval's comment and its leaf hash, as an operator with the database can. */
  private long rewriteApproval(String from, String to) throws Exception {
    LedgerTamper.Rewritten rewritten =
        LedgerTamper.rewriteFirst(ledger, "change.approved", from, to);
    assertThat(rewritten.before()).contains("\"format\":\"openpgp\"");
    return rewritten.index();
  }
}
