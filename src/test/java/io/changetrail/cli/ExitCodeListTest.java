package io.changetrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.testing.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exit codes are listed once (ExitCode); --help and README's table say the same codes. */
class ExitCodeListTest {
  @TempDir Path dir;

  private static Set<Integer> enumCodes() {
    Set<Integer> codes = new TreeSet<>();
    for (ExitCode exit : ExitCode.values()) {
      codes.add(exit.code());
    }
    return codes;
  }

  @Test
  void helpListsEveryExitCodeWithItsMeaningFromTheEnum() {
    Cli.Result help = Cli.run(dir, "--help");
    assertThat(help.exitCode()).isZero();
    String list = help.out().substring(help.out().indexOf("Exit codes:"));
    String flat = list.replaceAll("\\s+", " ");
    for (ExitCode exit : ExitCode.values()) {
      assertThat(flat).contains(exit.code() + " " + exit.meaning().replaceAll("\\s+", " "));
    }
    Set<Integer> listed = new TreeSet<>();
    Matcher code = Pattern.compile("(?m)^\\s+(\\d+)\\s").matcher(list);
    while (code.find()) {
      listed.add(Integer.parseInt(code.group(1)));
    }
    assertThat(listed).isEqualTo(enumCodes());
  }

  @Test
  void readmeTableHasExactlyTheEnumsCodes() throws Exception {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    Set<Integer> listed = new TreeSet<>();
    Matcher row = Pattern.compile("(?m)^\\| (\\d+) \\| ").matcher(readme);
    while (row.find()) {
      listed.add(Integer.parseInt(row.group(1)));
    }
    assertThat(listed).isEqualTo(enumCodes());
  }
}
