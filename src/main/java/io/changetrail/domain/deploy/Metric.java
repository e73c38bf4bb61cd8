package io.changetrail.domain.deploy;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A measurement a step reported, such as a latency after a release. Steps report metrics by
 * printing lines {@code ::metric NAME=VALUE [UNIT]}, e.g. {@code ::metric p99_latency_us=412 us}.
 */
public record Metric(String name, double value, String unit) {
  /** The start of a line that reports a metric. */
  public static final String PREFIX = "::metric";

  private static final Pattern LINE =
      Pattern.compile(
          "::metric\\s+([A-Za-z0-9_.:/-]+)\\s*=\\s*"
              + "([-+]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?)"
              + "(?:\\s+(\\S.*?))?\\s*");

  public Metric {
    Objects.requireNonNull(name, "name");
    unit = unit == null ? "" : unit;
  }

  /** Whether a line of output is meant as a metric (it may still be malformed). */
  public static boolean isMetricLine(String line) {
    return line.startsWith(PREFIX + " ") || line.startsWith(PREFIX + "\t");
  }

  /** The metric a line of output reports, or empty when the line is not a well-formed one. */
  public static Optional<Metric> parse(String line) {
    Matcher matcher = LINE.matcher(line.strip());
    if (!matcher.matches()) {
      return Optional.empty();
    }
    double value = Double.parseDouble(matcher.group(2));
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Optional.empty();
    }
    return Optional.of(new Metric(matcher.group(1), value, matcher.group(3)));
  }

  /** The value without a useless ".0": 412 rather than 412.0. */
  public String formattedValue() {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return String.format(Locale.ROOT, "%d", (long) value);
    }
    return String.valueOf(value);
  }
}
