package io.changetrail.domain.lint;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.domain.assess.ChangeType;
import io.changetrail.domain.assess.DocumentationPlan;
import io.changetrail.domain.assess.Level;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LinterTest {
  private static final DocumentationPlan BASE =
      DocumentationPlan.plan(ChangeType.BUGFIX, Level.LOW, Level.LOW);
  private static final DocumentationPlan ROLLBACK_MEDIUM =
      DocumentationPlan.plan(ChangeType.BUGFIX, Level.MEDIUM, Level.MEDIUM);

  private static final String GOOD =
      """
      BUGFIX: stop routing orders to halted venues

      ## Context and Rationale
      Orders for XLON were routed during the 14:02 halt.

      ## Changes Made
      ### order-router
      - SmartOrderRouter checks the venue status

      ## Impact Assessment
      Risk LOW; order-router; rollback complexity LOW.

      ## Testing and Verification
      - ✅ SmartOrderRouterTest.rejectsOrdersForHaltedVenues
      """;

  private static LintReport lint(String text, DocumentationPlan plan) {
    return lint(text, plan, LintConfig.defaults());
  }

  private static LintReport lint(String text, DocumentationPlan plan, LintConfig config) {
    return new Linter(config)
        .lint(new LintInput("msg", text, false, false, plan, "test", Optional.empty()));
  }

  @Test
  void aCompleteDocumentPasses() {
    LintReport report = lint(GOOD, BASE);
    assertThat(report.findings()).isEmpty();
    assertThat(report.passed()).isTrue();
  }

  @Test
  void minimalMessagesAreRejected() {
    for (String message :
        new String[] {"fixed stuff", "wip", "update", "FEATURE: update", "WIP!!"}) {
      LintReport report = lint(message, BASE);
      assertThat(report.findings()).extracting(Finding::rule).contains("message.minimal");
      assertThat(report.passed()).isFalse();
    }
  }

  @Test
  void headerOnlyMissesEveryRequiredSectionWithThePlansRuleIds() {
    LintReport report = lint("BUGFIX: stop routing orders to halted venues", BASE);
    assertThat(report.findings())
        .extracting(Finding::rule)
        .containsExactly(
            "doc.context-and-rationale",
            "doc.changes-made",
            "doc.impact-assessment",
            "doc.testing-and-verification");
    assertThat(report.findings().get(0).fix()).contains("## Context and Rationale");
  }

  @Test
  void rollbackProcedureIsRequiredWhenRollbackIsMediumOrHigh() {
    LintReport report = lint(GOOD, ROLLBACK_MEDIUM);
    assertThat(report.findings())
        .filteredOn(f -> f.rule().equals("doc.rollback-procedure"))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("rollback complexity MEDIUM"));
  }

  @Test
  void placeholdersAndMissingResultsAreFound() {
    String text =
        GOOD.replace("Orders for XLON were routed during the 14:02 halt.", "_TODO: why?_")
            .replace("- ✅ SmartOrderRouterTest.rejectsOrdersForHaltedVenues", "Ran the tests.");
    LintReport report = lint(text, BASE);
    assertThat(report.findings())
        .extracting(Finding::rule, Finding::line)
        .contains(
            org.assertj.core.groups.Tuple.tuple("doc.context-and-rationale", 3),
            org.assertj.core.groups.Tuple.tuple("testing.results", 13));
  }

  @Test
  void failedChecksWarn() {
    LintReport report = lint(GOOD + "- ❌ soak test: latency p99 over budget\n", BASE);
    assertThat(report.findings())
        .extracting(Finding::rule, Finding::line)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("testing.failed", 15));
    assertThat(report.passed()).isTrue();
  }

  @Test
  void rulesCanBeSwitchedOffOrDowngraded() {
    LintConfig config =
        new LintConfig(
            Map.of("doc.*", Optional.of(Severity.WARNING), "header.format", Optional.empty()),
            72,
            java.util.List.of(),
            SpecialCommitPolicy.SKIP,
            SpecialCommitPolicy.RELAXED,
            SpecialCommitPolicy.WARN);
    LintReport report = lint("stop routing orders to halted venues", BASE, config);
    assertThat(report.findings()).allMatch(f -> f.severity() == Severity.WARNING);
    assertThat(report.findings()).extracting(Finding::rule).doesNotContain("header.format");
    assertThat(report.passed()).isTrue();
  }

  @Test
  void specialCommitsFollowTheirPolicies() {
    assertThat(lint("Merge branch 'feature/x'", BASE).kind()).isEqualTo(LintReport.Kind.SKIPPED);
    assertThat(lint("Revert \"FEATURE: x\"\n\nThis reverts commit 1a2b3c4d5e6f.\n", BASE).passed())
        .isTrue();
    assertThat(lint("Revert \"FEATURE: x\"\n", BASE).findings())
        .extracting(Finding::rule)
        .containsExactly("commit.revert");
    LintReport fixup = lint("fixup! BUGFIX: x", BASE);
    assertThat(fixup.passed()).isTrue();
    assertThat(fixup.findings()).extracting(Finding::rule).containsExactly("commit.fixup");
  }

  @Test
  void unknownAndOutOfOrderSectionsAreReported() {
    String text =
        GOOD.replace("## Changes Made", "## Venue Notes\nx\n\n## Changes Made")
            + "\n## Context and Rationale\nagain\n";
    LintReport report = lint(text, BASE);
    assertThat(report.findings())
        .extracting(Finding::rule)
        .contains("section.unknown", "section.duplicate");
    assertThat(
            lint(
                    GOOD.replace(
                        "## Impact Assessment",
                        "## Related Documentation\n- [spec](spec.md)\n\n## Impact Assessment"),
                    BASE)
                .findings())
        .extracting(Finding::rule)
        .containsExactly("section.order");
  }

  @Test
  void badHeadersAreNamed() {
    assertThat(lint("stop routing\n", BASE).findings())
        .extracting(Finding::rule)
        .contains("header.format");
    assertThat(lint("NOPE: stop routing\n", BASE).findings())
        .extracting(Finding::rule)
        .contains("header.type");
    assertThat(lint("FEATURE:\n", BASE).findings())
        .extracting(Finding::rule)
        .contains("header.summary");
    assertThat(lint("FEATURE: " + "x ".repeat(50), BASE).findings())
        .extracting(Finding::rule)
        .contains("header.length");
    assertThat(lint("FEATURE: y\nbody", BASE).findings())
        .extracting(Finding::rule)
        .contains("header.blank-line");
    assertThat(lint("", BASE).findings())
        .extracting(Finding::rule)
        .containsExactly("message.empty");
  }

  @Test
  void aFeaturesItemsAreCheckedByTheirEvidenceAndADeclaredExceptionNeedsAReason() {
    DocumentationPlan feature = DocumentationPlan.plan(ChangeType.FEATURE, Level.LOW, Level.LOW);
    String text = GOOD.replace("BUGFIX:", "FEATURE:");
    assertThat(lint(text, feature).findings())
        .filteredOn(f -> f.severity() == Severity.ERROR)
        .extracting(Finding::rule)
        .containsExactlyInAnyOrder(
            "doc.feature-specification", "doc.integration-points", "doc.performance-impact");

    String documented =
        text.replace(
                    "- SmartOrderRouter checks the venue status",
                    "- SmartOrderRouter checks the venue status\n\n### Integration Points\n"
                        + "- the venue status feed")
                .replace(
                    "Risk LOW; order-router; rollback complexity LOW.",
                    "Risk LOW.\n- Performance impact assessment: not applicable: one map lookup")
            + "\n## Business Driver\nNo fills on halted venues.\n";
    LintReport report = lint(documented, feature);
    assertThat(report.passed()).as(report.findings().toString()).isTrue();
    assertThat(report.findings())
        .anyMatch(
            f ->
                f.rule().equals("doc.performance-impact")
                    && f.severity() == Severity.INFO
                    && f.message().contains("not applicable: one map lookup"));

    LintReport noReason =
        lint(documented.replace("not applicable: one map lookup", "not applicable:"), feature);
    assertThat(noReason.findings())
        .anyMatch(
            f ->
                f.rule().equals("doc.performance-impact")
                    && f.severity() == Severity.ERROR
                    && f.message().contains("without a reason"));

    LintReport prompt =
        lint(documented.replace("- the venue status feed", "_TODO: what it connects to_"), feature);
    assertThat(prompt.findings())
        .anyMatch(f -> f.rule().equals("doc.integration-points") && f.severity() == Severity.ERROR);
  }
}
