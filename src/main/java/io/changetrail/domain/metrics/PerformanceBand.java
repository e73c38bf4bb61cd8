package io.changetrail.domain.metrics;

import java.time.Duration;
import java.util.Locale;

/**
 * A DORA performance band: where a delivery metric places a team among those the DORA research
 * surveyed.
 *
 * <p>The thresholds follow the performance clusters of the 2023 Accelerate State of DevOps report
 * (DORA / Google Cloud), as published there:
 *
 * <pre>
 *           deployment frequency   lead time for changes  failure rate  recovery time
 *   elite   on demand              under one day          5%            under one hour
 *   high    daily to weekly        one day to one week    10%           under one day
 *   medium  weekly to monthly      one week to one month  15%           one day to one week
 *   low     weekly to monthly      one week to one month  64%           one month to six months
 * </pre>
 *
 * The report describes clusters, not cut-offs, so the boundaries used here are: deployment
 * frequency elite at one or more successful deployments a day on average, high at one a week (1/7 a
 * day), medium at one a month (1/30 a day), low below that; lead time elite under 24 hours, high
 * under 7 days, medium under 30 days, low from 30 days; change failure rate elite up to 5%, high up
 * to 10%, medium up to 15%, low above 15% (the low cluster's 64% is a mean, not a bound); time to
 * restore elite under 1 hour, high under 24 hours, medium under 7 days, low from 7 days. Where the
 * report's low cluster overlaps medium (frequency and lead time) or leaves a gap (restore between
 * one week and one month), everything worse than medium is low.
 */
public enum PerformanceBand {
  ELITE,
  HIGH,
  MEDIUM,
  LOW;

  static final double DAILY = 1.0;
  static final double WEEKLY = 1.0 / 7;
  static final double MONTHLY = 1.0 / 30;

  static final Duration ONE_HOUR = Duration.ofHours(1);
  static final Duration ONE_DAY = Duration.ofDays(1);
  static final Duration ONE_WEEK = Duration.ofDays(7);
  static final Duration ONE_MONTH = Duration.ofDays(30);

  /** The band's name as shown to people: {@code elite}, {@code high}, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The band of a deployment frequency: elite from one successful deployment a day on average, high
   * from one a week, medium from one a month (30 days), low below.
   */
  public static PerformanceBand ofDeploymentsPerDay(double perDay) {
    if (perDay >= DAILY) {
      return ELITE;
    }
    if (perDay >= WEEKLY) {
      return HIGH;
    }
    if (perDay >= MONTHLY) {
      return MEDIUM;
    }
    return LOW;
  }

  /** The band of a lead time: elite under a day, high under a week, medium under 30 days. */
  public static PerformanceBand ofLeadTime(Duration leadTime) {
    if (leadTime.compareTo(ONE_DAY) < 0) {
      return ELITE;
    }
    if (leadTime.compareTo(ONE_WEEK) < 0) {
      return HIGH;
    }
    if (leadTime.compareTo(ONE_MONTH) < 0) {
      return MEDIUM;
    }
    return LOW;
  }

  /**
   * The band of a change failure rate (a fraction, 0 to 1): elite up to 5%, high up to 10%, medium
   * up to 15%, low above.
   */
  public static PerformanceBand ofChangeFailureRate(double rate) {
    if (rate <= 0.05) {
      return ELITE;
    }
    if (rate <= 0.10) {
      return HIGH;
    }
    if (rate <= 0.15) {
      return MEDIUM;
    }
    return LOW;
  }

  /** The band of a time to restore: elite under an hour, high under a day, medium under a week. */
  public static PerformanceBand ofTimeToRestore(Duration timeToRestore) {
    if (timeToRestore.compareTo(ONE_HOUR) < 0) {
      return ELITE;
    }
    if (timeToRestore.compareTo(ONE_DAY) < 0) {
      return HIGH;
    }
    if (timeToRestore.compareTo(ONE_WEEK) < 0) {
      return MEDIUM;
    }
    return LOW;
  }
}
