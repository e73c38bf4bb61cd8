package io.changetrail.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.changetrail.testing.Cli;
import io.changetrail.testing.RouterChange;
import io.changetrail.testing.TestRepo;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verdicts that are true (issue 11): PASS, VERIFIED, SUCCEEDED and "documentation complete" only
 * where the ledger's facts prove them; on a real repository and a real SQLite ledger, through the
 * command line.
 */
class VerdictsTest {
  private static final Pattern ID = Pattern.compile("CHG-\\d{8}-[0-9A-Z]{4}");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private TestRepo repo;
  private String ledger;

  @BeforeEach
  void setUp() {
    repo = TestRepo.tradingSystem(dir.resolve("repo"));
    ledger = "jdbc:sqlite:" + dir.resolve("ledger.db");
  }

  /** changetrail.yml with these systems' test commands and no verification checks. */
  private void config(String routerTests, String extra) {
    repo.file(
            "changetrail.yml",
            "version: 1\nsystems:\n  order-router:\n    paths: [\"order-router/\"]\n    tier: 3\n"
                + "    tests: "
                + routerTests
                + "\n  common:\n    paths: [\"common/\", \"pom.xml\"]\n    tier: 2\n"
                + extra)
        .file("deploy/prod.yml", RouterChange.RUNBOOK)
        .commit("CONFIGURATION: lifecycle settings");
  }

  private void feature(String message) {
    repo.branch("feature")
        .as("Alice Author", "alice@example.com")
        .file("order-router/src/main/java/acme/Router.java", "class Router { int cache; }\n")
        .commit(message);
  }

  private Cli.Result asIdentity(String name, String email, String... args) {
    repo.git("config", "user.name", name);
    repo.git("config", "user.email", email); // empty: no email (not the global one)
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--ledger";
    all[args.length + 1] = ledger;
    return Cli.run(repo.root(), all);
  }

  private Cli.Result as(String who, String... args) {
    return asIdentity(who, who.toLowerCase() + "@example.com", args);
  }

  private String register() {
    Cli.Result created = as("Alice", "change", "new");
    assertThat(created.exitCode()).as(created.err()).isZero();
    Matcher m = ID.matcher(created.out());
    assertThat(m.find()).isTrue();
    return m.group();
  }

  private JsonNode auditRecord(String id) throws Exception {
    Cli.Result record = as("Dave", "audit", "record", id, "--format", "json");
    assertThat(record.exitCode()).as(record.err()).isIn(0, 1);
    return JSON.readTree(record.out());
  }

  private static JsonNode item(JsonNode audit, String name) {
    for (JsonNode item : audit.get("compliance")) {
      if (item.get("item").asText().equals(name)) {
        return item;
      }
    }
    throw new AssertionError("no checklist item " + name + " in " + audit);
  }

  private String deployed() {
    String id = register();
    Cli.Result approved = as("Bob", "approve", id, "--comment", "checked");
    assertThat(approved.exitCode()).as(approved.err()).isZero();
    Cli.Result deployed =
        as("Carol", "deploy", "run", id, "--env", "prod", "--plan", "deploy/prod.yml");
    assertThat(deployed.exitCode()).as(deployed.err()).isZero();
    return id;
  }

  // ---------------------------------------------------------------- 1. testing claimed, not done

  @Test
  void verifyWithNothingTechnicalToRunIsNoTechnicalChecksNotPassed() throws Exception {
    config("[]", "");
    feature(RouterChange.DOCUMENTED);
    String id = deployed();

    Cli.Result verified = as("Carol", "verify", id);
    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isEqualTo(18);
    assertThat(verified.out())
        .contains("verification NO TECHNICAL CHECKS, status DEPLOYED")
        .contains("(none ran)")
        .contains("order-router has no test command")
        .contains("claimed in the change's documents (not run by ChangeTrail)", "RouterTest")
        .doesNotContain("PASSED, status VERIFIED");

    JsonNode change = JSON.readTree(as("Dave", "change", "show", id, "--format", "json").out());
    assertThat(change.get("status").asText()).isEqualTo("DEPLOYED");
    assertThat(change.at("/verifications/0/result").asText()).isEqualTo("NO_TECHNICAL_CHECKS");

    JsonNode audit = auditRecord(id);
    JsonNode testing = item(audit, "Testing verified");
    assertThat(testing.get("result").asText()).isEqualTo("FAIL");
    assertThat(testing.get("evidence").asText())
        .contains("no technical check ran at entry")
        .contains("claimed in the change's documents, not run by ChangeTrail: - ✅ RouterTest");
    assertThat(audit.get("compliant").asBoolean()).isFalse();
  }

