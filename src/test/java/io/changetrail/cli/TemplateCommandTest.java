package io.changetrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.domain.document.ChangeDocument;
import io.changetrail.domain.document.ChangeDocumentParser;
import io.changetrail.domain.document.Section;
import io.changetrail.testing.TestRepo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateCommandTest {
  @TempDir Path dir;

  static final String CONFIG =
      """
      systems:
        order-router:
          paths: ["router/**"]
          tier: 1
        reporting:
          paths: ["reports/**"]
          tier: 4
      """;

  private String run(int expectedCode, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    assertThat(code).as(err.toString()).isEqualTo(expectedCode);
    return out + err.toString();
  }

  @Test
  void theTemplateIsPrefilledFromTheStagedChangeAndFailsLintUntilFilledIn() throws Exception {
    TestRepo repo = TestRepo.init(dir);
    repo.file("changetrail.yml", CONFIG).file("router/Router.java", "class Router {}\n");
    repo.commit("GENERAL: initial import");
    repo.file("router/Router.java", "class Router { boolean halted; }\n")
        .file("reports/Daily.java", "class Daily {}\n")
        .file("router/db/V2__venues.sql", "ALTER TABLE venue ADD COLUMN halted BOOLEAN;\n")
        .stage();

    String template = run(0, "-C", dir.toString(), "template", "-m", "FEATURE: halt-aware routing");
    ChangeDocument document = new ChangeDocumentParser().parse(template);
    assertThat(document.header().line()).isEqualTo("FEATURE: halt-aware routing");
    assertThat(document.section(Section.CHANGES_MADE).orElseThrow().subsections())
        .extracting(s -> s.title())
        .containsExactly("order-router", "reporting", "Integration Points");
    assertThat(document.section(Section.IMPACT_ASSESSMENT).orElseThrow().body())
        .contains(
            "Risk level:",
            "Affected systems: order-router (tier 1, direct)",
            "Rollback complexity:");
    assertThat(document.has(Section.BUSINESS_DRIVER)).isTrue();

    Files.writeString(dir.resolve("msg.txt"), template);
    String lint = run(1, "-C", dir.toString(), "lint", "--file", "msg.txt");
    assertThat(lint)
        .contains(
            "doc.context-and-rationale",
            "doc.feature-specification",
            "Feature specification documentation",
            "Integration points documentation",
            "doc.testing-and-verification");
  }

  @Test
  void nothingStagedIsAClearError() {
    TestRepo repo = TestRepo.init(dir);
    repo.file("a.txt", "a\n").commit("GENERAL: initial import");
    assertThat(run(5, "-C", dir.toString(), "template")).contains("nothing is staged");
  }
}
