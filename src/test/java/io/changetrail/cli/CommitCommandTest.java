package io.changetrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.testing.TestRepo;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitCommandTest {
  @TempDir Path dir;
  TestRepo repo;
  String out;

  @BeforeEach
  void repository() {
    repo = TestRepo.init(dir);
    repo.file("README.md", "x\n").commit("GENERAL: initial import");
    repo.file("router/Router.java", "class Router {}\n").stage();
  }

  private int run(String... args) {
    StringWriter writer = new StringWriter();
    String[] full = new String[args.length + 2];
    full[0] = "-C";
    full[1] = dir.toString();
    System.arraycopy(args, 0, full, 2, args.length);
    int code = Main.run(new PrintWriter(writer), new PrintWriter(writer), full);
    out = writer.toString();
    return code;
  }

  @Test
  void nonInteractiveCommitWithEverythingThePlanNeeds() {
    int code =
        run(
            "commit",
            "--no-interactive",
            "-m",
            "BUGFIX: stop routing orders to halted venues",
            "--context",
            "Orders were routed during the 14:02 halt.",
            "--test",
            "RouterTest");
    assertThat(code).as(out).isZero();
    String message = repo.git("log", "-1", "--format=%B");
    assertThat(message)
        .startsWith("BUGFIX: stop routing orders to halted venues")
        .contains("## Context and Rationale\nOrders were routed during the 14:02 halt.")
        .contains("### router")
        .contains("- ✅ RouterTest");
  }

  @Test
  void anIncompleteDocumentIsNotCommittedAndTheDraftIsKept() {
    int code = run("commit", "--no-interactive", "-m", "BUGFIX: stop routing to halted venues");
    assertThat(code).isEqualTo(1);
    assertThat(out).contains("doc.context-and-rationale").contains("CHANGETRAIL_EDITMSG");
    assertThat(repo.git("rev-list", "--count", "HEAD").strip()).isEqualTo("1");
    assertThat(dir.resolve(".git/CHANGETRAIL_EDITMSG")).exists();
  }

  @Test
  void guidedCommitAsksForWhatThePlanRequires() {
    String answers =
        String.join(
            "\n",
            "stop routing orders to halted venues",
            "Orders for XLON were routed during the 14:02 halt.",
            "",
            "y",
            "n",
            "no test was added: covered by SmartOrderRouterTest",
            "y SmartOrderRouterTest",
            "",
            "y",
            "");
    InputStream original = System.in;
    System.setIn(new ByteArrayInputStream(answers.getBytes(StandardCharsets.UTF_8)));
    try {
      int code = run("commit", "--answers-from-stdin");
      assertThat(code).as(out).isZero();
    } finally {
      System.setIn(original);
    }
    assertThat(out).contains("The documentation plan asks for:", "Context and Rationale");
    assertThat(repo.git("log", "-1", "--format=%B"))
        .contains("stop routing orders to halted venues", "- ✅ SmartOrderRouterTest");
  }

  @Test
  void withoutATerminalNothingIsAskedAndNoEditorStarts() throws Exception {
    Path marker = dir.resolve("editor-started");
    Path editor = dir.resolve("editor.sh");
    java.nio.file.Files.writeString(editor, "#!/bin/sh\ntouch '" + marker + "'\n");
    editor.toFile().setExecutable(true);
    repo.git("config", "core.editor", editor.toString());
    InputStream original = System.in;
    System.setIn(new ByteArrayInputStream(new byte[0]));
    try {
      int code = run("commit");
      assertThat(code).as(out).isEqualTo(7);
    } finally {
      System.setIn(original);
    }
    assertThat(out).contains("not a terminal", "--no-interactive", "--file");
    assertThat(marker).as("no editor was started").doesNotExist();
    assertThat(repo.git("log", "--oneline").lines().count()).as("nothing committed").isEqualTo(1);
  }

  @Test
  void theEditorIsUsedWhenAsked() throws Exception {
    Path editor = dir.resolve("editor.sh");
    java.nio.file.Files.writeString(
        editor, "#!/bin/sh\ncat > \"$1\" <<'MSG'\n" + LintCommandTest.GOOD + "MSG\n");
    editor.toFile().setExecutable(true);
    repo.git("config", "core.editor", editor.toString());
    int code = run("commit", "--no-interactive", "--editor");
    assertThat(code).as(out).isZero();
    assertThat(repo.git("log", "-1", "--format=%s").strip())
        .isEqualTo("BUGFIX: stop routing orders to halted venues");
  }
}
