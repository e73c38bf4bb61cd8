package io.changetrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.changetrail.testing.TestRepo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangelogCommandTest {
  @TempDir Path dir;
  TestRepo repo;
  String base;

  @BeforeEach
  void history() {
    repo = TestRepo.init(dir);
    repo.file(
        "changetrail.yml",
        """
        systems:
          order-router: {paths: ["router/**"], tier: 1}
          risk-engine: {paths: ["risk/**"], tier: 1}
        changelog:
          ticket_url: https://jira.example.com/browse/{ticket}
          commit_url: https://git.example.com/trading/commit/{sha}
        """);
    base = repo.commit("GENERAL: initial import").head();
    repo.git("tag", "v1.0.0");
    repo.file("router/A.java", "a\n")
        .commit("BUGFIX: stop routing to halted venues\n\nRefs: RISK-42\n");
    repo.file("risk/B.java", "b\n")
        .commit("feat(risk)!: intraday limits <script>alert(1)</script>\n");
    repo.file("router/C.java", "c\n")
        .commit(
            "FEATURE: venue toggles (#12)\n\n* FEATURE: per-venue kill switch\n* BUGFIX: reset on"
                + " reconnect TRD-7\n");
    repo.git("checkout", "-q", "-b", "side");
    repo.file("risk/D.java", "d\n").commit("CLEANUP: drop the legacy limit loader");
    repo.git("checkout", "-q", "main");
    repo.git("merge", "-q", "--no-ff", "--no-edit", "side");
  }

  private String run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] full = new String[args.length + 2];
    full[0] = "-C";
    full[1] = dir.toString();
    System.arraycopy(args, 0, full, 2, args.length);
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), full);
    assertThat(code).as(err.toString()).isZero();
    return out.toString();
  }

  @Test
  void releaseChangelogIsKeepAChangelogWithBreakingChangesFirstAndGroupedBySystem() {
    String markdown = run("changelog", "--since-tag");
    assertThat(markdown).contains("## [Unreleased] - ");
    assertThat(markdown.indexOf("### ⚠ Breaking changes"))
        .isLessThan(markdown.indexOf("### Added"));
    assertThat(markdown.indexOf("### Added")).isLessThan(markdown.indexOf("### Removed"));
    assertThat(markdown.indexOf("### Removed")).isLessThan(markdown.indexOf("### Fixed"));
    assertThat(markdown)
        .contains("#### order-router")
        .contains("- per-venue kill switch")
        .contains("- reset on reconnect TRD-7 ([TRD-7](https://jira.example.com/browse/TRD-7))")
        .contains("([RISK-42](https://jira.example.com/browse/RISK-42))")
        .contains("](https://git.example.com/trading/commit/")
        .contains("drop the legacy limit loader")
        .doesNotContain("venue toggles (#12)")
        .doesNotContain("Merge branch");
  }

  @Test
  void jsonAndHtmlFormats() throws Exception {
    JsonNode json =
        new ObjectMapper()
            .readTree(run("changelog", "--range", "v1.0.0..HEAD", "--format", "json"));
    assertThat(json.get("releases")).hasSize(1);
    assertThat(json.at("/releases/0/entries")).hasSize(5);
    assertThat(json.get("commits").asInt()).isEqualTo(5);
    String html = run("changelog", "--range", "v1.0.0..HEAD", "--format", "html");
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<h3>Added</h3>");
    assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;");
  }

  @Test
  void pathLimitsTheChangelogToOneSystem() {
    String markdown = run("changelog", "--range", "v1.0.0..HEAD", "--path", "risk/");
    assertThat(markdown).contains("intraday limits").doesNotContain("halted venues");
  }

  @Test
  void oneChangeGetsTheComprehensiveChangelog() {
    String markdown = run("changelog", "--commit", "v1.0.0");
    assertThat(markdown).startsWith("# GENERAL: initial import").contains("## Impact Assessment");
  }

  @Test
  void anUnknownRangeIsAClearError() {
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            "-C",
            dir.toString(),
            "changelog",
            "--range",
            "v9..HEAD");
    assertThat(code).isEqualTo(4);
    assertThat(err.toString()).contains("v9..HEAD").doesNotContain("Exception");
  }
}
