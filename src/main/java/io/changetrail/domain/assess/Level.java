package io.changetrail.domain.assess;

/** LOW, MEDIUM or HIGH: for risk and for rollback complexity. */
public enum Level {
  LOW,
  MEDIUM,
  HIGH;

  public boolean atLeast(Level other) {
    return compareTo(other) >= 0;
  }

  public static Level max(Level a, Level b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
