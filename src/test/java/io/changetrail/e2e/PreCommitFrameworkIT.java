package io.changetrail.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's .pre-commit-hooks.yaml run by the real pre-commit framework (Debian's package,
 * 3.0.4 in Debian 12), with the packaged jar as {@code changetrail} on the PATH: the commit-msg
 * hook refuses an undocumented message and lets a documented one through; the pre-push hook lets a
 * first push to a remote with no tracking refs through and stops an undocumented commit. Skipped
 * without pre-commit unless {@code CHANGETRAIL_REQUIRE_PRECOMMIT=1} (set by .ci/run).
 */
class PreCommitFrameworkIT {
  private static final String DOCUMENTED =
      "GENERAL: a readme for the router\n\n"
          + "## Context and Rationale\nNew people need it.\n\n"
          + "## Changes Made\n- README\n\n"
          + "## Impact Assessment\nNone: documentation only.\n\n"
          + "## Testing and Verification\n- ✅ read it through\n";

  @TempDir Path dir;
  Path bin;
  Path work;

  record Run(int code, String output) {}

  @BeforeEach
  void framework() throws Exception {
    boolean installed = run(dir, "pre-commit", "--version").code() == 0;
    if (!installed && "1".equals(System.getenv("CHANGETRAIL_REQUIRE_PRECOMMIT"))) {
      throw new AssertionError("pre-commit is required (CHANGETRAIL_REQUIRE_PRECOMMIT=1)");
    }
    assumeTrue(installed, "pre-commit is not installed (Debian: apt-get install pre-commit)");
    bin = Files.createDirectories(dir.resolve("bin"));
    Path jar =
        Path.of(System.getProperty("changetrail.jar", "target/changetrail.jar")).toAbsolutePath();
    Path launcher = bin.resolve("changetrail");
    Files.writeString(launcher, "#!/bin/sh\nexec java -jar '" + jar + "' \"$@\"\n");
    launcher.toFile().setExecutable(true);

    Path hooks = Files.createDirectories(dir.resolve("hooks"));
    Files.copy(Path.of(".pre-commit-hooks.yaml"), hooks.resolve(".pre-commit-hooks.yaml"));
    git(hooks, "init", "-q");
    git(hooks, "add", "-A");
    git(hooks, "commit", "-q", "-m", "hooks");
    String rev = git(hooks, "rev-parse", "HEAD").output().strip();

    work = Files.createDirectories(dir.resolve("work"));
    git(work, "init", "-q", "-b", "main");
    Files.writeString(
        work.resolve(".pre-commit-config.yaml"),
        "repos:\n  - repo: "
            + hooks
            + "\n    rev: "
            + rev
            + "\n    hooks:\n      - id: changetrail-lint\n      - id: changetrail-lint-push\n");
    Run install =
        run(work, "pre-commit", "install", "--hook-type", "commit-msg", "--hook-type", "pre-push");
    assertThat(install.code()).as(install.output()).isZero();
  }

  @Test
  void commitMsgHookRefusesAnUndocumentedMessageAndAcceptsADocumentedOne() throws Exception {
    Files.writeString(work.resolve("README.md"), "# router\n");
    git(work, "add", "-A");
    Run bad = git(work, "commit", "-q", "-m", "fixed stuff");
    assertThat(bad.code()).as(bad.output()).isNotZero();
    assertThat(bad.output()).contains("does not pass lint");
    Run good = commit(DOCUMENTED);
    assertThat(good.code()).as(good.output()).isZero();
    assertThat(good.output()).contains("ChangeTrail lint (change document)").contains("Passed");
  }

  @Test
  void prePushHookLetsAFirstPushThroughAndStopsAnUndocumentedCommit() throws Exception {
    Files.writeString(work.resolve("README.md"), "# router\n");
    git(work, "add", "-A");
    assertThat(commit(DOCUMENTED).code()).isZero();
    Path remote = dir.resolve("remote.git");
    git(dir, "init", "-q", "--bare", remote.toString());
    git(work, "remote", "add", "origin", remote.toString());

    Run first = git(work, "push", "origin", "main");
    assertThat(first.code()).as("a first push, no tracking refs: " + first.output()).isZero();
    assertThat(first.output()).contains("ChangeTrail lint (commits pushed)").contains("Passed");

    git(work, "commit", "-q", "--allow-empty", "--no-verify", "-m", "wip");
    Run undocumented = git(work, "push", "origin", "main");
    assertThat(undocumented.code()).as(undocumented.output()).isNotZero();
    assertThat(undocumented.output()).contains("1 failed");
    assertThat(git(remote, "rev-list", "--count", "main").output().strip()).isEqualTo("1");
  }

  private Run commit(String message) throws Exception {
    Path file = dir.resolve("message.txt");
    Files.writeString(file, message, StandardCharsets.UTF_8);
    return git(work, "commit", "-q", "-F", file.toString());
  }

  private Run git(Path where, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    return run(where, command.toArray(String[]::new));
  }

  private Run run(Path where, String... command) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(where.toFile()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    if (bin != null) {
      env.put("PATH", bin + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
    }
    env.put("PRE_COMMIT_HOME", dir.resolve("pre-commit-cache").toString());
    env.put("GIT_TERMINAL_PROMPT", "0");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return new Run(127, e.getMessage());
    }
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), output);
  }
}