  @Test
  void withoutConfiguredChecksVerifyRunsEachAffectedSystemsTests() throws Exception {
    config("[\"echo router tests ran\"]", "");
    feature(RouterChange.DOCUMENTED);
    String id = deployed();

    Cli.Result verified = as("Carol", "verify", id);
    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
    assertThat(verified.out())
        .contains("technical checks from the system catalog")
        .contains("order-router tests: passed")
        .contains("output sha256:")
        .contains("verification PASSED, status VERIFIED");

    JsonNode testing = item(auditRecord(id), "Testing verified");
    assertThat(testing.get("result").asText()).isEqualTo("PASS");
    assertThat(testing.get("evidence").asText())
        .contains("executed at entry", "order-router tests PASSED exit 0 output sha256:");
    assertThat(as("Dave", "audit", "record", id).out())
        .contains("executed: order-router tests: PASSED (exit 0")
        .contains("claimed, not run by ChangeTrail: - ✅ RouterTest passes");
  }

  // ---------------------------------------------------------------- 2. status follows the record

  @Test
  void aDeploymentWithAFailedCheckCannotBeFinishedAsSucceeded() throws Exception {
    config("[\"true\"]", "");
    feature(RouterChange.DOCUMENTED);
    String id = register();
    assertThat(as("Bob", "approve", id).exitCode()).isZero();
    Cli.Result started = as("Carol", "deploy", "start", id, "--env", "prod");
    assertThat(started.exitCode()).as(started.err()).isZero();
    Matcher m = Pattern.compile("DEP-\\d{8}-[0-9A-Z]{4}").matcher(started.out());
    assertThat(m.find()).as(started.out()).isTrue();
    String deployment = m.group();
    Cli.Result check =
        as(
            "Carol",
            "deploy",
            "check",
            id,
            "--deployment",
            deployment,
            "--name",
            "Latency probe",
            "--failed");
    assertThat(check.exitCode()).as(check.err()).isZero();

    Cli.Result finished =
        as("Carol", "deploy", "finish", id, "--deployment", deployment, "--succeeded");
    assertThat(finished.exitCode()).isEqualTo(14);
    assertThat(finished.err())
        .contains("cannot be finished as succeeded: post-deployment check 'Latency probe' failed")
        .contains("--failed");
    assertThat(finished.out()).doesNotContain("SUCCEEDED");

    JsonNode shown = JSON.readTree(as("Carol", "deploy", "show", id, "--format", "json").out());
    JsonNode probe = shown.at("/postDeploymentVerification/0");
    assertThat(probe.get("name").asText()).as(shown.toString()).isEqualTo("Latency probe");
    assertThat(probe.get("exitCode").isNull()).as("no exit code was recorded").isTrue();
    assertThat(probe.get("outputDigest").isNull()).as("no output was captured").isTrue();

    // recorded again once it passes, the deployment may succeed
    as("Carol", "deploy", "check", id, "--deployment", deployment, "--name", "Latency probe");
    Cli.Result retried =
        as("Carol", "deploy", "finish", id, "--deployment", deployment, "--succeeded");
    assertThat(retried.exitCode()).as(retried.err()).isZero();
    assertThat(retried.out())
        .contains("SUCCEEDED: every check and step passed in its latest record")
        .contains("1 failed record(s) above were recorded again and passed");
  }

  // ---------------------------------------------------------------- 3. identity

