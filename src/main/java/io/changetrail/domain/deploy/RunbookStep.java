package io.changetrail.domain.deploy;

import java.time.Duration;
import java.util.Objects;

/**
 * One command of a runbook: what it is called, the shell command it runs and how long it may take.
 *
 * @param phase the part of the runbook it belongs to
 * @param number its position within that part, from 1
 * @param name what it does, for people
 * @param run the shell command
 * @param timeout how long it may run before it is killed and reported as timed out
 * @param line the line of the runbook file where it is declared (0 when unknown)
 */
public record RunbookStep(
    Phase phase, int number, String name, String run, Duration timeout, int line) {
  public RunbookStep {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(timeout, "timeout");
    if (number < 1) {
      throw new IllegalArgumentException("step numbers start at 1: " + number);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("a timeout must be positive: " + timeout);
    }
  }
}
