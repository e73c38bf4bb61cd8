package io.changetrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.testing.Cli;
import io.changetrail.testing.TestRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command that takes --range reads it the same way. */
class OneRangeGrammarTest {
  @TempDir Path dir;

  @Test
  void aRevisionWithItsWholeHistoryIsARangeForEveryCommand() {
    TestRepo repo = TestRepo.init(dir);
    repo.file("router/Router.java", "class Router {}\n")
        .commit("FEATURE: the router\n\n## Context and Rationale\nA router.\n");
    repo.file("router/Router.java", "class Router { int v; }\n")
        .commit("BUGFIX: venues counted\n\n## Context and Rationale\nWrong count.\n");

    Cli.Result assess = Cli.run(dir, "assess", "--range", "HEAD");
    assertThat(assess.exitCode()).as(assess.err()).isZero();
    assertThat(assess.out()).contains("Assessment of range HEAD", "+1 more commit(s)");

    Cli.Result lint = Cli.run(dir, "lint", "--range", "HEAD");
    assertThat(lint.exitCode()).as(lint.err()).isIn(0, 1);
    assertThat(lint.err()).doesNotContain("not a range");

    Cli.Result changelog = Cli.run(dir, "changelog", "--range", "HEAD");
    assertThat(changelog.exitCode()).as(changelog.err()).isZero();

    Cli.Result registered = Cli.run(dir, "change", "new", "--range", "HEAD");
    assertThat(registered.exitCode()).as(registered.err()).isZero();
    assertThat(registered.out()).contains("CHG-");
    Cli.Result shown = Cli.run(dir, "change", "list");
    assertThat(shown.exitCode()).as(shown.err()).isZero();

    Cli.Result bad = Cli.run(dir, "change", "new", "--range", "a..b..c");
    assertThat(bad.exitCode()).isEqualTo(7);
    assertThat(bad.err()).contains("is not a range", "whole history");
  }

  @Test
  void threeDotsMeanSinceItLeftForLintAndChangelogAsForAssess() {
    TestRepo repo = TestRepo.init(dir);
    repo.file("a.txt", "a\n").commit("GENERAL: base");
    repo.branch("topic").file("b.txt", "b\n").commit("FEATURE: topic work");
    repo.checkout("main").file("c.txt", "c\n").commit("BUGFIX: main work");
    String md = Cli.run(dir, "changelog", "--range", "main...topic").out();
    assertThat(md).contains("topic work").doesNotContain("main work");
  }
}
