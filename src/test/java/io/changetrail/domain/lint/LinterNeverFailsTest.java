package io.changetrail.domain.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.domain.assess.ChangeType;
import io.changetrail.domain.assess.DocumentationPlan;
import io.changetrail.domain.assess.Level;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The linter is total: whatever the input, it returns a report. */
class LinterNeverFailsTest {
  private static final DocumentationPlan PLAN =
      DocumentationPlan.plan(ChangeType.INTEGRATION, Level.HIGH, Level.HIGH);

  private static LintReport lint(String text, Optional<Character> commentChar) {
    return new Linter(LintConfig.defaults())
        .lint(new LintInput("fuzz", text, false, false, PLAN, "test", commentChar));
  }

  @Property(tries = 1000)
  void anyStringIsLinted(@ForAll("messages") String text, @ForAll boolean strip) {
    LintReport report = lint(text, strip ? Optional.of('#') : Optional.empty());
    assertThat(report).isNotNull();
    report.findings().forEach(f -> assertThat(f.line()).isBetween(0, text.length() + 2));
  }

  @Property(tries = 500)
  void anyBytesDecodedAsUtf8AreLinted(@ForAll byte[] bytes) {
    assertThat(lint(new String(bytes, StandardCharsets.UTF_8), Optional.empty())).isNotNull();
  }

  @Provide
  Arbitrary<String> messages() {
    Arbitrary<String> fragments =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(40),
            Arbitraries.of(
                "\n",
                "\r\n",
                "\r",
                "## ",
                "### ",
                "## Context and Rationale\n",
                "## Testing and Verification\n",
                "- ✅ ",
                "- ❌ ",
                "- [ ] ",
                "```\n",
                "FEATURE: ",
                "feat(x)!: ",
                "Refs: A-1\n",
                "\n\n",
                "TODO",
                "# comment\n",
                "\uFEFF",
                "\uD800",
                "Merge branch 'x'",
                "Revert \"",
                "fixup! ",
                ":",
                "(",
                ")",
                "!"));
    return fragments.list().ofMaxSize(60).map(list -> String.join("", list));
  }

  @Test
  void hugeMessagesAreCutAndReported() {
    String huge = "FEATURE: x\n\n## Context and Rationale\n" + "line of text\n".repeat(200_000);
    LintReport report = lint(huge, Optional.empty());
    assertThat(report.findings()).extracting(Finding::rule).contains("message.size");
  }
}