  @Test
  void onePersonUnderTwoSpellingsIsOneApprovalWithoutUsers() throws Exception {
    config("[\"true\"]", "approvals:\n  required: {LOW: 2, MEDIUM: 2, HIGH: 2}\n");
    repo.file(".mailmap", "Rita Risk <rita@example.com> <rita.r@old.example>\n")
        .file(
            ".mailmap",
            "Rita Risk <rita@example.com> <rita.r@old.example>\n"
                + "Alice Author <alice@example.com> <alice.work@corp.example>\n")
        .commit("CONFIGURATION: mailmap");
    feature(RouterChange.DOCUMENTED);
    String id = register();

    Cli.Result bare = asIdentity("rita", "", "approve", id);
    assertThat(bare.exitCode()).isEqualTo(7);
    assertThat(bare.err()).contains("'rita' has no email", "CHANGETRAIL_USER='Name <email>'");

    assertThat(asIdentity("Rita Risk", "rita@example.com", "approve", id).exitCode()).isZero();
    Cli.Result shouting = asIdentity("RITA", "Rita@Example.COM", "approve", id);
    assertThat(shouting.exitCode()).isEqualTo(14);
    assertThat(shouting.err()).contains("has already approved");
    Cli.Result alias = asIdentity("R. Risk", "rita.r@old.example", "approve", id);
    assertThat(alias.exitCode()).as("the .mailmap alias is the same person").isEqualTo(14);
    assertThat(alias.err()).contains("Rita Risk <rita@example.com> has already approved");

    Cli.Result author = asIdentity("Alice W", "alice.work@corp.example", "approve", id);
    assertThat(author.exitCode()).isEqualTo(14);
    assertThat(author.err()).contains("segregation of duties");

    JsonNode change = JSON.readTree(as("Dave", "change", "show", id, "--format", "json").out());
    assertThat(change.get("status").asText()).isEqualTo("ASSESSED");
    assertThat(change.at("/decisions/0/identity").asText()).isEqualTo("asserted");
    assertThat(as("Dave", "change", "show", id).out()).contains("(identity self-asserted)");

    JsonNode identities = item(auditRecord(id), "Identities of deciders");
    assertThat(identities.get("result").asText()).isEqualTo("FINDING");
    assertThat(identities.get("evidence").asText()).contains("self-asserted", "entries [");
  }

  @Test
  void onceTheLedgerHasUsersOnlyUsersWithTheRoleDecide() throws Exception {
    config("[\"true\"]", "");
    feature(RouterChange.DOCUMENTED);
    String id = register();
    Cli.Result added =
        as(
            "Ada",
            "users",
            "add",
            "rita",
            "--name",
            "Rita Risk",
            "--email",
            "rita@example.com",
            "--roles",
            "approver");
    assertThat(added.exitCode()).as(added.err()).isZero();
    assertThat(
            as(
                    "Ada",
                    "users",
                    "add",
                    "carol",
                    "--name",
                    "Carol",
                    "--email",
                    "carol@example.com",
                    "--roles",
                    "deployer")
                .exitCode())
        .isZero();

    Cli.Result mallory = as("Mallory", "approve", id);
    assertThat(mallory.exitCode()).isEqualTo(14);
    assertThat(mallory.err()).contains("is not a user of this ledger", "users add");
    Cli.Result deployer = as("Carol", "approve", id);
    assertThat(deployer.exitCode()).isEqualTo(14);
    assertThat(deployer.err()).contains("user carol does not have the approver role");

    Cli.Result byLogin = asIdentity("rita", "", "approve", id, "--comment", "limits checked");
    assertThat(byLogin.exitCode()).as(byLogin.err()).isZero();
    Cli.Result again = asIdentity("Rita Risk", "rita@example.com", "approve", id);
    assertThat(again.exitCode()).isEqualTo(14);
    assertThat(again.err()).contains("has already approved");

    Cli.Result approverDeploys =
        asIdentity("Rita Risk", "rita@example.com", "deploy", "start", id, "--env", "prod");
    assertThat(approverDeploys.exitCode()).isEqualTo(14);
    assertThat(approverDeploys.err()).contains("does not have the deployer role");
    Cli.Result deployed =
        as("Carol", "deploy", "run", id, "--env", "prod", "--plan", "deploy/prod.yml");
    assertThat(deployed.exitCode()).as(deployed.err()).isZero();
    assertThat(as("Mallory", "verify", id).exitCode()).isEqualTo(14);

    JsonNode change = JSON.readTree(as("Dave", "change", "show", id, "--format", "json").out());
    assertThat(change.at("/decisions/0/by").asText()).isEqualTo("Rita Risk <rita@example.com>");
    assertThat(change.at("/decisions/0/identity").asText()).isEqualTo("asserted-user");
    assertThat(change.get("decisions")).hasSize(1);
    JsonNode identities = item(auditRecord(id), "Identities of deciders");
    assertThat(identities.get("result").asText()).isEqualTo("PASS (not authenticated)");
  }

  // ---------------------------------------------------------------- 4. documentation after the
  // fact

