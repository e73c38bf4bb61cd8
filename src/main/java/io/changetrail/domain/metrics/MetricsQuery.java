package io.changetrail.domain.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What delivery metrics to compute: the period {@code [from, to)}, the environment whose
 * deployments count (production), optionally one system, how to bucket the time series, and how
 * soon an emergency deployment must follow a deployment to count as its fix.
 *
 * @param system the one system to measure; empty for every system
 * @param followUpWindow an emergency deployment of another change touching the same system within
 *     this time after a successful deployment ended marks that deployment as failed
 */
public record MetricsQuery(
    Instant from,
    Instant to,
    String environment,
    String system,
    Granularity granularity,
    Duration followUpWindow) {
  /** The environment when nobody names one: the name every example and runbook here uses. */
  public static final String DEFAULT_ENVIRONMENT = "prod";

  /** How soon an emergency fix must follow by default. */
  public static final Duration DEFAULT_FOLLOW_UP_WINDOW = Duration.ofDays(7);

  public MetricsQuery {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException(
          "the period must end after it starts: " + from + ", " + to);
    }
    environment =
        environment == null || environment.isBlank() ? DEFAULT_ENVIRONMENT : environment.strip();
    system = system == null ? "" : system.strip();
    granularity = granularity == null ? Granularity.AUTO : granularity;
    followUpWindow =
        followUpWindow == null || followUpWindow.isNegative()
            ? DEFAULT_FOLLOW_UP_WINDOW
            : followUpWindow;
  }

  /** Every system in one environment, buckets chosen from the period's length. */
  public static MetricsQuery of(Instant from, Instant to, String environment) {
    return new MetricsQuery(from, to, environment, "", Granularity.AUTO, null);
  }

  /** The same query for one system ({@code ""} for all). */
  public MetricsQuery forSystem(String name) {
    return new MetricsQuery(from, to, environment, name, granularity, followUpWindow);
  }

  /** The same query with buckets of this size. */
  public MetricsQuery by(Granularity size) {
    return new MetricsQuery(from, to, environment, system, size, followUpWindow);
  }

  /** The same query with another follow-up window for emergency fixes. */
  public MetricsQuery withFollowUpWindow(Duration window) {
    return new MetricsQuery(from, to, environment, system, granularity, window);
  }

  /** The length of the period. */
  public Duration length() {
    return Duration.between(from, to);
  }

  public boolean contains(Instant time) {
    return !time.isBefore(from) && time.isBefore(to);
  }
}
