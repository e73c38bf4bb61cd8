package io.changetrail.domain.metrics;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * How a period is cut into the buckets of a time series: calendar days or ISO weeks (Monday to
 * Sunday), both in UTC. {@link #AUTO} picks days for periods up to 31 days and weeks beyond.
 */
public enum Granularity {
  AUTO,
  DAY,
  WEEK;

  /** The longest period {@link #AUTO} cuts into days. */
  static final Duration LONGEST_DAILY = Duration.ofDays(31);

  /** The granularity to use for {@code [from, to)}: this one, or for AUTO the one that fits. */
  public Granularity resolve(Instant from, Instant to) {
    if (this != AUTO) {
      return this;
    }
    return Duration.between(from, to).compareTo(LONGEST_DAILY) <= 0 ? DAY : WEEK;
  }

  /** The start (UTC midnight) of the day or ISO week that contains {@code time}. */
  Instant floor(Instant time) {
    LocalDate day = LocalDate.ofInstant(time, ZoneOffset.UTC);
    if (this == WEEK) {
      day = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }
    return day.atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  /** The start of the next bucket after the one starting at {@code start}. */
  Instant next(Instant start) {
    return start.plus(this == WEEK ? Duration.ofDays(7) : Duration.ofDays(1));
  }

  /** The name as written on the command line and in JSON: {@code day}, {@code week}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
