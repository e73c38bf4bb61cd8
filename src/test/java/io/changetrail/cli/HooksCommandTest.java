package io.changetrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.testing.TestRepo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hooks, installed for real and run by the real git binary. */
class HooksCommandTest {
  @TempDir Path dir;
  TestRepo repo;

  @BeforeEach
  void repository() {
    repo = TestRepo.init(dir);
    repo.file("README.md", "x\n").commit("GENERAL: initial import");
  }

  private int run(String... args) {
    StringWriter out = new StringWriter();
    return Main.run(new PrintWriter(out), new PrintWriter(out), args);
  }

  private TestRepo.Attempt commit(String... args) {
    String[] full = new String[args.length + 1];
    full[0] = "commit";
    System.arraycopy(args, 0, full, 1, args.length);
    return repo.attempt(Map.of(), full);
  }

  @Test
  void commitMsgRejectsABadMessageAndAcceptsADocumentedOne() throws Exception {
    assertThat(run("-C", dir.toString(), "hooks", "install")).isZero();
    repo.file("router/Router.java", "class Router {}\n").stage();

    TestRepo.Attempt bad = commit("-q", "-m", "fixed stuff");
    assertThat(bad.code()).isNotZero();
    assertThat(bad.output()).contains("message.minimal");

    Files.writeString(dir.resolve("msg.txt"), LintCommandTest.GOOD);
    TestRepo.Attempt good = commit("-q", "-F", "msg.txt");
    assertThat(good.code()).as(good.output()).isZero();
    assertThat(repo.git("log", "-1", "--format=%B")).contains("## Testing and Verification");
  }

  @Test
  void prepareCommitMsgFillsInTheTemplateForTheEditor() throws Exception {
    assertThat(run("-C", dir.toString(), "hooks", "install")).isZero();
    repo.file("router/Router.java", "class Router {}\n").stage();
    Path editor = dir.resolve("editor.sh");
    Files.writeString(
        editor, "#!/bin/sh\ncp \"$1\" \"" + dir.resolve("captured.txt") + "\"\nexit 1\n");
    editor.toFile().setExecutable(true);

    repo.attempt(Map.of("GIT_EDITOR", editor.toString()), "commit");

    String captured = Files.readString(dir.resolve("captured.txt"));
    assertThat(captured).contains("## Context and Rationale", "### router", "; Please enter");
  }

  @Test
  void aForeignHookIsRefusedThenChainedAndRestored() throws Exception {
    Path hooks = dir.resolve(".git/hooks");
    Path marker = dir.resolve("local-hook-ran");
    Files.writeString(hooks.resolve("commit-msg"), "#!/bin/sh\ntouch '" + marker + "'\n");
    hooks.resolve("commit-msg").toFile().setExecutable(true);

    assertThat(run("-C", dir.toString(), "hooks", "install")).isEqualTo(15);
    assertThat(hooks.resolve("pre-push")).doesNotExist();

    assertThat(run("-C", dir.toString(), "hooks", "install", "--chain")).isZero();
    repo.file("a.txt", "a\n").stage();
    assertThat(commit("-q", "-m", "wip").code()).isNotZero();
    assertThat(marker).exists();

    assertThat(run("-C", dir.toString(), "hooks", "uninstall")).isZero();
    assertThat(Files.readString(hooks.resolve("commit-msg"))).contains("touch");
    assertThat(hooks.resolve("pre-push")).doesNotExist();
    assertThat(repo.attempt(Map.of(), "config", "core.commentChar").code()).isNotZero();
  }

  @Test
  void coreHooksPathIsHonoured() {
    repo.git("config", "core.hooksPath", "githooks");
    assertThat(run("-C", dir.toString(), "hooks", "install")).isZero();
    assertThat(dir.resolve("githooks/commit-msg")).exists();
    repo.file("a.txt", "a\n").stage();
    assertThat(commit("-q", "-m", "update").code()).isNotZero();
  }

  @Test
  void prePushLintsThePushedCommits() throws Exception {
    Path remote = dir.resolveSibling(dir.getFileName() + "-remote.git");
    new ProcessBuilder("git", "init", "-q", "--bare", remote.toString()).start().waitFor();
    repo.git("remote", "add", "origin", remote.toString());
    repo.git("push", "-q", "origin", "main");
    assertThat(run("-C", dir.toString(), "hooks", "install")).isZero();
    repo.file("a.txt", "a\n").commit("wip");

    TestRepo.Attempt push = repo.attempt(Map.of(), "push", "origin", "main");
    assertThat(push.code()).isNotZero();
    assertThat(push.output()).contains("message.minimal");
  }
}
