package io.changetrail.domain.deploy;

/** How one runbook step ended. */
public enum StepStatus {
  /** The command exited with status 0. */
  PASSED("✅", "passed"),
  /** The command exited with a non-zero status, or could not be started. */
  FAILED("❌", "failed"),
  /** The command ran longer than its timeout and was killed with its child processes. */
  TIMED_OUT("⏱", "timed out"),
  /** The step did not run because an earlier one did not pass. */
  SKIPPED("⏭", "skipped"),
  /** The deployment process was stopped while the step ran. */
  INTERRUPTED("⚠", "interrupted");

  private final String symbol;
  private final String label;

  StepStatus(String symbol, String label) {
    this.symbol = symbol;
    this.label = label;
  }

  public String symbol() {
    return symbol;
  }

  public String label() {
    return label;
  }

  public boolean passed() {
    return this == PASSED;
  }

  /** Whether this status stops a run: anything that ran and did not pass. */
  public boolean stopsTheRun() {
    return this == FAILED || this == TIMED_OUT || this == INTERRUPTED;
  }
}
