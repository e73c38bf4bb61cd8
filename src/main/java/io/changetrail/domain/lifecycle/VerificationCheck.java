package io.changetrail.domain.lifecycle;

import io.changetrail.domain.assess.Level;
import java.time.Duration;
import java.util.List;

/**
 * A check that {@code verify} runs: a command (build, tests, performance, security scan...) for
 * changes at or above a risk level, optionally only when certain systems are affected.
 */
public record VerificationCheck(
    String name, String kind, String run, Level minRisk, List<String> systems, Duration timeout) {
  public VerificationCheck {
    systems = List.copyOf(systems);
  }

  public boolean appliesTo(Level risk, List<String> affected) {
    return risk.atLeast(minRisk)
        && (systems.isEmpty() || affected.stream().anyMatch(systems::contains));
  }
}
