package io.changetrail.server;

import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Small formatting shared by the pages: times, durations, short commit ids, query parameters. */
final class Views {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private Views() {}

  static String when(Instant instant) {
    return instant == null ? "" : WHEN.format(instant);
  }

  static String shortSha(String sha) {
    return sha.substring(0, Math.min(10, sha.length()));
  }

  static String param(Context ctx, String name) {
    String value = ctx.queryParam(name);
    return value == null ? "" : value.strip();
  }

  static List<String> enumNames(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).toList();
  }

  /** "850 ms", "12 s", "3 min", "1.5 h", "8.0 d". */
  static String duration(Duration d) {
    long millis = d.toMillis();
    if (millis < 1000) {
      return millis + " ms";
    }
    long seconds = d.toSeconds();
    if (seconds < 120) {
      return seconds + " s";
    }
    long minutes = d.toMinutes();
    if (minutes < 60) {
      return minutes + " min";
    }
    if (minutes < 48 * 60) {
      return String.format(Locale.ROOT, "%.1f h", minutes / 60.0);
    }
    return String.format(Locale.ROOT, "%.1f d", minutes / 1440.0);
  }
}
