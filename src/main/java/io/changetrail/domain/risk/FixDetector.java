package io.changetrail.domain.risk;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which commits fix a bug, judged from the message alone: a declared type ({@code BUGFIX:}, {@code
 * HOTFIX:}), a Conventional Commits {@code fix:}, the methodology's keywords (fix, bug, defect,
 * regression, crash...) or a ticket trailer ({@code Fixes: PROJ-12}, {@code Closes #34}). A fix
 * whose message says it only refactors, reformats or corrects a typo is not traced: its deleted
 * lines were not a bug.
 */
public final class FixDetector {
  private static final Pattern DECLARED =
      Pattern.compile("^\\s*(BUGFIX|HOTFIX|FIX|EMERGENCY)\\s*:");
  private static final Pattern CONVENTIONAL =
      Pattern.compile("^\\s*(fix|bugfix|hotfix)(\\([^)]*\\))?!?:", Pattern.CASE_INSENSITIVE);
  private static final Pattern KEYWORDS =
      Pattern.compile(
          "\\b(fix(e[sd]|ing)?|bugs?|defects?|hotfix|regression|npe|nullpointer(exception)?"
              + "|crash(es|ed)?|leak(s|ing)?|deadlocks?|race condition|broken|incorrect(ly)?"
              + "|wrong|faults?|errors? in|patch(ed)?)\\b",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern TRAILER =
      Pattern.compile(
          "(?m)^\\s*(fixes|fixed|closes|closed|resolves|resolved|bug|fixes-bug)\\s*:?\\s*"
              + "(#\\d+|[A-Z][A-Z0-9]+-\\d+|https?://\\S+)",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern REFACTORING_ONLY =
      Pattern.compile(
          "\\b(refactor(s|ed|ing)?|clean ?up|reformat(ted|ting)?|formatting|typos?|javadoc"
              + "|checkstyle|spelling|whitespace|comments?|license headers?|rename[sd]?)\\b",
          Pattern.CASE_INSENSITIVE);

  /** Why the message marks a fix, or empty when it does not. */
  public Optional<String> fixEvidence(String message) {
    String text = message == null ? "" : message;
    String subject = text.lines().findFirst().orElse("");
    if (DECLARED.matcher(subject).find()) {
      return Optional.of("declared type");
    }
    if (CONVENTIONAL.matcher(subject).find()) {
      return Optional.of("conventional commit");
    }
    if (TRAILER.matcher(text).find()) {
      return Optional.of("ticket trailer");
    }
    if (KEYWORDS.matcher(subject).find()) {
      return Optional.of("keyword");
    }
    return Optional.empty();
  }

  public boolean isFix(String message) {
    return fixEvidence(message).isPresent();
  }

  /** Whether the subject says the change only refactors, reformats or fixes wording. */
  public boolean refactoringOnly(String message) {
    String subject = message == null ? "" : message.lines().findFirst().orElse("");
    return REFACTORING_ONLY.matcher(subject).find();
  }

  /** A fix whose deleted lines are traced back (a fix, not only a refactoring). */
  public boolean traced(String message) {
    return isFix(message) && !refactoringOnly(message);
  }
}
