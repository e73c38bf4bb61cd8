package io.changetrail.domain.lint;

/**
 * One thing the linter found in a change document.
 *
 * @param rule the rule id ({@code header.format}, {@code doc.rollback-procedure}...)
 * @param severity how much it matters
 * @param line the 1-based line it is about, or 0 when it is about the whole document
 * @param message what is wrong
 * @param fix how to fix it
 */
public record Finding(String rule, Severity severity, int line, String message, String fix) {
  public Finding withSeverity(Severity newSeverity) {
    return new Finding(rule, newSeverity, line, message, fix);
  }
}
