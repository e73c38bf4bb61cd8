package io.changetrail.domain.lint;

import io.changetrail.domain.assess.ChangeType;
import io.changetrail.domain.assess.DocumentationRequirement;
import io.changetrail.domain.assess.Evidence;
import io.changetrail.domain.assess.Level;
import io.changetrail.domain.assess.Vocabulary;
import io.changetrail.domain.document.ChangeDocument;
import io.changetrail.domain.document.ChangeDocumentParser;
import io.changetrail.domain.document.ChecklistItem;
import io.changetrail.domain.document.DocumentSection;
import io.changetrail.domain.document.Section;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a change document against its documentation plan: the header, the minimal-message
 * anti-patterns, every required section present and filled in, test results listed, and the shape
 * of the document. Pure, and total: any text gives a report, never an exception.
 */
public final class Linter {
  /** Longer messages are linted on their first MAX_LENGTH characters only. */
  public static final int MAX_LENGTH = 1 << 20;

  /** The methodology's anti-patterns: messages that say nothing. */
  public static final List<String> DEFAULT_ANTI_PATTERNS =
      List.of(
          "fixed stuff",
          "fix stuff",
          "stuff",
          "wip",
          "work in progress",
          "update",
          "updates",
          "updated",
          "fix",
          "fixes",
          "fixed",
          "bugfix",
          "changes",
          "change",
          "changed",
          "misc",
          "minor",
          "minor changes",
          "minor fix",
          "small fix",
          "quick fix",
          "tweak",
          "tweaks",
          "tmp",
          "temp",
          "test",
          "testing",
          "asdf",
          "oops",
          "more",
          "cleanup",
          "refactor",
          "done",
          "commit",
          "save",
          "x",
          "");

