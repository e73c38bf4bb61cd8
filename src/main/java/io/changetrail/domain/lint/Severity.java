package io.changetrail.domain.lint;

/** How much a finding matters: an ERROR fails the lint, a WARNING or INFO only informs. */
public enum Severity {
  ERROR,
  WARNING,
  INFO;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
