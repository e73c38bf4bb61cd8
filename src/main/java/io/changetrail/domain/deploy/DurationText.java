package io.changetrail.domain.deploy;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in runbooks ({@code 500ms}, {@code 30s}, {@code 1m30s}). */
public final class DurationText {
  private static final Pattern WHOLE = Pattern.compile("(?:[0-9]+(?:ms|s|m|h))+");
  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h)");

  private DurationText() {}

  /**
   * Reads {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} and their sums such as {@code 1m30s};
   * empty when the text is anything else.
   */
  public static Optional<Duration> parse(String text) {
    String compact = text.strip().toLowerCase(Locale.ROOT);
    if (!WHOLE.matcher(compact).matches()) {
      return Optional.empty();
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(compact);
    try {
      while (part.find()) {
        long amount = Long.parseLong(part.group(1));
        total =
            total.plus(
                switch (part.group(2)) {
                  case "ms" -> Duration.ofMillis(amount);
                  case "s" -> Duration.ofSeconds(amount);
                  case "m" -> Duration.ofMinutes(amount);
                  default -> Duration.ofHours(amount);
                });
      }
    } catch (ArithmeticException | NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.of(total);
  }

  /**
   * A short human form: {@code 412ms}, {@code 1.2s}, {@code 30s}, {@code 2m 05s}, {@code 1h 02m}.
   */
  public static String format(Duration duration) {
    long millis = Math.max(0, duration.toMillis());
    if (millis < 1_000) {
      return millis + "ms";
    }
    if (millis < 60_000) {
      if (millis % 1_000 == 0) {
        return millis / 1_000 + "s";
      }
      return String.format(Locale.ROOT, "%.1fs", millis / 1_000.0);
    }
    long seconds = millis / 1_000;
    if (seconds < 3_600) {
      return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%dh %02dm", seconds / 3_600, (seconds % 3_600) / 60);
  }
}
