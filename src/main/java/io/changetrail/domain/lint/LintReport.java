package io.changetrail.domain.lint;

import java.util.List;

/**
 * The result of linting one message.
 *
 * @param subject what was linted
 * @param kind what kind of commit the message is
 * @param planSource where the documentation plan came from
 * @param findings every finding, in line order
 */
public record LintReport(String subject, Kind kind, String planSource, List<Finding> findings) {
  public LintReport {
    findings = List.copyOf(findings);
  }

  /** What kind of commit a message belongs to, as far as linting goes. */
  public enum Kind {
    CHANGE,
    MERGE,
    REVERT,
    FIXUP,
    SKIPPED
  }

  public long count(Severity severity) {
    return findings.stream().filter(f -> f.severity() == severity).count();
  }

  /** Whether nothing of severity ERROR was found. */
  public boolean passed() {
    return count(Severity.ERROR) == 0;
  }
}
