package io.changetrail.domain.ledger;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The canonical JSON form of a ledger entry (RFC 8785 style): object keys sorted by UTF-16 code
 * units, no insignificant whitespace, UTF-8, strings escaped the way ECMAScript's JSON.stringify
 * does. Numbers are integers only: a fraction has more than one spelling, so it is refused rather
 * than normalised (store it as a string).
 */
public final class CanonicalJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private CanonicalJson() {}

  /** The canonical bytes of a value made of maps, lists, strings, integers, booleans and null. */
  public static byte[] bytes(Object value) {
    StringBuilder out = new StringBuilder(256);
    write(value, out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The canonical text of a value (see {@link #bytes}). */
  public static String text(Object value) {
    StringBuilder out = new StringBuilder(256);
    write(value, out);
    return out.toString();
  }

  static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String text) {
      string(text, out);
    } else if (value instanceof Boolean flag) {
      out.append(flag ? "true" : "false");
    } else if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      out.append(((Number) value).longValue());
    } else if (value instanceof BigInteger big) {
      out.append(big);
    } else if (value instanceof Map<?, ?> map) {
      object(map, out);
    } else if (value instanceof Collection<?> list) {
      out.append('[');
      boolean first = true;
      for (Object item : list) {
        if (!first) {
          out.append(',');
        }
        first = false;
        write(item, out);
      }
      out.append(']');
    } else if (value instanceof Number) {
      throw new IllegalArgumentException(
          "ledger data may hold integers only, not " + value + ": store fractions as strings");
    } else {
      throw new IllegalArgumentException(
          "ledger data cannot hold a " + value.getClass().getSimpleName());
    }
  }

  private static void object(Map<?, ?> map, StringBuilder out) {
    List<String> keys = new ArrayList<>(map.size());
    for (Object key : map.keySet()) {
      if (!(key instanceof String name)) {
        throw new IllegalArgumentException("ledger data keys must be strings, not " + key);
      }
      keys.add(name);
    }
    keys.sort(null); // String.compareTo orders by UTF-16 code units, as RFC 8785 asks
    out.append('{');
    boolean first = true;
    for (String key : keys) {
      if (!first) {
        out.append(',');
      }
      first = false;
      string(key, out);
      out.append(':');
      write(map.get(key), out);
    }
    out.append('}');
  }

  private static void string(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
          } else if (Character.isHighSurrogate(c)) {
            if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
              throw new IllegalArgumentException("text holds a lone surrogate at " + i);
            }
            out.append(c).append(text.charAt(++i));
          } else if (Character.isLowSurrogate(c)) {
            throw new IllegalArgumentException("text holds a lone surrogate at " + i);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
