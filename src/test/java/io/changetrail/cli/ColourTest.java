package io.changetrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.testing.Cli;
import io.changetrail.testing.TestRepo;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColourTest {
  @TempDir Path dir;

  @Test
  void colourOnlyOnATerminalWithoutNoColorOrAFlag() {
    assertThat(Colour.enabled("auto", Map.of(), true, "assess")).isTrue();
    assertThat(Colour.enabled("auto", Map.of(), false, "assess")).as("piped").isFalse();
    assertThat(Colour.enabled("auto", Map.of("NO_COLOR", "1"), true, "assess")).isFalse();
    assertThat(Colour.enabled("auto", Map.of("NO_COLOR", ""), true, "assess"))
        .as("an empty NO_COLOR is unset (no-color.org)")
        .isTrue();
    assertThat(Colour.enabled("auto", Map.of("TERM", "dumb"), true, "assess")).isFalse();
    assertThat(Colour.enabled("auto", Map.of(), true, "assess", "--format", "json")).isFalse();
    assertThat(Colour.enabled("auto", Map.of(), true, "assess", "--format=markdown")).isFalse();
    assertThat(Colour.enabled("never", Map.of(), true, "assess")).isFalse();
    assertThat(Colour.enabled("always", Map.of("NO_COLOR", "1"), false, "assess"))
        .as("a flag wins over NO_COLOR")
        .isTrue();
    assertThat(Colour.enabled("always", Map.of(), true, "assess", "--format", "json")).isFalse();
    assertThat(Colour.mode("assess", "--no-color")).isEqualTo("never");
    assertThat(Colour.mode("--color=always", "assess")).isEqualTo("always");
    assertThat(Colour.mode("lint", "-m", "x", "--", "--no-color")).isEqualTo("auto");
  }

  @Test
  void riskLevelsAndVerdictsArePaintedAndNothingElse() {
    String painted =
        Colour.paint("Risk                 HIGH (score 130)\n  ✘ tests: FAILED\nLOWER\n");
    assertThat(painted)
        .contains("\u001B[1m\u001B[31mHIGH\u001B[0m")
        .contains("FAILED\u001B[0m")
        .contains("LOWER\n")
        .doesNotContain("\u001B[32mLOW");
  }

  @Test
  void theCommandLinePaintsWithColorAlwaysAndNotWhenCapturedOrAskedNot() {
    TestRepo repo = TestRepo.init(dir);
    repo.file("a/A.java", "class A {}\n").commit("FEATURE: a");
    String always = Cli.run(dir, "assess", "--commit", "HEAD", "--color", "always").out();
    assertThat(always).contains("\u001B[").contains("LOW\u001B[0m");
    String captured = Cli.run(dir, "assess", "--commit", "HEAD").out();
    assertThat(captured).doesNotContain("\u001B[").contains("LOW");
    assertThat(Cli.run(dir, "--no-color", "assess", "--commit", "HEAD").out())
        .doesNotContain("\u001B[");
    assertThat(
            Cli.run(dir, "assess", "--commit", "HEAD", "--format", "json", "--color", "never")
                .out())
        .doesNotContain("\u001B[");
    Cli.Result bad = Cli.run(dir, "assess", "--color", "sometimes");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--color takes auto, always or never");
  }
}
