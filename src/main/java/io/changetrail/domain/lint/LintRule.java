package io.changetrail.domain.lint;

import io.changetrail.domain.assess.DocumentationPlan;
import io.changetrail.domain.assess.DocumentationRequirement;
import io.changetrail.domain.document.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A rule of the linter: its id (used in findings and in changetrail.yml), default severity and what
 * it checks.
 */
public record LintRule(String id, Severity severity, String description) {
  public static final LintRule EMPTY =
      new LintRule("message.empty", Severity.ERROR, "the message has content");
  public static final LintRule SIZE =
      new LintRule("message.size", Severity.ERROR, "the message is at most 1 MiB");
  public static final LintRule ENCODING =
      new LintRule("message.encoding", Severity.ERROR, "the message is valid UTF-8");
  public static final LintRule MINIMAL =
      new LintRule(
          "message.minimal",
          Severity.ERROR,
          "the summary is not a minimal message such as 'fixed stuff', 'wip' or 'update'");
  public static final LintRule HEADER_FORMAT =
      new LintRule("header.format", Severity.ERROR, "the first line is 'TYPE: summary'");
  public static final LintRule HEADER_TYPE =
      new LintRule(
          "header.type",
          Severity.ERROR,
          "the type is a methodology type or a Conventional Commits type");
  public static final LintRule HEADER_SUMMARY =
      new LintRule("header.summary", Severity.ERROR, "the header has a summary");
  public static final LintRule HEADER_LENGTH =
      new LintRule("header.length", Severity.WARNING, "the header fits in max_header_length");
  public static final LintRule HEADER_BLANK_LINE =
      new LintRule("header.blank-line", Severity.WARNING, "a blank line follows the header");
  public static final LintRule TESTING_RESULTS =
      new LintRule(
          "testing.results",
          Severity.ERROR,
          "Testing and Verification lists results as '- ✅ ...' / '- ❌ ...'");
  public static final LintRule TESTING_FAILED =
      new LintRule("testing.failed", Severity.WARNING, "no check is marked as failed (❌)");
  public static final LintRule PLACEHOLDER =
      new LintRule(
          "doc.placeholder", Severity.WARNING, "no template prompt (TODO...) is left in a section");
  public static final LintRule SECTION_UNKNOWN =
      new LintRule(
          "section.unknown", Severity.INFO, "sections are the methodology's (others are kept)");
  public static final LintRule SECTION_ORDER =
      new LintRule("section.order", Severity.WARNING, "sections are in the methodology's order");
  public static final LintRule SECTION_DUPLICATE =
      new LintRule("section.duplicate", Severity.WARNING, "each section appears once");
  public static final LintRule MERGE =
      new LintRule("commit.merge", Severity.ERROR, "merge commits (policy lint.merge_commits)");
  public static final LintRule REVERT =
      new LintRule(
          "commit.revert",
          Severity.ERROR,
          "revert commits name the reverted commit (policy lint.revert_commits)");
  public static final LintRule FIXUP =
      new LintRule(
          "commit.fixup",
          Severity.WARNING,
          "fixup!/squash!/amend! commits are squashed (policy lint.fixup_commits)");

  /** The rule that checks that a required section is present and filled in. */
  public static LintRule section(Section section) {
    return new LintRule(
        "doc." + section.id(),
        Severity.ERROR,
        "'"
            + section.title()
            + "' is present and filled in when the documentation plan requires it");
  }

  /** Every rule, in the order they are documented. */
  public static List<LintRule> all() {
    List<LintRule> rules =
        new ArrayList<>(
            List.of(
                EMPTY,
                SIZE,
                ENCODING,
                MINIMAL,
                HEADER_FORMAT,
                HEADER_TYPE,
                HEADER_SUMMARY,
                HEADER_LENGTH,
                HEADER_BLANK_LINE));
    for (Section section : Section.values()) {
      rules.add(section(section));
    }
    for (DocumentationRequirement item : DocumentationPlan.catalog()) {
      if (rules.stream().noneMatch(r -> r.id().equals(item.rule()))) {
        rules.add(
            new LintRule(
                item.rule(),
                Severity.ERROR,
                "'" + item.item() + "' (" + item.evidence() + ") when the plan requires it"));
      }
    }
    rules.addAll(
        List.of(
            PLACEHOLDER,
            TESTING_RESULTS,
            TESTING_FAILED,
            SECTION_UNKNOWN,
            SECTION_ORDER,
            SECTION_DUPLICATE,
            MERGE,
            REVERT,
            FIXUP));
    return rules;
  }

  public static Optional<LintRule> byId(String id) {
    return all().stream().filter(r -> r.id().equals(id)).findFirst();
  }

  Finding at(int line, String message, String fix) {
    return new Finding(id, severity, line, message, fix);
  }
}
