package io.changetrail.domain.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class FileKindTest {
  /** The test-name rule as it was written before it became string checks. */
  private static final Pattern TEST_NAME =
      Pattern.compile(
          ".*(test|tests|it)\\.(java|kt|scala|groovy)|.*\\.(test|spec)\\.[jt]sx?|test_.*\\.py|.*_test\\.py",
          Pattern.DOTALL);

  @Test
  void testNamesOfTheCommonToolsAreTests() {
    assertThat(FileKind.of("src/OrderTest.java")).isEqualTo(FileKind.TEST);
    assertThat(FileKind.of("lib/RouterIT.kt")).isEqualTo(FileKind.TEST);
    assertThat(FileKind.of("web/app.spec.tsx")).isEqualTo(FileKind.TEST);
    assertThat(FileKind.of("py/test_limits.py")).isEqualTo(FileKind.TEST);
    assertThat(FileKind.of("py/limits_test.py")).isEqualTo(FileKind.TEST);
    assertThat(FileKind.of("src/Contest.txt")).isEqualTo(FileKind.PRODUCTION);
    assertThat(FileKind.of("src/Unit.java")).isEqualTo(FileKind.TEST); // ends in "it", as before
  }

  @Property(tries = 5000)
  void testNameChecksAgreeWithTheRegularExpression(@ForAll("names") String name) {
    assertThat(FileKind.isTestName(name)).as(name).isEqualTo(TEST_NAME.matcher(name).matches());
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.of(
            "test", "tests", "it", "_", ".", "java", "kt", "scala", "groovy", "js", "ts", "jsx",
            "tsx", "py", "spec", "x", "te", "st")
        .list()
        .ofMinSize(0)
        .ofMaxSize(6)
        .map(parts -> String.join("", parts));
  }
}