  @Test
  void anUndocumentedChangeIsNotApprovedOrDeployed() {
    config("[\"true\"]", "");
    feature("BUGFIX: tick fix");
    String id = register();
    Cli.Result approve = as("Bob", "approve", id);
    assertThat(approve.exitCode()).isEqualTo(14);
    assertThat(approve.err())
        .contains(id + " cannot be approved: its committed documentation does not cover its plan")
        .contains("Context and Rationale");
    // written now, but not committed: it does not count
    repo.file("changes/" + id + ".md", RouterChange.DOCUMENTED);
    Cli.Result still = as("Bob", "approve", id);
    assertThat(still.exitCode()).isEqualTo(14);
    assertThat(still.err()).contains("the uncommitted changes/" + id + ".md does not count");
    Cli.Result deploy = as("Carol", "deploy", "start", id, "--env", "prod");
    assertThat(deploy.exitCode()).isEqualTo(14);

    // committed, it is part of the change's content: approved on it
    repo.file("changes/" + id + ".md", RouterChange.DOCUMENTED).commit("DOCUMENTATION: " + id);
    assertThat(as("Alice", "change", "update", id).exitCode()).isZero();
    Cli.Result approved = as("Bob", "approve", id);
    assertThat(approved.exitCode()).as(approved.err()).isZero();
  }

  @Test
  void aChangeWhoseDocumentCoversThePlanButFailsLintIsNotApprovedOrDeployed() {
    config("[\"true\"]", "");
    feature(
        "ENHANCEMENT: cache venue status in the router\n\n"
            + "## Context and Rationale\nVenue status lookups cost 40 us per order.\n\n"
            + "## Changes Made\n### order-router\n- cache with a 1 s expiry\n\n"
            + "## Impact Assessment\nRisk MEDIUM, order-router only.\n\n"
            + "## Testing and Verification\nTested it on the simulator, looked fine.\n\n"
            + "## Rollback Procedure\n1. Redeploy the previous release.\n2. Check fills.\n");
    String id = register();
    Cli.Result approve = as("Bob", "approve", id);
    assertThat(approve.exitCode()).as(approve.out() + approve.err()).isEqualTo(14);
    assertThat(approve.err())
        .contains(
            id
                + " cannot be approved: its committed change document does not pass lint against"
                + " its plan (the change's diff (ENHANCEMENT, risk ")
        .contains(": commit ")
        .contains("testing.results (line ")
        .contains("see every finding with 'changetrail lint --range ")
        .contains("then 'changetrail change update " + id + "'");
    Cli.Result deploy = as("Carol", "deploy", "start", id, "--env", "prod");
    assertThat(deploy.exitCode()).isEqualTo(14);
    assertThat(deploy.err())
        .contains(id + " cannot be deployed: its committed change document does not pass lint");

    // a committed change document that passes lint is the change's document: approved on it
    repo.file("changes/" + id + ".md", RouterChange.DOCUMENTED).commit("DOCUMENTATION: " + id);
    assertThat(as("Alice", "change", "update", id).exitCode()).isZero();
    Cli.Result approved = as("Bob", "approve", id);
    assertThat(approved.exitCode()).as(approved.err()).isZero();
  }

  @Test
  void theLintRefusalNamesTheFirstFindingsAndCountsTheRest() {
    config("[\"true\"]", "");
    feature(
        "FEATURE: update\n"
            + "## Business Driver\nFaster routing.\n\n"
            + "## Context and Rationale\nVenue status lookups cost 40 us per order.\n\n"
            + "## Changes Made\n### order-router\n- cache with a 1 s expiry\n\n"
            + "## Impact Assessment\nRisk MEDIUM, order-router only.\n\n"
            + "## Testing and Verification\nTested it.\n\n"
            + "## Rollback Procedure\nRedeploy.\n");
    String id = register();
    Cli.Result approve = as("Bob", "approve", id);
    assertThat(approve.exitCode()).as(approve.out() + approve.err()).isEqualTo(14);
    assertThat(approve.err())
        .contains("does not pass lint against its plan")
        .contains("message.minimal (line 1)")
        .contains("doc.integration-points (line ")
        .contains("doc.performance-impact (line ")
        .contains("; and 1 more error(s)")
        .doesNotContain("testing.results"); // the fourth, counted, not named
  }

  @Test
  void documentationWrittenAfterDeploymentIsPostHocNeverComplete() throws Exception {
    config("[\"true\"]", "approvals:\n  require_documentation: false\n");
    feature("BUGFIX: tick fix");
    String id = deployed();
    repo.file(
        "changes/" + id + ".md",
        RouterChange.DOCUMENTED); // after approval and deployment, uncommitted

    Cli.Result verified = as("Carol", "verify", id);
    assertThat(verified.exitCode()).isEqualTo(1);
    assertThat(verified.out())
        .contains("✘ change document complete: missing or empty: Context and Rationale")
        .contains("changes/" + id + ".md is not committed (post-hoc, sha256:")
        .contains("not counted, documentation written after the fact");

    JsonNode documentation = item(auditRecord(id), "Documentation complete");
    assertThat(documentation.get("result").asText()).isEqualTo("FAIL");
    assertThat(documentation.get("evidence").asText())
        .contains("post-hoc documentation, not counted", "(entry ");
    assertThat(as("Dave", "change", "show", id).out())
        .contains("was not committed when verified at")
        .contains("post-hoc documentation, not counted");
  }

