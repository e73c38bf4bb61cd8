package io.changetrail.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.testing.TestRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar and the launcher script, run as separate processes as a user would. */
class PackagedJarIT {
  @TempDir Path dir;

  record Run(int exitCode, String out, String err) {}

  private static Path jar() {
    return Path.of(System.getProperty("changetrail.jar", "target/changetrail.jar"))
        .toAbsolutePath();
  }

  private static Run run(Path workDir, List<String> command)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("ct-out", ".txt");
    Path err = Files.createTempFile("ct-err", ".txt");
    Process process =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("finished in time").isTrue();
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static Run jar(Path workDir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("java", "-jar", jar().toString()));
    command.addAll(List.of(args));
    return run(workDir, command);
  }

  @Test
  void demoRunsTheTourOnTheBuiltInExample() throws Exception {
    Run demo = jar(dir, "demo", "--dir", dir.resolve("example").toString());
    assertThat(demo.exitCode()).as(demo.err()).isZero();
    assertThat(demo.out())
        .contains("A documented bug fix in the tier-1 order router")
        .contains("Risk                 HIGH")
        .contains("indirect  order-router")
        .contains("Rollback complexity  HIGH")
        .contains("may not approve it (segregation of duties)")
        .contains("FAILED: the deployment stopped at the first failure")
        .contains("ROLLED BACK")
        .contains("SUCCEEDED: every check and step passed")
        .contains("verification PASSED")
        .contains("| Approval obtained before deployment | ✅ PASS")
        .contains("1 deployment(s) to prod, 0 exception(s)")
        .contains("entries, every leaf, root and checkpoint consistent")
        .contains("change document: ok")
        .containsPattern("committed [0-9a-f]{10}: [A-Z]+: drop quotes older than 500 ms")
        .doesNotContain("the summary is still the template's prompt");
    Run assess = jar(dir.resolve("example"), "assess", "--commit", "HEAD~1", "--format", "json");
    assertThat(assess.exitCode()).isZero();
    assertThat(assess.out()).contains("\"schema\" : \"changetrail.assessment/v1\"");
  }

  @Test
  void assessesARealRepositoryAndGatesWithExitCodes() throws Exception {
    TestRepo repo = TestRepo.tradingSystem(dir);
    // a new limits table for twenty venues: MEDIUM under the built-in thresholds (60, 140), set so
    // that about a tenth of real commits are HIGH
    StringBuilder limits = new StringBuilder("max_notional: 9000000\n");
    for (int venue = 1; venue < 20; venue++) {
      limits
          .append("venue_")
          .append(venue)
          .append("_max_notional: ")
          .append(venue)
          .append("00000\n");
    }
    repo.file("risk-engine/config/limits.yml", limits.toString()).stage();
    Run gated = jar(dir, "assess", "--fail-on", "MEDIUM");
    assertThat(gated.exitCode()).isEqualTo(1);
    assertThat(gated.out()).contains("sensitive:trading-limits");
    Run notRepo = jar(dir.getParent(), "assess");
    assertThat(notRepo.exitCode()).isEqualTo(3);
    assertThat(notRepo.err()).startsWith("changetrail: ").doesNotContain("Exception");
  }

  private static Run jarAs(Path workDir, String who, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("java", "-jar", jar().toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("ct-out", ".txt");
    Path err = Files.createTempFile("ct-err", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().put("CHANGETRAIL_USER", who + " <" + who.toLowerCase() + "@example.com>");
    Process process = builder.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void aDeploymentKilledHalfwayShowsAsInterruptedNeverSucceeded() throws Exception {
    TestRepo repo = TestRepo.tradingSystem(dir);
    repo.file(
            "deploy/slow.yml",
            "steps:\n  - {name: slow step, run: 'echo started; sleep 60', timeout: 5m}\n")
        .commit("CONFIGURATION: slow runbook");
    repo.branch("feature")
        .file("order-router/src/main/java/acme/Router.java", "class Router {int x;}\n")
        .commit(
            "BUGFIX: router field\n\n## Context and Rationale\nThe router needs a field.\n\n"
                + "## Changes Made\n- a field\n\n## Impact Assessment\norder-router only.\n\n"
                + "## Testing and Verification\n- ✅ RouterTest\n");
    Run created = jarAs(dir, "Alice", "change", "new");
    assertThat(created.exitCode()).as(created.err()).isZero();
    java.util.regex.Matcher id =
        java.util.regex.Pattern.compile("CHG-\\d{8}-[0-9A-Z]{4}").matcher(created.out());
    assertThat(id.find()).isTrue();
    String change = id.group();
    assertThat(jarAs(dir, "Bob", "approve", change).exitCode()).isZero();

    Path out = Files.createTempFile("deploy", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(
                "java",
                "-jar",
                jar().toString(),
                "deploy",
                "run",
                change,
                "--env",
                "prod",
                "--plan",
                "deploy/slow.yml")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    builder.environment().put("CHANGETRAIL_USER", "Carol <carol@example.com>");
    Process deploy = builder.start();
    long deadline = System.currentTimeMillis() + 60_000;
    while (!Files.readString(out).contains("started") && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    List<ProcessHandle> children = deploy.descendants().toList();
    deploy.destroyForcibly(); // SIGKILL: no chance to record anything more
    deploy.waitFor(10, TimeUnit.SECONDS);
    children.forEach(ProcessHandle::destroyForcibly);

    Run show = jarAs(dir, "Dave", "deploy", "show", change);
    assertThat(show.exitCode()).as(show.err()).isZero();
    assertThat(show.out()).contains("INTERRUPTED").doesNotContain("SUCCEEDED:");
    Run status = jarAs(dir, "Dave", "change", "show", change, "--format", "json");
    assertThat(status.out()).contains("\"status\" : \"FAILED\"", "interrupted");
    Run verify = jarAs(dir, "Dave", "verify", change);
    assertThat(verify.exitCode()).isEqualTo(14);
  }

  private static Run jarWithUser(Path workDir, String user, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("java", "-jar", jar().toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("ct-out", ".txt");
    Path err = Files.createTempFile("ct-err", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().put("CHANGETRAIL_USER", user);
    Process process = builder.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** Issue 11: CHANGETRAIL_USER spellings of one person are one approval; non-users are refused. */
  @Test
  void changetrailUserSpellingsOfOnePersonAreOneApprovalAndNonUsersAreRefused() throws Exception {
    TestRepo repo = TestRepo.tradingSystem(dir);
    repo.file("changetrail.yml", "approvals:\n  required: {LOW: 2, MEDIUM: 2, HIGH: 2}\n")
        .commit("CONFIGURATION: two approvals");
    repo.branch("feature")
        .file("order-router/src/main/java/acme/Router.java", "class Router {int y;}\n")
        .commit(
            "BUGFIX: router field\n\n## Context and Rationale\nThe router needs a field.\n\n"
                + "## Changes Made\n- a field\n\n## Impact Assessment\norder-router only.\n\n"
                + "## Testing and Verification\n- ✅ RouterTest\n\n"
                + "## Rollback Procedure\n1. Redeploy.\n");
    Run created = jarAs(dir, "Alice", "change", "new");
    java.util.regex.Matcher id =
        java.util.regex.Pattern.compile("CHG-\\d{8}-[0-9A-Z]{4}").matcher(created.out());
    assertThat(id.find()).as(created.err()).isTrue();
    String change = id.group();

    Run bare = jarWithUser(dir, "rita", "approve", change);
    assertThat(bare.exitCode()).isEqualTo(7);
    assertThat(bare.err()).contains("has no email");
    assertThat(jarWithUser(dir, "Rita Risk <rita@example.com>", "approve", change).exitCode())
        .isZero();
    Run again = jarWithUser(dir, "rita@EXAMPLE.com", "approve", change);
    assertThat(again.exitCode()).isEqualTo(14);
    assertThat(again.err()).contains("has already approved");

    Run added =
        jarWithUser(
            dir,
            "Ada <ada@example.com>",
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
    Run mallory = jarWithUser(dir, "mallory", "approve", change);
    assertThat(mallory.exitCode()).isEqualTo(14);
    assertThat(mallory.err()).contains("'mallory' is not a user of this ledger");
    Run byName = jarWithUser(dir, "rita", "approve", change);
    assertThat(byName.exitCode()).isEqualTo(14);
    assertThat(byName.err()).contains("has already approved");
    Run status = jarAs(dir, "Dave", "change", "show", change, "--format", "json");
    assertThat(status.out()).contains("\"status\" : \"ASSESSED\"");
  }

  @Test
  void launcherScriptRunsFromAnyFolder() throws Exception {
    Path launcher = Path.of("changetrail").toAbsolutePath();
    TestRepo.tradingSystem(dir)
        .file("common/src/main/java/acme/Money.java", "class Money {int c;}\n")
        .stage();
    Run run =
        run(dir.resolve("common"), List.of(launcher.toString(), "assess", "-m", "BUGFIX: cents"));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Change type          BUGFIX", "indirect  order-router");
    Run version = run(dir, List.of(launcher.toString(), "--version"));
    assertThat(version.out()).startsWith("changetrail ");
  }

  @Test
  void aLongEachRangeShowsItsProgressOnATerminalAndNotInAPipe() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/script")), "util-linux script (a pseudo-terminal)");
    TestRepo repo = TestRepo.tradingSystem(dir);
    for (int i = 1; i <= 60; i++) {
      repo.file("common/src/main/java/acme/Money.java", "class Money { int v" + i + "; }\n")
          .commit("BUGFIX: money " + i);
    }
    Path out = dir.resolve("each.jsonl");
    // standard error on a pseudo-terminal, standard output to a file
    String command =
        "java -jar '"
            + jar()
            + "' assess --range HEAD~55..HEAD --each --format json > '"
            + out
            + "'";
    Run terminal = run(dir, List.of("/usr/bin/script", "-qec", command, "/dev/null"));
    assertThat(terminal.exitCode()).as(terminal.err()).isZero();
    assertThat(terminal.out()).contains("assessed 50 commits");
    assertThat(Files.readAllLines(out)).hasSize(55).allMatch(line -> line.startsWith("{"));

    Run piped = jar(dir, "assess", "--range", "HEAD~55..HEAD", "--each", "--format", "json");
    assertThat(piped.exitCode()).isZero();
    assertThat(piped.err()).doesNotContain("assessed");
    assertThat(piped.out().strip().split("\n")).hasSize(55);
  }
}
