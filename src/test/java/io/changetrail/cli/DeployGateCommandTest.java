package io.changetrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.testing.Cli;
import io.changetrail.testing.TestRepo;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deploy gate} on the local ledger: its exit codes, its output, and its recorded answer. */
class DeployGateCommandTest {
  private static final Pattern ID = Pattern.compile("CHG-\\d{8}-[0-9A-Z]{4}");
  private static final String DOCUMENTED =
      "ENHANCEMENT: cache venue status in the router\n\n"
          + "## Context and Rationale\nVenue status lookups cost 40 us per order.\n\n"
          + "## Changes Made\n### order-router\n- cache with a 1 s expiry\n\n"
          + "## Impact Assessment\nRisk MEDIUM, order-router only.\n\n"
          + "## Testing and Verification\n- ✅ RouterTest passes\n\n"
          + "## Rollback Procedure\n1. Redeploy the previous release.\n";

  @TempDir Path dir;

  private Cli.Result as(TestRepo repo, String who, String... args) {
    repo.git("config", "user.name", who);
    repo.git("config", "user.email", who.toLowerCase() + "@example.com");
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--ledger";
    all[args.length + 1] = "jdbc:sqlite:" + dir.resolve("ledger.db");
    return Cli.run(repo.root(), all);
  }

  @Test
  void theGateExitsFourteenWithTheReasonUntilApprovedThenPrintsTheChange() {
    TestRepo repo = TestRepo.tradingSystem(dir.resolve("repo"));
    repo.branch("feature")
        .as("Alice Author", "alice@example.com")
        .file("order-router/src/main/java/acme/Router.java", "class Router { int cache; }\n")
        .commit(DOCUMENTED);
    Matcher id = ID.matcher(as(repo, "Alice", "change", "new").out());
    assertThat(id.find()).isTrue();

    Cli.Result early = as(repo, "Carol", "deploy", "gate", "--env", "prod", "--run", "job 1");
    assertThat(early.exitCode()).isEqualTo(14);
    assertThat(early.out()).isEmpty();
    assertThat(early.err())
        .contains("not approved for prod")
        .contains("needs 1 approval(s)")
        .doesNotContain("Exception");

    assertThat(as(repo, "Bob", "approve", id.group()).exitCode()).isZero();
    Cli.Result approved = as(repo, "Carol", "deploy", "gate", "--env", "prod");
    assertThat(approved.exitCode()).as(approved.err()).isZero();
    assertThat(approved.out().strip()).isEqualTo(id.group());
    assertThat(approved.err()).contains("approved: " + id.group() + " is approved for prod");

    Cli.Result json =
        as(
            repo,
            "Carol",
            "deploy",
            "gate",
            "--env",
            "prod",
            "--commit",
            "main",
            "--format",
            "json");
    assertThat(json.exitCode()).isEqualTo(14);
    assertThat(json.out()).contains("\"decision\" : \"rejected\"").contains("no registered change");

    Cli.Result unknown = as(repo, "Carol", "deploy", "gate", "--env", "prod", "--commit", "nope");
    assertThat(unknown.exitCode()).isEqualTo(4);

    String shown = as(repo, "Dave", "change", "show", id.group()).out();
    assertThat(shown)
        .contains("## Deployment gate answers")
        .contains("❌ rejected for **prod** to cli (job 1), asked by Carol \\<carol@example.com\\>")
        .contains("✅ approved for **prod** to cli");
  }

  @Test
  void aChangeRolledBackInAnEnvironmentIsApprovedAgainBeforeItGoesThereAgain() {
    TestRepo repo = TestRepo.tradingSystem(dir.resolve("repo"));
    repo.file(
            "deploy/prod.yml",
            "name: router release\nenvironment: prod\nsteps:\n"
                + "  - {name: deploy router, run: 'true'}\n"
                + "rollback:\n  - {name: previous release, run: 'true'}\n")
        .commit("CONFIGURATION: the production runbook");
    repo.branch("feature")
        .as("Alice Author", "alice@example.com")
        .file("order-router/src/main/java/acme/Router.java", "class Router { int cache; }\n")
        .commit(DOCUMENTED);
    Matcher id = ID.matcher(as(repo, "Alice", "change", "new").out());
    assertThat(id.find()).isTrue();
    String change = id.group();
    assertThat(as(repo, "Bob", "approve", change).exitCode()).isZero();
    Cli.Result deployed =
        as(repo, "Carol", "deploy", "run", change, "--env", "prod", "--plan", "deploy/prod.yml");
    assertThat(deployed.exitCode()).as(deployed.err()).isZero();
    Cli.Result rolledBack = as(repo, "Carol", "deploy", "rollback", change);
    assertThat(rolledBack.exitCode()).as(rolledBack.err()).isZero();

    Cli.Result again = as(repo, "Carol", "deploy", "gate", "--env", "prod");
    assertThat(again.exitCode()).as(again.err()).isEqualTo(14);
    assertThat(again.err())
        .contains(change + " was rolled back in prod")
        .contains("approvals given before the rollback do not cover deploying it there again")
        .contains("it needs 1 approval(s) recorded since, it has 0")
        .doesNotContain("Exception");
    Cli.Result staging = as(repo, "Carol", "deploy", "gate", "--env", "staging");
    assertThat(staging.exitCode()).as("not rolled back in staging: " + staging.err()).isZero();

    Cli.Result reapproved = as(repo, "Bob", "approve", change, "--comment", "cause understood");
    assertThat(reapproved.exitCode()).as(reapproved.err()).isZero();
    Cli.Result twice = as(repo, "Bob", "approve", change);
    assertThat(twice.exitCode()).isEqualTo(14);
    assertThat(twice.err()).contains("has already approved");
    Cli.Result approved = as(repo, "Carol", "deploy", "gate", "--env", "prod");
    assertThat(approved.exitCode()).as(approved.err()).isZero();
  }
}