  @Test
  void documentationCompleteSaysWhatItCheckedAndWhatItDidNot() throws Exception {
    config("[\"true\"]", "");
    feature(RouterChange.DOCUMENTED);
    String id = deployed();
    Cli.Result verified = as("Carol", "verify", id);
    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();

    JsonNode documentation = item(auditRecord(id), "Documentation complete");
    assertThat(documentation.get("result").asText()).isEqualTo("PASS");
    assertThat(documentation.get("evidence").asText())
        .contains("checked: every section of the documentation plan (Context and Rationale,")
        .contains("is present and not empty in the 1 committed document(s)")
        .contains("not checked here: what the plan's item rules (doc.")
        .contains("look for inside those sections: run 'changetrail lint --range ");
  }

  @Test
  void anEmergencyChangeMayDocumentAfterwards() throws Exception {
    config("[\"true\"]", "");
    feature("BUGFIX: tick fix");
    Cli.Result created =
        as("Alice", "change", "new", "--class", "emergency", "--reason", "ticks dropped");
    Matcher m = ID.matcher(created.out());
    assertThat(m.find()).as(created.err()).isTrue();
    String id = m.group();
    Cli.Result deployed =
        as(
            "Carol",
            "deploy",
            "run",
            id,
            "--env",
            "prod",
            "--plan",
            "deploy/prod.yml",
            "--emergency",
            "--reason",
            "ticks dropped");
    assertThat(deployed.exitCode()).as(deployed.err()).isZero();
    repo.file("changes/" + id + ".md", RouterChange.DOCUMENTED);
    Cli.Result verified = as("Carol", "verify", id);
    assertThat(verified.exitCode()).as(verified.out()).isZero();
    assertThat(verified.out()).contains("counted, an emergency change may document afterwards");
    JsonNode documentation = item(auditRecord(id), "Documentation complete");
    assertThat(documentation.get("result").asText()).isEqualTo("PASS (retrospective)");
  }

  // ---------------------------------------------------------------- 5. rewritten commits

  @Test
  void approvalsStandWhenCommitsAreRewrittenWithTheSameDiff() throws Exception {
    config("[\"true\"]", "");
    feature(RouterChange.DOCUMENTED);
    String id = register();
    assertThat(as("Bob", "approve", id, "--comment", "checked").exitCode()).isZero();
    String before = repo.head();

    // the advice of 'change new': add a Change-Id trailer; amending rewrites the commit
    repo.git(
        "commit", "-q", "--amend", "-m", RouterChange.DOCUMENTED + "\nChange-Id: " + id + "\n");
    assertThat(repo.head()).isNotEqualTo(before);
    Cli.Result stale =
        as("Carol", "deploy", "run", id, "--env", "prod", "--plan", "deploy/prod.yml");
    assertThat(stale.exitCode()).isEqualTo(14);
    assertThat(stale.err()).contains("change update " + id, "approvals stand when the diff");

    Cli.Result updated = as("Alice", "change", "update", id);
    assertThat(updated.exitCode()).as(updated.err()).isZero();
    JsonNode change = JSON.readTree(as("Dave", "change", "show", id, "--format", "json").out());
    assertThat(change.get("status").asText()).isEqualTo("APPROVED");
    assertThat(change.at("/decisions/0/current").asBoolean()).isTrue();
    assertThat(change.get("tip").asText()).isEqualTo(repo.head());
    assertThat(change.get("flags").toString()).contains("rewritten 1 time(s) with the same diff");

    Cli.Result deployed =
        as("Carol", "deploy", "run", id, "--env", "prod", "--plan", "deploy/prod.yml");
    assertThat(deployed.exitCode()).as(deployed.err()).isZero();
  }

