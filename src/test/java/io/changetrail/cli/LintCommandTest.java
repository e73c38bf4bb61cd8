package io.changetrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.testing.TestRepo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LintCommandTest {
  static final String GOOD =
      """
      BUGFIX: stop routing orders to halted venues

      ## Context and Rationale
      Orders for XLON were routed during the 14:02 halt.

      ## Changes Made
      ### order-router
      - SmartOrderRouter checks the venue status

      ## Impact Assessment
      Risk LOW; order-router; rollback complexity LOW.

      ## Testing and Verification
      - ✅ SmartOrderRouterTest.rejectsOrdersForHaltedVenues
      """;

  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void aGoodMessagePassesAndABadOneFailsWithRuleIds() throws Exception {
    TestRepo repo = TestRepo.init(dir);
    repo.file("README.md", "x\n").commit("GENERAL: initial import");
    Files.writeString(dir.resolve("good.txt"), GOOD);
    Files.writeString(dir.resolve("bad.txt"), "fixed stuff\n");

    assertThat(run("-C", dir.toString(), "lint", "--file", "good.txt").code()).isZero();
    Run bad = run("-C", dir.toString(), "lint", "--file", "bad.txt", "--format", "json");
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.out()).contains("\"rule\":\"message.minimal\"", "\"rule\":\"doc.changes-made\"");
  }

  @Test
  void aMissingFileIsInvalidInputAndAnUnknownRangeIsNamed() {
    TestRepo repo = TestRepo.init(dir);
    repo.file("README.md", "x\n").commit("GENERAL: initial import");
    Run missing = run("-C", dir.toString(), "lint", "--file", "nope.txt");
    assertThat(missing.code()).isEqualTo(7);
    assertThat(missing.err()).contains("nope.txt does not exist").doesNotContain("Exception");
    Run range = run("-C", dir.toString(), "lint", "--range", "v9..HEAD");
    assertThat(range.code()).isEqualTo(4);
    assertThat(range.err()).contains("v9..HEAD");
  }

  @Test
  void everyCommitOfARangeIsLintedAgainstItsOwnDiff() {
    TestRepo repo = TestRepo.init(dir);
    String base = repo.file("README.md", "x\n").commit("GENERAL: initial import").head();
    repo.file("router/Router.java", "class Router {}\n").commit(GOOD);
    repo.file("router/Router.java", "class Router { int x; }\n").commit("wip");
    repo.git("checkout", "-q", "-b", "side", "HEAD~1");
    repo.file("other.txt", "y\n").commit(GOOD);
    repo.git("checkout", "-q", "main");
    repo.git("merge", "-q", "--no-ff", "--no-edit", "side");

    Run result = run("-C", dir.toString(), "lint", "--range", base + "..HEAD");
    assertThat(result.code()).isEqualTo(1);
    assertThat(result.out())
        .contains("skipped (merge commits")
        .contains("message.minimal")
        .contains("4 commit(s) linted, 1 failed");
  }

  @Test
  void rulesAreConfiguredInChangetrailYml() throws Exception {
    TestRepo repo = TestRepo.init(dir);
    repo.file(
            "changetrail.yml",
            "lint:\n  rules:\n    doc.*: warning\n    header.format: off\n    message.minimal: off\n")
        .commit("GENERAL: initial import");
    Files.writeString(dir.resolve("msg.txt"), "fixed stuff\n");
    Run result = run("-C", dir.toString(), "lint", "--file", "msg.txt");
    assertThat(result.code()).isZero();
    assertThat(result.out()).contains("warning").doesNotContain("header.format");
  }

  @Test
  void anUnknownRuleInTheConfigNamesFileLineAndColumn() throws Exception {
    TestRepo repo = TestRepo.init(dir);
    repo.file("changetrail.yml", "lint:\n  rules:\n    header.formt: off\n")
        .commit("GENERAL: initial import");
    Files.writeString(dir.resolve("msg.txt"), GOOD);
    Run result = run("-C", dir.toString(), "lint", "--file", "msg.txt");
    assertThat(result.code()).isEqualTo(6);
    assertThat(result.err()).contains("changetrail.yml:3:19").contains("header.formt");
  }

  @Test
  void badInputGetsFindingsNeverACrash() throws Exception {
    TestRepo repo = TestRepo.init(dir);
    repo.file("README.md", "x\n").commit("GENERAL: initial import");
    Files.write(dir.resolve("empty.txt"), new byte[0]);
    Files.write(dir.resolve("latin1.txt"), new byte[] {'F', 'I', 'X', ':', ' ', (byte) 0xe9, '\n'});
    Files.writeString(dir.resolve("crlf.txt"), GOOD.replace("\n", "\r\n"));
    Files.writeString(dir.resolve("huge.txt"), GOOD + "- ✅ x\n".repeat(300_000));
    Files.writeString(
        dir.resolve("headeronly.txt"), "BUGFIX: stop routing orders to halted venues\n");

    Run empty = run("-C", dir.toString(), "lint", "--file", "empty.txt");
    assertThat(empty.code()).isEqualTo(1);
    assertThat(empty.out()).contains("message.empty");
    assertThat(run("-C", dir.toString(), "lint", "--file", "latin1.txt").out())
        .contains("message.encoding");
    assertThat(run("-C", dir.toString(), "lint", "--file", "crlf.txt").code()).isZero();
    assertThat(run("-C", dir.toString(), "lint", "--file", "huge.txt").out())
        .contains("message.size");
    assertThat(run("-C", dir.toString(), "lint", "--file", "headeronly.txt").out())
        .contains("doc.context-and-rationale");
  }

  @Test
  void aChangeFileIsLintedLikeAMessage() throws Exception {
    TestRepo repo = TestRepo.init(dir);
    repo.file("README.md", "x\n").commit("GENERAL: initial import");
    repo.file("changes/CHG-20261124-7K3Q.md", GOOD);
    Run result =
        run(
            "-C",
            dir.toString(),
            "lint",
            "--header-plan",
            "--file",
            "changes/CHG-20261124-7K3Q.md");
    assertThat(result.code()).as(result.out()).isZero();
  }
}
