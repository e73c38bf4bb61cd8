package io.changetrail.methodology;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.cli.Main;
import io.changetrail.testing.TestRepo;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The methodology ChangeTrail implements, fed its own examples: one nested class per function and
 * example of methodology.md (a verbatim copy is in src/test/resources/methodology, since CI runs on
 * a clean clone), checking what ChangeTrail prints field by field.
 */
class MethodologyTest {
  static final String TEXT = resource("methodology/methodology.md");

  static String resource(String name) {
    try (InputStream in = MethodologyTest.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The three example commits of section 2.2, extracted as the project's before-stop probe does.
   */
  static List<String> exampleCommits() {
    List<String> heredocs = new ArrayList<>();
    Matcher h = Pattern.compile("cat <<'EOF'\n(.*?)\nEOF\n", Pattern.DOTALL).matcher(TEXT);
    while (h.find()) {
      heredocs.add(h.group(1));
    }
    Matcher v =
        Pattern.compile("git commit -m \"(VERIFICATION:.*?)\"\n", Pattern.DOTALL).matcher(TEXT);
    assertThat(v.find()).isTrue();
    return List.of(heredocs.get(0) + "\n", v.group(1) + "\n", heredocs.get(1) + "\n");
  }

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  /** Section 2.2: the git workflow's three commits, in a docs-only change. */
  @Nested
  class GitWorkflowIntegration {
    @TempDir Path dir;

    TestRepo docsOnlyRepository() {
      TestRepo repo = TestRepo.init(dir);
      repo.file("README.md", "x\n").commit("GENERAL: initial import");
      return repo;
    }

    void stageDocsChange(TestRepo repo, int i) {
      repo.file("Documentation/Development/PRODUCTION_CHANGE_MANAGEMENT.md", "v" + i + "\n")
          .stage();
    }

    @Test
    void theThreeExampleCommitsPassLint() throws Exception {
      TestRepo repo = docsOnlyRepository();
      List<String> messages = exampleCommits();
      assertThat(messages.get(0)).startsWith("FEATURE: Implement comprehensive change management");
      assertThat(messages.get(1))
          .startsWith("VERIFICATION: Validate change management integration");
      assertThat(messages.get(2)).startsWith("PRODUCTION: Complete change management methodology");
      for (int i = 0; i < 3; i++) {
        stageDocsChange(repo, i);
        Files.writeString(dir.resolve("m.txt"), messages.get(i));
        repo.git("commit", "-q", "-F", "m.txt");
        Run lint = run("-C", dir.toString(), "lint", "--commit", "HEAD");
        assertThat(lint.code()).as(lint.out() + lint.err()).isZero();
        assertThat(lint.out()).as(messages.get(i)).doesNotContain(" error ", " warning ");
      }
    }

    @Test
    void theThreeExampleCommitsPassTheInstalledCommitMsgHook() throws Exception {
      TestRepo repo = docsOnlyRepository();
      assertThat(run("-C", dir.toString(), "hooks", "install").code()).isZero();
      List<String> messages = exampleCommits();
      for (int i = 0; i < 3; i++) {
        stageDocsChange(repo, i);
        Files.writeString(dir.resolve("m.txt"), messages.get(i));
        TestRepo.Attempt commit = repo.attempt(Map.of(), "commit", "-q", "-F", "m.txt");
        assertThat(commit.code()).as(commit.output()).isZero();
      }
      assertThat(repo.git("log", "--format=%s"))
          .contains("FEATURE: Implement", "VERIFICATION: Validate", "PRODUCTION: Complete");
    }
  }

  /** A team's own words, beside the methodology's (changetrail.yml aliases). */
  @Nested
  class TeamAliases {
    @TempDir Path dir;

    @Test
    void aTeamsTypeAndSectionAliasesAreReadAndBadOnesAreNamedWithTheirPlace() throws Exception {
      TestRepo repo = TestRepo.init(dir);
      repo.file(
              "changetrail.yml",
              "aliases:\n  types:\n    STORY: FEATURE\n  sections:\n    Why: Context and Rationale\n"
                  + "    Results: Testing and Verification\n")
          .commit("GENERAL: initial import");
      Files.writeString(
          dir.resolve("m.txt"),
          "STORY: quote throttling per venue\n\n## Why\nVenues cut us off.\n\n## Changes Made\n"
              + "- throttle\n\n### Integration Points\n- the venue gateway\n\n## Impact Assessment\n"
              + "- Risk Level: LOW\n- Performance: one counter per quote\n\n## Results\n- ✅ ThrottleTest\n\n"
              + "## Business Driver\nKeep venue access.\n");
      Run lint = run("-C", dir.toString(), "lint", "--file", "m.txt", "--header-plan");
      assertThat(lint.code()).as(lint.out() + lint.err()).isZero();
      assertThat(lint.out()).doesNotContain("section.unknown", "header.type");

      repo.file("changetrail.yml", "aliases:\n  types:\n    STORY: EPIC\n");
      Run bad = run("-C", dir.toString(), "lint", "--file", "m.txt");
      assertThat(bad.code()).isNotZero();
      assertThat(bad.err()).contains("changetrail.yml:3:12", "'EPIC' is not a change type");
      repo.file("changetrail.yml", "aliases:\n  sections:\n    Why: Reasons\n");
      assertThat(run("-C", dir.toString(), "lint", "--file", "m.txt").err())
          .contains("changetrail.yml:3:10", "'Reasons' is not a section of the methodology");
    }
  }
}