  @Test
  void approvalsAreVoidWhenTheRewrittenCommitsChangeTheDiff() throws Exception {
    config("[\"true\"]", "");
    feature(RouterChange.DOCUMENTED);
    String id = register();
    assertThat(as("Bob", "approve", id).exitCode()).isZero();
    repo.file("order-router/src/main/java/acme/Router.java", "class Router { int cache2; }\n")
        .stage();
    repo.git("commit", "-q", "--amend", "-m", RouterChange.DOCUMENTED);
    assertThat(as("Alice", "change", "update", id).exitCode()).isZero();
    JsonNode change = JSON.readTree(as("Dave", "change", "show", id, "--format", "json").out());
    assertThat(change.get("status").asText()).isEqualTo("ASSESSED");
    assertThat(change.at("/decisions/0/current").asBoolean()).isFalse();
  }

  @Test
  void approvalsStandWhenTheBranchIsRebasedWithoutTouchingItsLines() throws Exception {
    config("[\"true\"]", "");
    feature(RouterChange.DOCUMENTED);
    String id = register();
    assertThat(as("Bob", "approve", id).exitCode()).isZero();
    repo.checkout("main")
        .file("README.md", "# platform\n\nupstream work\n")
        .commit("DOCUMENTATION: upstream readme")
        .checkout("feature");
    repo.git("rebase", "-q", "main");
    Cli.Result updated = as("Alice", "change", "update", id, "--range", "main..feature");
    assertThat(updated.exitCode()).as(updated.err()).isZero();
    JsonNode change = JSON.readTree(as("Dave", "change", "show", id, "--format", "json").out());
    assertThat(change.get("status").asText()).isEqualTo("APPROVED");
    assertThat(change.get("base").asText()).isEqualTo(repo.sha("main"));
  }

  // ---------------------------------------------------------------- 6. signed decisions

  /** An ed25519 key made by ssh-keygen; returns its public key line. */
  private String sshKey(Path key) throws Exception {
    Process process =
        new ProcessBuilder(
                "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "rita", "-f", key.toString())
            .redirectErrorStream(true)
            .start();
    process.getInputStream().readAllBytes();
    assertThat(process.waitFor()).isZero();
    return java.nio.file.Files.readString(Path.of(key + ".pub")).strip();
  }

  @Test
  void decisionsSignedAsGitSignsCommitsAreCheckedAgainstAllowedSigners() throws Exception {
    config("[\"true\"]", "");
    feature(RouterChange.DOCUMENTED);
    String id = register();
    Path key = dir.resolve("rita_key");
    String publicKey = sshKey(key);
    repo.git("config", "gpg.format", "ssh");
    repo.git("config", "user.signingkey", key.toString());
    Cli.Result approved = asIdentity("Rita Risk", "rita@example.com", "approve", id);
    assertThat(approved.exitCode()).as(approved.err()).isZero();
    repo.git("config", "--unset", "gpg.format");

    Path allowed = dir.resolve("allowed_signers");
    java.nio.file.Files.writeString(
        allowed, "rita@example.com namespaces=\"changetrail\" " + publicKey + "\n");
    Cli.Result record =
        as(
            "Dave",
            "audit",
            "record",
            id,
            "--format",
            "json",
            "--allowed-signers",
            allowed.toString());
    JsonNode identities = item(JSON.readTree(record.out()), "Identities of deciders");
    assertThat(identities.get("evidence").asText())
        .contains(
            "signed with a key the allowed-signers file (or allowed OpenPGP keys file) lists for the"
                + " actor: entries [");

    Path other = dir.resolve("other_signers");
    java.nio.file.Files.writeString(other, "bob@example.com " + publicKey + "\n");
    JsonNode wrong =
        item(
            JSON.readTree(
                as(
                        "Dave",
                        "audit",
                        "record",
                        id,
                        "--format",
                        "json",
                        "--allowed-signers",
                        other.toString())
                    .out()),
            "Identities of deciders");
    assertThat(wrong.get("result").asText()).isEqualTo("FAIL");
    assertThat(wrong.get("evidence").asText())
        .contains("the signing key belongs to bob@example.com, not rita@example.com");
  }

  @Test
  void aPolicyRefusesUnsignedDecisionsOnTheCommandLine() {
    config("[\"true\"]", "approvals:\n  require_signatures: true\n");
    feature(RouterChange.DOCUMENTED);
    String id = register();
    Cli.Result unsigned = as("Bob", "approve", id);
    assertThat(unsigned.exitCode()).isEqualTo(14);
    assertThat(unsigned.err()).contains("decisions must be signed here", "gpg.format ssh");
    assertThat(as("Dave", "change", "show", id, "--format", "json").out())
        .contains("\"status\" : \"ASSESSED\"");
  }
}
