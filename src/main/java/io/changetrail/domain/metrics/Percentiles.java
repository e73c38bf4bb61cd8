package io.changetrail.domain.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Percentiles of durations by linear interpolation between the closest ranks (the method of Excel's
 * PERCENTILE.INC and R's default, type 7): the median of an even count is the mean of the middle
 * two. Empty for no values: a percentile of nothing is undefined, not zero.
 */
final class Percentiles {
  private Percentiles() {}

  static Optional<Duration> median(List<Duration> values) {
    return of(values, 0.5);
  }

  /** The {@code p}-th percentile ({@code 0 <= p <= 1}). */
  static Optional<Duration> of(List<Duration> values, double p) {
    if (values.isEmpty()) {
      return Optional.empty();
    }
    List<Duration> sorted = values.stream().sorted().toList();
    double rank = p * (sorted.size() - 1);
    int below = (int) Math.floor(rank);
    int above = (int) Math.ceil(rank);
    long low = sorted.get(below).toMillis();
    long high = sorted.get(above).toMillis();
    return Optional.of(Duration.ofMillis(Math.round(low + (high - low) * (rank - below))));
  }
}
