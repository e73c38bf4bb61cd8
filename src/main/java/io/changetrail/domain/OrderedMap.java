package io.changetrail.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small JSON object whose keys stay in the order written: what {@code Map.of} is not (its order
 * of two or more entries is salted per JVM, so the same answer could print its keys swapped from
 * one run to the next). Values may be null (a JSON null).
 */
public final class OrderedMap {
  private OrderedMap() {}

  /** The keys and values in pairs: {@code of("schema", "x/v1", "changes", rows)}. */
  public static Map<String, Object> of(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values come in pairs");
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }

  /** Text keys and values in pairs (query parameters, headers), in that order. */
  public static Map<String, String> texts(String... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values come in pairs");
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }
}
