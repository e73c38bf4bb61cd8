package io.changetrail.domain.ledger;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of the ledger: a {@link Fact} with its position in the log and the time it was
 * appended. Its canonical JSON bytes are what is stored and hashed.
 */
public record LedgerEntry(long index, Instant time, Fact fact) {
  /** Timestamps are written at a fixed precision: microseconds, UTC, always six digits. */
  public static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  public LedgerEntry {
    if (index < 0) {
      throw new IllegalArgumentException("negative index " + index);
    }
    time = time.truncatedTo(ChronoUnit.MICROS);
  }

  /** The canonical JSON of {index, time, actor, kind, change, data}. */
  public byte[] canonicalBytes() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("actor", fact.actor());
    json.put("change", fact.change());
    json.put("data", fact.data());
    json.put("index", index);
    json.put("kind", fact.kind());
    json.put("time", formatTime(time));
    return CanonicalJson.bytes(json);
  }

  /** The entry time as written: {@link #TIME}, with the date part formatted once per second. */
  static String formatTime(Instant time) {
    Second cached = lastSecond;
    if (cached == null || cached.epochSecond != time.getEpochSecond()) {
      String text = TIME.format(time.truncatedTo(ChronoUnit.SECONDS));
      cached = new Second(time.getEpochSecond(), text.substring(0, text.length() - 7));
      lastSecond = cached;
    }
    int micros = time.getNano() / 1000;
    char[] digits = new char[7];
    for (int i = 5; i >= 0; i--) {
      digits[i] = (char) ('0' + micros % 10);
      micros /= 10;
    }
    digits[6] = 'Z';
    return cached.prefix + new String(digits);
  }

  private record Second(long epochSecond, String prefix) {}

  /** The last second formatted (an immutable value: a stale read only costs a reformat). */
  private static volatile Second lastSecond;
}
