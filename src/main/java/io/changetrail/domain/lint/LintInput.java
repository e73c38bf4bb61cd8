package io.changetrail.domain.lint;

import io.changetrail.domain.assess.DocumentationPlan;
import java.util.Optional;

/**
 * What the linter reads: the message and the documentation plan it is checked against.
 *
 * @param subject what is linted, for people ("commit 1a2b3c4d5e", ".git/COMMIT_EDITMSG")
 * @param text the message (already decoded; undecodable bytes replaced)
 * @param malformedEncoding whether the bytes were not valid UTF-8
 * @param merge whether the commit has several parents (false when not known)
 * @param plan the documentation plan of the change
 * @param planSource where the plan comes from ("the staged diff", "the header type only"...)
 * @param commentChar git's comment character, when comment lines are to be dropped
 */
public record LintInput(
    String subject,
    String text,
    boolean malformedEncoding,
    boolean merge,
    DocumentationPlan plan,
    String planSource,
    Optional<Character> commentChar) {
  public LintInput {
    subject = subject == null ? "" : subject;
    text = text == null ? "" : text;
    planSource = planSource == null ? "" : planSource;
    commentChar = commentChar == null ? Optional.empty() : commentChar;
  }
}
