package io.changetrail.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.changetrail.testing.Cli;
import io.changetrail.testing.LedgerTamper;
import io.changetrail.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit verify} checks the signature of every signed decision against an allowed-signers
 * file, in the live ledger and in an exported bundle offline (issue 11): real ssh-keygen keys, a
 * real repository and SQLite ledger, through the command line.
 */
class SignedDecisionsAuditTest {
  private static final Pattern ID = Pattern.compile("CHG-\\d{8}-[0-9A-Z]{4}");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DOCUMENTED =
      "ENHANCEMENT: cache venue status in the router\n\n"
          + "## Context and Rationale\nVenue status lookups cost 40 us per order.\n\n"
          + "## Changes Made\n### order-router\n- cache with a 1 s expiry\n\n"
          + "## Impact Assessment\nRisk MEDIUM, order-router only.\n\n"
          + "## Testing and Verification\n- ✅ RouterTest passes\n\n"
          + "## Rollback Procedure\n1. Redeploy the previous release.\n2. Check fills.\n";
  private static final String RUNBOOK =
      "name: router release\nenvironment: prod\nsteps:\n  - {name: deploy router, run: 'true'}\n"
          + "rollback:\n  - {name: previous release, run: 'true'}\n";

  @TempDir Path dir;
  private TestRepo repo;
  private String ledger;
  private Path ledgerFile;
  private Path ritaKey;
  private String ritaPublic;

  @BeforeEach
  void setUp() throws Exception {
    System.setProperty("changetrail.home", dir.resolve("home").toString());
    repo = TestRepo.tradingSystem(dir.resolve("repo"));
    ledgerFile = dir.resolve("ledger.db");
    ledger = "jdbc:sqlite:" + ledgerFile;
    repo.file(
            "changetrail.yml",
            "version: 1\nsystems:\n  order-router:\n    paths: [\"order-router/\"]\n    tier: 3\n"
                + "    tests: [\"true\"]\n  common:\n    paths: [\"common/\", \"pom.xml\"]\n"
                + "    tier: 2\n")
        .file("deploy/prod.yml", RUNBOOK)
        .commit("CONFIGURATION: lifecycle settings");
    repo.branch("feature")
        .as("Alice Author", "alice@example.com")
        .file("order-router/src/main/java/acme/Router.java", "class Router { int cache; }\n")
        .commit(DOCUMENTED);
    ritaKey = dir.resolve("rita_key");
    ritaPublic = sshKey(ritaKey);
    assertThat(cli("keys", "generate", "--name", "example.com/ledger").exitCode()).isZero();
  }

  @AfterEach
  void clearHome() {
    System.clearProperty("changetrail.home");
  }

