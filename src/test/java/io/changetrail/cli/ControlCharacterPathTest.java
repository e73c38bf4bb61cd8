package io.changetrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.changetrail.testing.Cli;
import io.changetrail.testing.TestRepo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newline or an escape sequence in a file name neither takes the file out of its system (which
 * lowered the risk and slipped past --fail-on) nor reaches the terminal raw.
 */
class ControlCharacterPathTest {
  @TempDir Path dir;

  @Test
  void aNewlineInAFileNameKeepsTheFileInItsSystemAndItsRisk() throws Exception {
    JsonNode plain = assess(dir.resolve("plain"), "order-router/src/main/java/acme/Limits.java");
    JsonNode newline =
        assess(dir.resolve("newline"), "order-router/src/main/java/acme/Lim\nits.java");
    assertThat(newline.at("/risk/level").asText()).isEqualTo(plain.at("/risk/level").asText());
    assertThat(newline.at("/risk/score").asInt()).isEqualTo(plain.at("/risk/score").asInt());
    assertThat(systems(newline)).isEqualTo(systems(plain)).contains("order-router");
    assertThat(systems(newline)).doesNotContain("(unassigned)");
  }

  @Test
  void controlCharactersInNamesAreEscapedOnOutput() {
    TestRepo repo = TestRepo.tradingSystem(dir.resolve("esc"));
    repo.file("order-router/src/main/java/acme/Lim\nits.java", "class L {}\n")
        .file("order-router/src/main/java/acme/E\u001b[31mvil.java", "class E {}\n")
        .commit("ENHANCEMENT: two files");
    for (String format : new String[] {"text", "markdown"}) {
      Cli.Result result = Cli.run(repo.root(), "assess", "--commit", "HEAD", "--format", format);
      assertThat(result.exitCode()).as(result.err()).isZero();
      assertThat(result.out()).doesNotContain("\u001b");
      if (format.equals("text")) {
        assertThat(result.out()).contains("Lim\\nits.java", "E\\x1B[31mvil.java");
      }
      assertThat(result.out().lines()).noneMatch(line -> line.startsWith("its.java"));
    }
  }

  private static JsonNode assess(Path root, String path) throws Exception {
    TestRepo repo = TestRepo.tradingSystem(root);
    repo.file(path, "class Limits { long max = 1; }\n").commit("ENHANCEMENT: limits holder");
    Cli.Result result = Cli.run(repo.root(), "assess", "--commit", "HEAD", "--format", "json");
    assertThat(result.exitCode()).as(result.err()).isZero();
    return new ObjectMapper().readTree(result.out());
  }

  private static String systems(JsonNode assessment) {
    StringBuilder names = new StringBuilder();
    assessment
        .at("/systems/affected")
        .forEach(s -> names.append(s.path("name").asText()).append(','));
    return names.toString();
  }
}
