package io.changetrail.domain.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that went wrong during a deployment, and what was done about it: the methodology's
 * issue with its severity, resolution and resolution time.
 *
 * @param severity LOW, MEDIUM, HIGH or CRITICAL; empty when not given
 * @param resolutionTime how long the resolution took, when given
 */
public record Issue(
    Instant time,
    String description,
    String resolution,
    String severity,
    Optional<Duration> resolutionTime) {
  /** The severities an issue can have. */
  public static final List<String> SEVERITIES = List.of("LOW", "MEDIUM", "HIGH", "CRITICAL");

  public Issue {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(description, "description");
    resolution = resolution == null ? "" : resolution;
    severity = severity == null ? "" : severity.strip().toUpperCase(Locale.ROOT);
    resolutionTime = resolutionTime == null ? Optional.empty() : resolutionTime;
  }

  /** An issue recorded without severity or resolution time. */
  public Issue(Instant time, String description, String resolution) {
    this(time, description, resolution, "", Optional.empty());
  }
}
