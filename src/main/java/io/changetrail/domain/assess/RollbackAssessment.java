package io.changetrail.domain.assess;

import java.util.List;

/**
 * How hard the change is to roll back, and why.
 *
 * @param level LOW, MEDIUM or HIGH
 * @param reasons what makes it so, hardest first
 */
public record RollbackAssessment(Level level, List<Reason> reasons) {
  public RollbackAssessment {
    reasons = List.copyOf(reasons);
  }

  /** One thing that complicates a rollback. */
  public record Reason(Level level, String reason) {}
}