  /** An ed25519 key made by ssh-keygen; returns its public key line. */
  private String sshKey(Path key) throws Exception {
    Process process =
        new ProcessBuilder(
                "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "key", "-f", key.toString())
            .redirectErrorStream(true)
            .start();
    process.getInputStream().readAllBytes();
    assertThat(process.waitFor()).isZero();
    return Files.readString(Path.of(key + ".pub")).strip();
  }

  private Cli.Result cli(String... args) {
    return Cli.run(repo.root(), args);
  }

  /** A command with the ledger, as {@code name <email>}, signing with {@code key} when given. */
  private Cli.Result as(String name, String email, Path key, String... args) {
    repo.git("config", "user.name", name);
    repo.git("config", "user.email", email);
    repo.git("config", "gpg.format", "ssh");
    repo.git("config", "user.signingkey", key == null ? "" : key.toString()); // "": unsigned
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--ledger";
    all[args.length + 1] = ledger;
    return Cli.run(repo.root(), all);
  }

  /** Registered, approved by Rita (signed with {@code key}), deployed by Carol (unsigned). */
  private String approvedAndDeployed(Path key) {
    Cli.Result created = as("Alice Author", "alice@example.com", null, "change", "new");
    assertThat(created.exitCode()).as(created.err()).isZero();
    Matcher m = ID.matcher(created.out());
    assertThat(m.find()).isTrue();
    String id = m.group();
    Cli.Result approved =
        as("Rita Risk", "rita@example.com", key, "approve", id, "--comment", "limits checked");
    assertThat(approved.exitCode()).as(approved.err()).isZero();
    Cli.Result deployed =
        as(
            "Carol",
            "carol@example.com",
            null,
            "deploy",
            "run",
            id,
            "--env",
            "prod",
            "--plan",
            "deploy/prod.yml");
    assertThat(deployed.exitCode()).as(deployed.err()).isZero();
    return id;
  }

  private Path allowedSigners(String line) throws Exception {
    Path file = dir.resolve("allowed_signers_" + Integer.toHexString(line.hashCode()));
    Files.writeString(file, line + "\n");
    return file;
  }

  private Path exported() {
    Cli.Result checkpoint = cli("audit", "checkpoint", "--ledger", ledger);
    assertThat(checkpoint.exitCode()).as(checkpoint.err()).isZero();
    Path bundle = dir.resolve("audit.bundle");
    Cli.Result export = cli("audit", "export", "--out", bundle.toString(), "--ledger", ledger);
    assertThat(export.exitCode()).as(export.err()).isZero();
    return bundle;
  }

  private Cli.Result verifyBundle(Path bundle, String... more) {
    String[] all = new String[more.length + 6];
    all[0] = "audit";
    all[1] = "verify";
    all[2] = "--bundle";
    all[3] = bundle.toString();
    all[4] = "--key";
    all[5] = dir.resolve("home/keys/ledger.pub").toString();
    System.arraycopy(more, 0, all, 6, more.length);
    return Cli.run(dir, all);
  }

  @Test
  void aSignedApprovalIsProvenByItsSignerInTheLedgerAndInTheBundle() throws Exception {
    approvedAndDeployed(ritaKey);
    Path allowed = allowedSigners("rita@example.com namespaces=\"changetrail\" " + ritaPublic);

    Cli.Result live =
        cli("audit", "verify", "--ledger", ledger, "--allowed-signers", allowed.toString());
    // no checkpoint yet: the entries are not proven, but each decision's signature is still said
    assertThat(live.exitCode()).as(live.err()).isEqualTo(17);
    assertThat(live.out())
        .contains("change.approved")
        .contains("signature valid, signed by rita@example.com (ED25519 key SHA256:")
        .contains("deployment.started")
        .contains("unsigned, not proven");

    Path bundle = exported();
    Cli.Result unchecked = verifyBundle(bundle);
    assertThat(unchecked.exitCode()).as(unchecked.err()).isZero();
    assertThat(unchecked.out())
        .contains("OK: every entry and checkpoint verifies")
        .contains("no allowed-signers file: no signature was checked")
        .contains("signed, NOT CHECKED")
        .contains("SIGNATURES NOT CHECKED: 1 signed decision(s)")
        .doesNotContain("signature valid");

    Cli.Result checked = verifyBundle(bundle, "--allowed-signers", allowed.toString());
    assertThat(checked.exitCode()).as(checked.err()).isZero();
    assertThat(checked.out())
        .contains("signature valid, signed by rita@example.com")
        .contains("SIGNATURES: 1 decision(s) proven by their signers' keys")
        .contains("unsigned, not proven (self-asserted)");

    Cli.Result json =
        verifyBundle(bundle, "--allowed-signers", allowed.toString(), "--format", "json");
    JsonNode signatures = JSON.readTree(json.out()).get("signatures");
    assertThat(signatures.get("checked").asBoolean()).isTrue();
    assertThat(signatures.at("/counts/VALID").asInt()).isEqualTo(1);
    assertThat(signatures.at("/decisions/0/principal").asText()).isEqualTo("rita@example.com");

    Cli.Result required =
        verifyBundle(bundle, "--allowed-signers", allowed.toString(), "--require-signatures");
    assertThat(required.exitCode()).isEqualTo(17);
    assertThat(required.err())
        .contains("not proven: ", "decision(s) unsigned or unchecked", "deployment.started");
  }

  @Test
  void theAuditRecordReadsARelativeAllowedSignersFileUnderTheDirectoryOfDashC() throws Exception {
    String id = approvedAndDeployed(ritaKey);
    Files.writeString(
        repo.root().resolve("auditor_signers"),
        "rita@example.com namespaces=\"changetrail\" " + ritaPublic + "\n");

    Cli.Result record =
        cli("audit", "record", id, "--ledger", ledger, "--allowed-signers", "auditor_signers");
    assertThat(record.exitCode()).as(record.err()).isZero();
    assertThat(record.out())
        .contains("signed with a key the allowed-signers file (or allowed OpenPGP keys file) lists")
        .doesNotContain("not checked");
  }

  @Test
  void aDecisionRewrittenBeforeTheFirstCheckpointFailsOnItsSignatureNotOnTheHashes()
      throws Exception {
    approvedAndDeployed(ritaKey);
    long approval = rewriteApproval("limits checked", "limits waived");
    Path bundle = exported(); // the checkpoint signs the rewritten log: the hashes all agree
    Path allowed = allowedSigners("rita@example.com namespaces=\"changetrail\" " + ritaPublic);

    Cli.Result verified = verifyBundle(bundle, "--allowed-signers", allowed.toString());
    assertThat(verified.out()).contains("OK: every entry and checkpoint verifies");
    assertThat(verified.out())
        .contains("entry " + approval + " change.approved")
        .contains("signature INVALID")
        .contains("SIGNATURES INVALID");
    assertThat(verified.exitCode()).isEqualTo(11);
    assertThat(verified.err())
        .contains("a decision's signature does not verify: entry " + approval)
        .contains("does not verify over the entry's content");

    Cli.Result live =
        cli("audit", "verify", "--ledger", ledger, "--allowed-signers", allowed.toString());
    assertThat(live.exitCode()).isEqualTo(11);
    assertThat(live.err()).contains("a decision's signature does not verify: entry " + approval);
  }

  @Test
  void theServersVerifyUseCaseIsNotOkWhenADecisionsSignatureFails() throws Exception {
    approvedAndDeployed(ritaKey);
    rewriteApproval("limits checked", "limits waived");
    exported(); // a checkpoint over the rewritten log: the hashes all agree
    Path allowed = allowedSigners("rita@example.com namespaces=\"changetrail\" " + ritaPublic);
    // What GET /api/v1/audit/verify answers: the ledger and the signatures, judged together.
    io.changetrail.app.audit.AuditLedger.Audit audit =
        new io.changetrail.app.audit.AuditLedger(
                io.changetrail.git.GitRepository.open(repo.root()), java.util.Optional.of(ledger))
            .audit(java.util.Optional.empty(), java.util.Optional.of(allowed), false);
    assertThat(audit.report().ok()).as("the hashes and checkpoint verify").isTrue();
    assertThat(audit.signatures().verdict())
        .isEqualTo(io.changetrail.domain.lifecycle.SignatureReport.Verdict.INVALID);
    assertThat(audit.ok()).isFalse();
  }

  @Test
  void aDecisionSignedByAKeyTheAllowedSignersDoNotListFails() throws Exception {
    Path mallory = dir.resolve("mallory_key");
    String malloryPublic = sshKey(mallory);
    approvedAndDeployed(mallory); // "Rita" approves, with Mallory's key
    Path bundle = exported();

    Path allowed = allowedSigners("rita@example.com namespaces=\"changetrail\" " + ritaPublic);
    Cli.Result unknown = verifyBundle(bundle, "--allowed-signers", allowed.toString());
    assertThat(unknown.exitCode()).isEqualTo(12);
    assertThat(unknown.out()).contains("key NOT ALLOWED").contains("SIGNATURES NOT BY ALLOWED");
    assertThat(unknown.err())
        .contains("a decision is not signed by an allowed signer")
        .contains("is not in the allowed-signers file");

    Path others = allowedSigners("bob@example.com " + malloryPublic);
    Cli.Result other = verifyBundle(bundle, "--allowed-signers", others.toString());
    assertThat(other.exitCode()).isEqualTo(12);
    assertThat(other.out()).contains("key of ANOTHER PERSON");
    assertThat(other.err()).contains("the signing key belongs to bob@example.com, not rita@");
  }

  @Test
  void unsignedDecisionsAreNotProvenAndFailWhenThePolicyRequiresSignatures() throws Exception {
    approvedAndDeployed(null);
    cli("audit", "checkpoint", "--ledger", ledger);
    Cli.Result live = cli("audit", "verify", "--ledger", ledger);
    assertThat(live.exitCode()).as(live.err()).isZero();
    assertThat(live.out())
        .contains("change.approved")
        .contains("unsigned, not proven: made on the command line, not signed")
        .doesNotContain("signature valid");

    repo.file(
            "changetrail.yml",
            Files.readString(repo.root().resolve("changetrail.yml"))
                + "approvals:\n  require_signatures: true\n")
        .commit("CONFIGURATION: signed decisions");
    Cli.Result required = cli("audit", "verify", "--ledger", ledger);
    assertThat(required.exitCode()).isEqualTo(17);
    assertThat(required.out()).contains("SIGNATURES NOT PROVEN");
    assertThat(required.err()).contains("signed decisions are required");
  }

  @Test
  void unsupportedSigningIsRefusedWithWhatToDoNotRecordedUnsigned() throws Exception {
    Cli.Result created = as("Alice Author", "alice@example.com", null, "change", "new");
    Matcher m = ID.matcher(created.out());
    assertThat(m.find()).as(created.err()).isTrue();
    String id = m.group();
    repo.git("config", "user.name", "Rita Risk");
    repo.git("config", "user.email", "rita@example.com");
    repo.git("config", "gpg.format", "x509");
    repo.git("config", "user.signingkey", "3AA5C34371567BD2");
    Cli.Result refused = cli("approve", id, "--ledger", ledger);
    assertThat(refused.exitCode()).isEqualTo(12);
    assertThat(refused.err())
        .contains("git is set to sign with x509")
        .contains("ChangeTrail signs decisions only with ssh keys")
        .contains("git config --local gpg.format ssh")
        .contains("git config changetrail.signDecisions false");
    assertThat(cli("change", "show", id, "--format", "json", "--ledger", ledger).out())
        .contains("\"status\" : \"ASSESSED\"");

    repo.git("config", "changetrail.signDecisions", "false");
    Cli.Result unsigned = cli("approve", id, "--ledger", ledger);
    assertThat(unsigned.exitCode()).as(unsigned.err()).isZero();
    cli("audit", "checkpoint", "--ledger", ledger);
    assertThat(cli("audit", "verify", "--ledger", ledger).out())
        .contains("change.approved " + id + " by Rita Risk <rita@example.com>: unsigned");
  }

  @Test
  void aRefusedSigningSetupStopsVerifyBeforeItRunsAnything() throws Exception {
    String id = approvedAndDeployed(null);
    Path config = repo.root().resolve("changetrail.yml");
    // a check of the work tree's configuration (the systems' own tests are those of the change's
    // commits, whose changetrail.yml runs 'true')
    Files.writeString(
        config,
        Files.readString(config)
            + "verification:\n  checks:\n    - {name: touch, kind: test, run: 'touch ran'}\n");
    repo.git("config", "user.name", "Carol");
    repo.git("config", "user.email", "carol@example.com");
    repo.git("config", "gpg.format", "x509");
    repo.git("config", "user.signingkey", "3AA5C34371567BD2");
    Cli.Result refused = cli("verify", id, "--ledger", ledger);
    assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(12);
    assertThat(repo.root().resolve("ran")).as("no check ran").doesNotExist();

    repo.git("config", "gpg.format", "ssh");
    repo.git("config", "user.signingkey", "");
    Cli.Result verified = cli("verify", id, "--ledger", ledger);
    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
    assertThat(repo.root().resolve("ran")).exists();
  }

  @Test
  void aMissingAllowedSignersFileIsAClearError() {
    approvedAndDeployed(ritaKey);
    Path bundle = exported();
    Cli.Result missing = verifyBundle(bundle, "--allowed-signers", dir.resolve("nope").toString());
    assertThat(missing.exitCode()).isEqualTo(7);
    assertThat(missing.err()).contains("the allowed-signers file", "does not exist");
  }

  /**
   * What an operator with write access to the database can do before the first checkpoint: rewrite
   * the approval's comment and recompute its leaf hash. Returns the entry's index.
   */
  private long rewriteApproval(String from, String to) throws Exception {
    LedgerTamper.Rewritten rewritten =
        LedgerTamper.rewriteFirst(ledger, "change.approved", from, to);
    assertThat(rewritten.before()).contains("\"signature\":{");
    return rewritten.index();
  }
}
