package io.changetrail.domain.metrics;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/** How the metrics' numbers read to people; {@code n/a} wherever a value is undefined. */
final class Figures {
  static final String NOT_AVAILABLE = "n/a";
  static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("uuuu-MM-dd").withZone(ZoneOffset.UTC);
  static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private Figures() {}

  /** {@code 40 s}, {@code 12 min}, {@code 3.5 h} (under two days), {@code 4.2 d}. */
  static String duration(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    if (seconds < 60) {
      return seconds + " s";
    }
    if (seconds < 3_600) {
      return seconds / 60 + " min";
    }
    if (seconds < 48 * 3_600) {
      return String.format(Locale.ROOT, "%.1f h", seconds / 3_600.0);
    }
    return String.format(Locale.ROOT, "%.1f d", seconds / 86_400.0);
  }

  static String duration(Optional<Duration> duration) {
    return duration.map(Figures::duration).orElse(NOT_AVAILABLE);
  }

  static String percent(Optional<Double> rate) {
    return rate.map(r -> String.format(Locale.ROOT, "%.1f%%", r * 100)).orElse(NOT_AVAILABLE);
  }

  static String rate(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  static String band(Optional<PerformanceBand> band) {
    return band.map(PerformanceBand::label).orElse(NOT_AVAILABLE);
  }

  /** {@code 2026-01-01}, or with the time when the instant is not a UTC midnight. */
  static String time(Instant instant) {
    return isMidnight(instant) ? DAY.format(instant) : MINUTE.format(instant);
  }

  /**
   * A period {@code [from, to)} as people read it: {@code 2026-01-01 to 2026-03-31} when it ends at
   * a midnight (the last day shown is the last one included), else to the minute.
   */
  static String period(Instant from, Instant to) {
    boolean wholeDays = isMidnight(from) && isMidnight(to);
    return (wholeDays ? DAY.format(from) : MINUTE.format(from))
        + " to "
        + (wholeDays ? DAY.format(to.minus(Duration.ofDays(1))) : MINUTE.format(to))
        + " UTC";
  }

  /** {@code 7 days}, or a duration when not whole days. */
  static String window(Duration window) {
    long days = window.toDays();
    if (window.equals(Duration.ofDays(days)) && days > 0) {
      return days + (days == 1 ? " day" : " days");
    }
    return duration(window);
  }

  private static boolean isMidnight(Instant instant) {
    return instant.atZone(ZoneOffset.UTC).toLocalTime().toSecondOfDay() == 0
        && instant.getNano() == 0;
  }

  static double days(Duration duration) {
    return duration.toMillis() / 86_400_000.0;
  }

  /** Rounded to four decimals, so JSON shows 0.4286, not 0.42857142857142855. */
  static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }
}
