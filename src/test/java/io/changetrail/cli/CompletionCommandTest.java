package io.changetrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.testing.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Completion scripts, the bash one run by a real bash as a shell would. */
class CompletionCommandTest {
  @TempDir Path dir;

  @Test
  void bashCompletesCommandsOptionsAndTheirValues() throws Exception {
    Cli.Result script = Cli.run(dir, "completion", "bash");
    assertThat(script.exitCode()).as(script.err()).isZero();
    Path file = dir.resolve("changetrail.bash");
    Files.writeString(file, script.out(), StandardCharsets.UTF_8);
    assertThat(complete(file, "changetrail as")).contains("assess");
    assertThat(complete(file, "changetrail au")).contains("audit");
    assertThat(complete(file, "changetrail assess --fo")).contains("--format");
    assertThat(complete(file, "changetrail assess --format ")).contains("JSON", "MARKDOWN");
    assertThat(complete(file, "changetrail audit ve")).contains("verify");
  }

  @Test
  void zshAndFishScriptsNameEveryCommand() {
    Cli.Result zsh = Cli.run(dir, "completion", "zsh");
    assertThat(zsh.exitCode()).isZero();
    assertThat(zsh.out()).startsWith("#compdef changetrail").contains("bashcompinit");
    Cli.Result fish = Cli.run(dir, "completion", "fish");
    assertThat(fish.exitCode()).isZero();
    for (String command : new String[] {"assess", "lint", "approve", "deploy", "audit"}) {
      assertThat(fish.out()).contains("-a '" + command + "'");
    }
    assertThat(fish.out()).contains("__fish_seen_subcommand_from assess' -l 'format' -r");
  }

  @Test
  void anUnknownShellIsAnInputError() {
    Cli.Result result = Cli.run(dir, "completion", "tcsh");
    assertThat(result.exitCode()).isEqualTo(7);
    assertThat(result.err()).contains("bash, zsh or fish");
  }

  /** What bash's completion function offers for {@code line} (the cursor at its end). */
  private static String complete(Path script, String line) throws Exception {
    String words = line.endsWith(" ") ? line + "''" : line;
    String program =
        "source '"
            + script
            + "' 2>/dev/null; COMP_WORDS=("
            + words
            + "); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMP_LINE='"
            + line
            + "'; COMP_POINT=${#COMP_LINE}; _complete_changetrail 2>/dev/null;"
            + " printf '%s\\n' \"${COMPREPLY[@]}\"";
    Process bash = new ProcessBuilder("bash", "-c", program).redirectErrorStream(true).start();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor()).as(out).isZero();
    return out;
  }
}