  private static final Pattern MERGE_HEADER =
      Pattern.compile("^Merge (branch|pull request|remote-tracking branch|tag|commit|'|\")");
  private static final Pattern REVERT_HEADER = Pattern.compile("^Revert \"");
  private static final Pattern REVERT_REFERENCE =
      Pattern.compile("(?m)^This reverts commit [0-9a-f]{7,40}");
  private static final Pattern FIXUP_HEADER = Pattern.compile("^(fixup|squash|amend)! ");
  private static final Pattern PLACEHOLDER_LINE =
      Pattern.compile(
          "^\\s*(?:(?:[-*+]|\\d+[.)])\\s+(?:✅|❌|\\[[ xX]\\])?\\s*)?[_*]*(?:TODO|TBD|FIXME|XXX)\\b.*$"
              + "|^\\s*(?:\\.\\.\\.|…|<[^>]*>|-|_+)\\s*$",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

  private final LintConfig config;

  public Linter(LintConfig config) {
    this.config = config;
  }

  public LintReport lint(LintInput input) {
    String text = input.text();
    List<Finding> findings = new ArrayList<>();
    if (text.length() > MAX_LENGTH) {
      findings.add(
          LintRule.SIZE.at(
              0,
              "the message is "
                  + text.length()
                  + " characters long; only the first "
                  + MAX_LENGTH
                  + " were checked",
              "move long material (logs, data) to a file in the repository and link it"));
      text = text.substring(0, MAX_LENGTH);
    }
    if (input.malformedEncoding()) {
      findings.add(
          LintRule.ENCODING.at(
              0,
              "the message is not valid UTF-8 (undecodable bytes shown as \uFFFD)",
              "save the message as UTF-8 (git config i18n.commitEncoding utf-8)"));
    }
    ChangeDocumentParser.Located located =
        new ChangeDocumentParser(input.commentChar(), config.vocabulary().sections())
            .parseLocated(text);
    ChangeDocument document = located.document();
    String headerText = document.header().line();

    LintReport.Kind kind = kindOf(input, headerText);
    SpecialCommitPolicy policy =
        switch (kind) {
          case MERGE -> config.merges();
          case REVERT -> config.reverts();
          case FIXUP -> config.fixups();
          default -> SpecialCommitPolicy.LINT;
        };
    LintRule special =
        switch (kind) {
          case MERGE -> LintRule.MERGE;
          case REVERT -> LintRule.REVERT;
          default -> LintRule.FIXUP;
        };
    String what = kind.name().toLowerCase(Locale.ROOT) + " commit";
    String key = "lint." + kind.name().toLowerCase(Locale.ROOT) + "_commits";
    switch (policy) {
      case SKIP -> {
        return report(input, LintReport.Kind.SKIPPED, findings);
      }
      case WARN -> {
        findings.add(
            special
                .at(located.headerLine(), "this is a " + what, whatToDo(kind))
                .withSeverity(Severity.WARNING));
        return report(input, kind, findings);
      }
      case REJECT -> {
        findings.add(
            special
                .at(
                    located.headerLine(),
                    what + "s are not accepted here (" + key + ": reject)",
                    whatToDo(kind))
                .withSeverity(Severity.ERROR));
        return report(input, kind, findings);
      }
      case RELAXED -> {
        if (headerText.isBlank()) {
          findings.add(emptyMessage());
        } else if (kind == LintReport.Kind.REVERT && !REVERT_REFERENCE.matcher(text).find()) {
          findings.add(
              special.at(
                  located.headerLine(),
                  "the revert does not say which commit it reverts",
                  "keep git's line 'This reverts commit <sha>.' in the message"));
        }
        return report(input, kind, findings);
      }
      case LINT -> {
        // checked in full below
      }
    }

    if (headerText.isBlank()) {
      findings.add(emptyMessage());
      return report(input, kind, findings);
    }
    checkHeader(document, located, findings);
    checkSections(input, document, located, findings);
    return report(input, kind, findings);
  }

  private static Finding emptyMessage() {
    return LintRule.EMPTY.at(
        0,
        "the message is empty",
        "write a change document: 'TYPE: summary', a blank line, then the sections"
            + " ('changetrail template' pre-fills one)");
  }

  private static String whatToDo(LintReport.Kind kind) {
    return switch (kind) {
      case FIXUP -> "squash it into the commit it fixes: git rebase -i --autosquash";
      case MERGE -> "merge with a documented message, or allow merges in changetrail.yml";
      default -> "document the revert as a change (why it was reverted, what is verified)";
    };
  }

  private static LintReport.Kind kindOf(LintInput input, String header) {
    if (input.merge() || MERGE_HEADER.matcher(header).find()) {
      return LintReport.Kind.MERGE;
    }
    if (REVERT_HEADER.matcher(header).find()) {
      return LintReport.Kind.REVERT;
    }
    if (FIXUP_HEADER.matcher(header).find()) {
      return LintReport.Kind.FIXUP;
    }
    return LintReport.Kind.CHANGE;
  }

  private void checkHeader(
      ChangeDocument document, ChangeDocumentParser.Located located, List<Finding> findings) {
    int line = located.headerLine();
    var header = document.header();
    String accepted = config.vocabulary().acceptedTypes();
    if (!header.typed()) {
      findings.add(
          LintRule.HEADER_FORMAT.at(
              line,
              "the header '" + abbreviate(header.summary()) + "' is not 'TYPE: summary'",
              "start with the change type, e.g. 'BUGFIX: stop routing orders to halted venues';"
                  + " types: "
                  + accepted));
    } else if (config.vocabulary().type(header.type()).isEmpty()) {
      findings.add(
          LintRule.HEADER_TYPE.at(
              line, "'" + header.type() + "' is not a change type", "use one of " + accepted));
    }
    if (header.typed() && header.summary().isBlank()) {
      findings.add(
          LintRule.HEADER_SUMMARY.at(
              line, "the header has no summary", "say what the change does after 'TYPE: '"));
    } else if (header.typed() && isPlaceholder(header.summary())) {
      findings.add(
          LintRule.HEADER_SUMMARY.at(
              line,
              "the summary is still the template's prompt",
              "say what the change does after 'TYPE: '"));
    }
    String normalized =
        NOT_WORD.matcher(header.summary().toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    Set<String> antiPatterns = new LinkedHashSet<>(DEFAULT_ANTI_PATTERNS);
    config
        .antiPatterns()
        .forEach(
            p ->
                antiPatterns.add(
                    NOT_WORD.matcher(p.toLowerCase(Locale.ROOT)).replaceAll(" ").strip()));
    if (!header.summary().isBlank() && antiPatterns.contains(normalized)) {
      findings.add(
          LintRule.MINIMAL.at(
              line,
              "'"
                  + abbreviate(header.summary())
                  + "' is a minimal message: it says nothing about"
                  + " what changed or why",
              "say what the change does and where, e.g. 'BUGFIX: reject orders above the desk"
                  + " notional limit'"));
    }
    int length = header.line().codePointCount(0, header.line().length());
    if (length > config.maxHeaderLength()) {
      findings.add(
          LintRule.HEADER_LENGTH.at(
              line,
              "the header is "
                  + length
                  + " characters long (at most "
                  + config.maxHeaderLength()
                  + ")",
              "keep the summary short; put details in Context and Rationale"));
    }
    if (!located.blankAfterHeader()) {
      findings.add(
          LintRule.HEADER_BLANK_LINE.at(
              line + 1,
              "the header is not followed by a blank line",
              "insert an empty line after the header"));
    }
  }

  private void checkSections(
      LintInput input,
      ChangeDocument document,
      ChangeDocumentParser.Located located,
      List<Finding> findings) {
    List<DocumentSection> sections = document.sections();
    Set<Section> seen = EnumSet.noneOf(Section.class);
    Section previous = null;
    for (int i = 0; i < sections.size(); i++) {
      DocumentSection section = sections.get(i);
      int line = located.sectionLines().get(i);
      Optional<Section> known = section.section();
      if (known.isEmpty()) {
        findings.add(
            LintRule.SECTION_UNKNOWN.at(
                line,
                "'"
                    + abbreviate(section.heading())
                    + "' is not a section of the methodology (kept as written)",
                "use one of: " + titles()));
        continue;
      }
      if (!seen.add(known.get())) {
        findings.add(
            LintRule.SECTION_DUPLICATE.at(
                line,
                "'" + known.get().title() + "' appears more than once; only the first is read",
                "merge the two sections into one"));
        continue;
      }
      if (previous != null
          && !known.get().floating()
          && known.get().ordinal() < previous.ordinal()) {
        findings.add(
            LintRule.SECTION_ORDER.at(
                line,
                "'" + known.get().title() + "' comes after '" + previous.title() + "'",
                "order the sections as the methodology does: " + titles()));
      }
      if (!known.get().floating()) {
        previous = known.get();
      }
      List<String> lines = section.lines();
      boolean required = input.plan().requires(known.get());
      if (!required) {
        for (int j = 0; j < lines.size(); j++) {
          if (isPlaceholder(lines.get(j))) {
            findings.add(
                LintRule.PLACEHOLDER.at(
                    located.lineOf(i, j),
                    "'" + known.get().title() + "' still holds a template prompt",
                    "replace the prompt with what it asks for, or delete the line"));
          }
        }
      }
    }

    checkRequirements(input, document, located, findings);
    Optional<DocumentSection> testing = document.section(Section.TESTING_AND_VERIFICATION);
    if (testing.isPresent()) {
      int index = sections.indexOf(testing.get());
      boolean filled =
          testing.get().lines().stream().anyMatch(l -> !l.isBlank() && !isPlaceholder(l));
      if (filled || !input.plan().requires(Section.TESTING_AND_VERIFICATION)) {
        checkResults(testing.get(), index, located.sectionLines().get(index), located, findings);
      }
    }
  }

  /** How one piece of evidence stands in the document. */
  private record Outcome(boolean met, int line, String problem, int sectionIndex) {
    static Outcome met(int sectionIndex) {
      return new Outcome(true, 0, "", sectionIndex);
    }

    static Outcome missing(int line, String problem) {
      return new Outcome(false, line, problem, -1);
    }
  }

  private static final Pattern LINK = Pattern.compile("\\[[^\\]]+\\]\\([^)\\s]+\\)");

  private void checkRequirements(
      LintInput input,
      ChangeDocument document,
      ChangeDocumentParser.Located located,
      List<Finding> findings) {
    List<DocumentSection> sections = document.sections();
    Set<Integer> prompted = new HashSet<>();
    for (DocumentationRequirement requirement : input.plan().requirements()) {
      String item = "'" + requirement.item() + "'";
      if (!requirement.applies()) {
        findings.add(
            new Finding(
                requirement.rule(),
                Severity.INFO,
                0,
                item + " not applicable: " + requirement.notApplicable().get(),
                ""));
        continue;
      }
      Optional<Finding> declared = declaredNotApplicable(requirement, sections, located);
      if (declared.isPresent()) {
        findings.add(declared.get());
        continue;
      }
      Outcome first = null;
      Outcome met = null;
      for (Evidence evidence : requirement.anyOf()) {
        Outcome outcome = check(evidence, sections, located);
        if (outcome.met()) {
          met = outcome;
          break;
        }
        if (first == null) {
          first = outcome;
        }
      }
      if (met == null) {
        Evidence where = requirement.anyOf().get(0);
        findings.add(
            new Finding(
                requirement.rule(),
                LintRule.section(where.section()).severity(),
                first.line(),
                requirement.item()
                    + ": "
                    + first.problem()
                    + " (required: "
                    + requirement.reason()
                    + ")",
                fix(requirement, where)));
        continue;
      }
      if (requirement.isWholeSection() && prompted.add(met.sectionIndex())) {
        List<String> lines = sections.get(met.sectionIndex()).lines();
        for (int j = 0; j < lines.size(); j++) {
          if (isPlaceholder(lines.get(j))) {
            findings.add(
                new Finding(
                    requirement.rule(),
                    Severity.WARNING,
                    located.lineOf(met.sectionIndex(), j),
                    "'"
                        + sections.get(met.sectionIndex()).heading()
                        + "' still holds a template prompt",
                    "replace the prompt with what it asks for, or delete the line"));
          }
        }
      }
    }
  }

  private static String fix(DocumentationRequirement requirement, Evidence where) {
    String add =
        switch (where.kind()) {
          case SECTION -> "add '## " + where.section().title() + "'";
          case PART ->
              "add '### " + where.labels().get(0) + "' under '## " + where.section().title() + "'";
          default -> "add " + where.describe();
        };
    return add
        + " ("
        + requirement.prompt().replaceAll("[.?]$", "")
        + ")"
        + (requirement.isWholeSection()
            ? ""
            : ", or write '- " + requirement.item() + ": not applicable: <why>'");
  }

  /** A line '- ITEM: not applicable: why' anywhere in the document. */
  private static Optional<Finding> declaredNotApplicable(
      DocumentationRequirement requirement,
      List<DocumentSection> sections,
      ChangeDocumentParser.Located located) {
    Pattern declared =
        Pattern.compile(
            "^\\s*(?:[-*+]\\s+)?[*_]*"
                + Pattern.quote(requirement.item())
                + "[*_]*\\s*:?[*_]*\\s*(?:not applicable|n/a)[*_]*\\s*[:\u2014\u2013-]?\\s*(.*)$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    for (int i = 0; i < sections.size(); i++) {
      List<String> lines = sections.get(i).lines();
      for (int j = 0; j < lines.size(); j++) {
        var m = declared.matcher(lines.get(j));
        if (m.matches()) {
          String why = m.group(1).strip();
          return Optional.of(
              why.isEmpty()
                  ? new Finding(
                      requirement.rule(),
                      Severity.ERROR,
                      located.lineOf(i, j),
                      "'" + requirement.item() + "' is declared not applicable without a reason",
                      "say why after 'not applicable: '")
                  : new Finding(
                      requirement.rule(),
                      Severity.INFO,
                      located.lineOf(i, j),
                      "'" + requirement.item() + "' not applicable: " + why + " (declared)",
                      ""));
        }
      }
    }
    return Optional.empty();
  }

  private static Outcome check(
      Evidence evidence, List<DocumentSection> sections, ChangeDocumentParser.Located located) {
    Section wanted = evidence.section();
    int index = indexOf(sections, wanted);
    String title = "'" + wanted.title() + "'";
    if (index < 0) {
      return Outcome.missing(
          0,
          switch (evidence.kind()) {
            case SECTION -> title + " is missing";
            default -> title + " is missing, and with it " + evidence.describe();
          });
    }
    DocumentSection section = sections.get(index);
    int line = located.sectionLines().get(index);
    List<String> lines = section.lines().stream().filter(l -> !isPlaceholder(l)).toList();
    boolean filled = lines.stream().anyMatch(l -> !l.isBlank());
    switch (evidence.kind()) {
      case SECTION -> {
        if (!filled) {
          return Outcome.missing(
              line,
              title
                  + " is "
                  + (section.lines().isEmpty() ? "empty" : "still the template's prompt"));
        }
        return Outcome.met(index);
      }
      case PART -> {
        List<String> all = section.lines();
        for (int j = 0; j < all.size(); j++) {
          for (String label : evidence.labels()) {
            if (startsWithLabel(all.get(j), label) && partFilled(all, j)) {
              return Outcome.met(index);
            }
          }
        }
        return Outcome.missing(
            line, title + " has no filled-in '### " + evidence.labels().get(0) + "'");
      }
      case LINK -> {
        return lines.stream().anyMatch(l -> LINK.matcher(l).find())
            ? Outcome.met(index)
            : Outcome.missing(line, title + " has no link");
      }
      case RESULTS, CHECKLIST -> {
        List<String> all = section.lines();
        long count =
            section.checklist().stream()
                .filter(c -> !isPlaceholder(all.get(c.line())))
                .filter(c -> evidence.kind() == Evidence.Kind.CHECKLIST || c.passed())
                .count();
        if (count >= evidence.count()) {
          return Outcome.met(index);
        }
        return Outcome.missing(
            line,
            title
                + " has "
                + count
                + (evidence.kind() == Evidence.Kind.RESULTS ? " ✅ result(s)" : " checklist item(s)")
                + ", "
                + evidence.count()
                + " wanted");
      }
      case MENTION -> {
        for (String text : lines) {
          String lower = text.toLowerCase(Locale.ROOT);
          for (String word : evidence.labels()) {
            if (Pattern.compile("\\b" + Pattern.quote(word)).matcher(lower).find()) {
              return Outcome.met(index);
            }
          }
        }
        return Outcome.missing(line, title + " says nothing about how to verify it worked");
      }
    }
    return Outcome.missing(line, title + " does not show it");
  }

  /** Whether the part starting at line {@code at} says something besides a template prompt. */
  private static boolean partFilled(List<String> lines, int at) {
    String first = lines.get(at).strip();
    if (!first.startsWith("###")) {
      String rest = first.replaceFirst("^([-*+]|\\d+[.)])\\s+[*_]*[^:*_]*[*_]*:?", "").strip();
      return !isPlaceholder(first) && !isPlaceholder(rest) && !rest.isEmpty()
          || !first.contains(":");
    }
    for (int j = at + 1; j < lines.size() && !lines.get(j).strip().startsWith("###"); j++) {
      if (!lines.get(j).isBlank() && !isPlaceholder(lines.get(j))) {
        return true;
      }
    }
    return false;
  }

  /** Whether a line is '### LABEL...' or a list item starting with LABEL (optionally in bold). */
  static boolean startsWithLabel(String line, String label) {
    String text = line.strip();
    if (text.startsWith("###")) {
      text = text.replaceFirst("^#+\\s*", "");
    } else if (text.matches("^([-*+]|\\d+[.)])\\s+.*")) {
      text = text.replaceFirst("^([-*+]|\\d+[.)])\\s+", "");
    } else {
      return false;
    }
    text = text.replaceFirst("^[*_]+", "").toLowerCase(Locale.ROOT);
    String wanted = label.toLowerCase(Locale.ROOT);
    return text.startsWith(wanted)
        && (text.length() == wanted.length()
            || !Character.isLetterOrDigit(text.charAt(wanted.length())));
  }

  private static void checkResults(
      DocumentSection section,
      int index,
      int line,
      ChangeDocumentParser.Located located,
      List<Finding> findings) {
    List<String> lines = section.lines();
    List<ChecklistItem> results =
        section.checklist().stream()
            .filter(item -> !isPlaceholder(lines.get(item.line())))
            .toList();
    if (results.isEmpty()) {
      findings.add(
          LintRule.TESTING_RESULTS.at(
              line,
              "Testing and Verification lists no results",
              "list each test run with its result: '- ✅ OrderRouterTest passed' or '- ❌ soak"
                  + " test failed: ...'"));
    }
    for (ChecklistItem item : results) {
      if (!item.passed()) {
        findings.add(
            LintRule.TESTING_FAILED.at(
                located.lineOf(index, item.line()),
                "not passed: " + abbreviate(item.text()),
                "fix it and re-run, or explain in the item why shipping with it is accepted"));
      }
    }
  }

  private static int indexOf(List<DocumentSection> sections, Section wanted) {
    for (int i = 0; i < sections.size(); i++) {
      if (sections.get(i).section().orElse(null) == wanted) {
        return i;
      }
    }
    return -1;
  }

  static boolean isPlaceholder(String line) {
    return PLACEHOLDER_LINE.matcher(line).matches();
  }

  private LintReport report(LintInput input, LintReport.Kind kind, List<Finding> raw) {
    List<Finding> findings = new ArrayList<>();
    for (Finding finding : raw) {
      config
          .severityOf(finding.rule(), finding.severity())
          .ifPresent(severity -> findings.add(finding.withSeverity(severity)));
    }
    findings.sort(
        Comparator.comparingInt((Finding f) -> f.line() == 0 ? Integer.MAX_VALUE : f.line())
            .thenComparing(f -> f.severity().ordinal()));
    return new LintReport(input.subject(), kind, input.planSource(), findings);
  }

  private static String titles() {
    List<String> titles = new ArrayList<>();
    for (Section section : Section.values()) {
      titles.add(section.title());
    }
    return String.join(", ", titles);
  }

  private static String abbreviate(String text) {
    String oneLine = text.replaceAll("\\s+", " ").strip();
    return oneLine.length() > 60 ? oneLine.substring(0, 57) + "..." : oneLine;
  }

  /** The plan for a message when no diff is known: from the header's type alone. */
  public static io.changetrail.domain.assess.DocumentationPlan planFromHeader(String text) {
    return planFromHeader(text, Vocabulary.methodology());
  }

  /** The plan for a message when no diff is known, reading the header with a team's aliases. */
  public static io.changetrail.domain.assess.DocumentationPlan planFromHeader(
      String text, Vocabulary vocabulary) {
    var header = new ChangeDocumentParser().parse(text).header();
    ChangeType type =
        header.typed()
            ? vocabulary.type(header.type()).orElse(ChangeType.GENERAL)
            : ChangeType.GENERAL;
    return io.changetrail.domain.assess.DocumentationPlan.plan(type, Level.LOW, Level.LOW);
  }
}
