package io.changetrail.domain.deploy;

import java.util.List;

/** Where a deployment stands. Only {@link #SUCCEEDED} means the change went out as planned. */
public enum DeploymentStatus {
  /** The deployment process is running it now. */
  RUNNING("▶", "running"),
  /** Every check and step passed. */
  SUCCEEDED("✅", "succeeded"),
  /** A check or step failed or timed out; the deployment stopped there. */
  FAILED("❌", "failed"),
  /** It failed, and the documented rollback ran and passed. */
  ROLLED_BACK("↩", "rolled back"),
  /** It failed, and the rollback failed too: the environment needs a person now. */
  ROLLBACK_FAILED("🛑", "rollback failed"),
  /** The deployment process stopped before it finished; it did not succeed. */
  INTERRUPTED("⚠", "interrupted");

  private final String symbol;
  private final String label;

  DeploymentStatus(String symbol, String label) {
    this.symbol = symbol;
    this.label = label;
  }

  public String symbol() {
    return symbol;
  }

  public String label() {
    return label;
  }

  public boolean succeeded() {
    return this == SUCCEEDED;
  }

  /** Whether the deployment is over (everything but {@link #RUNNING}). */
  public boolean finished() {
    return this != RUNNING;
  }

  /**
   * The status that a finished run with these results has: ROLLED_BACK or ROLLBACK_FAILED when
   * rollback steps ran, INTERRUPTED when a step was interrupted, FAILED when one failed or timed
   * out, SUCCEEDED when every step that ran passed (and at least one ran).
   */
  public static DeploymentStatus of(List<StepResult> results) {
    List<StepResult> rollback = results.stream().filter(r -> r.phase() == Phase.ROLLBACK).toList();
    if (!rollback.isEmpty()) {
      boolean allPassed = rollback.stream().allMatch(r -> r.status() == StepStatus.PASSED);
      return allPassed ? ROLLED_BACK : ROLLBACK_FAILED;
    }
    if (results.stream().anyMatch(r -> r.status() == StepStatus.INTERRUPTED)) {
      return INTERRUPTED;
    }
    if (results.stream()
        .anyMatch(r -> r.status() == StepStatus.FAILED || r.status() == StepStatus.TIMED_OUT)) {
      return FAILED;
    }
    boolean anyPassed = results.stream().anyMatch(r -> r.status() == StepStatus.PASSED);
    boolean anySkipped = results.stream().anyMatch(r -> r.status() == StepStatus.SKIPPED);
    return anyPassed && !anySkipped ? SUCCEEDED : FAILED;
  }
}
