package io.changetrail.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.testing.Cli;
import io.changetrail.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without configured checks, verify runs the test commands of the systems the change was assessed
 * against: those of its own commits' build, not of whatever the work tree holds by then.
 */
class VerifyAtTheChangesBuildTest {
  private static final Pattern ID = Pattern.compile("CHG-\\d{8}-[0-9A-Z]{4}");
  private static final String DOCUMENTED =
      "ENHANCEMENT: tighter pre-trade checks\n\n"
          + "## Context and Rationale\nOrders above the limit slipped through.\n\n"
          + "## Changes Made\n### risk-engine\n- compare against the notional limit\n\n"
          + "## Impact Assessment\nRisk MEDIUM, risk-engine and its dependents.\n\n"
          + "## Testing and Verification\n- ✅ RiskCheckTest passes\n\n"
          + "## Rollback Procedure\n1. Redeploy the previous release.\n";
  private static final String RUNBOOK =
      "name: release\nenvironment: prod\nsteps:\n  - {name: deploy, run: 'true'}\n"
          + "rollback:\n  - {name: previous release, run: 'true'}\n";

  @TempDir Path dir;

  @Test
  void aModuleGoneFromTheWorkTreeIsStillTestedForTheChangeThatTouchedIt() throws Exception {
    TestRepo repo = TestRepo.tradingSystem(dir.resolve("repo"));
    Path wrapper = repo.root().resolve("mvnw");
    Files.writeString(wrapper, "#!/bin/sh\necho \"tests ran: $*\"\n");
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    repo.file("deploy/prod.yml", RUNBOOK).commit("CONFIGURATION: runbook and wrapper");
    repo.branch("feature")
        .as("Alice Author", "alice@example.com")
        .file("risk-engine/src/main/java/acme/RiskCheck.java", "class RiskCheck { long max; }\n")
        .commit(DOCUMENTED);
    String ledger = "jdbc:sqlite:" + dir.resolve("ledger.db");

    Cli.Result created = run(repo, ledger, "Alice", "change", "new");
    assertThat(created.exitCode()).as(created.err()).isZero();
    Matcher m = ID.matcher(created.out());
    assertThat(m.find()).isTrue();
    String id = m.group();
    assertThat(run(repo, ledger, "Bob", "approve", id, "--comment", "checked").exitCode()).isZero();
    Cli.Result deployed =
        run(
            repo,
            ledger,
            "Carol",
            "deploy",
            "run",
            id,
            "--env",
            "prod",
            "--plan",
            "deploy/prod.yml");
    assertThat(deployed.exitCode()).as(deployed.err()).isZero();

    // meanwhile the work tree moves on: risk-engine leaves the build
    repo.checkout("main")
        .file(
            "pom.xml",
            "<project><modelVersion>4.0.0</modelVersion><groupId>acme</groupId>"
                + "<artifactId>platform</artifactId><version>1</version><packaging>pom</packaging>"
                + "<modules><module>common</module><module>order-router</module></modules>"
                + "</project>")
        .file("order-router/pom.xml", TestRepo.modulePom("order-router", "common"))
        .delete("risk-engine")
        .commit("CLEANUP: the risk engine moves to its own repository");

    Cli.Result verified = run(repo, ledger, "Carol", "verify", id);
    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
    assertThat(verified.out())
        .contains("risk-engine tests: passed")
        .doesNotContain("risk-engine has no test command")
        .contains("verification PASSED, status VERIFIED");
  }

  private static Cli.Result run(TestRepo repo, String ledger, String who, String... args) {
    repo.git("config", "user.name", who);
    repo.git("config", "user.email", who.toLowerCase() + "@example.com");
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--ledger";
    all[args.length + 1] = ledger;
    return Cli.run(repo.root(), all);
  }
}
