package io.changetrail.domain.event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reading and writing the fields of an entry's data. Reads are lenient, as the projection always
 * was (a missing text is empty, a value of another type is its text), so that an entry written by
 * an older or newer version, or appended raw, reads as it did; writes put exactly the keys and
 * values this version writes.
 */
final class Fields {
  private final Map<String, Object> data;
  private final Set<String> known;

  private Fields(Map<String, Object> data, String... known) {
    this.data = data == null ? Map.of() : data;
    this.known = Set.of(known);
  }

  /** A reader of {@code data} whose typed fields are {@code known}; the rest is {@link #more}. */
  static Fields of(Map<String, Object> data, String... known) {
    return new Fields(data, known);
  }

  String text(String key) {
    return text(key, "");
  }

  String text(String key, String fallback) {
    Object value = data.get(key);
    return value == null ? fallback : value.toString();
  }

  Optional<String> optionalText(String key) {
    return data.containsKey(key) ? Optional.of(text(key)) : Optional.empty();
  }

  boolean flag(String key) {
    return Boolean.TRUE.equals(data.get(key));
  }

  long number(String key) {
    return data.get(key) instanceof Number n ? n.longValue() : 0L;
  }

  Optional<Long> optionalNumber(String key) {
    return data.get(key) instanceof Number n ? Optional.of(n.longValue()) : Optional.empty();
  }

  List<String> texts(String key) {
    if (!(data.get(key) instanceof List<?> list)) {
      return List.of();
    }
    List<String> out = new ArrayList<>(list.size());
    list.forEach(item -> out.add(String.valueOf(item)));
    return List.copyOf(out);
  }

  Optional<List<String>> optionalTexts(String key) {
    return data.containsKey(key) ? Optional.of(texts(key)) : Optional.empty();
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> map(String key) {
    return data.get(key) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  Optional<Map<String, Object>> optionalMap(String key) {
    return data.get(key) instanceof Map<?, ?> ? Optional.of(map(key)) : Optional.empty();
  }

  @SuppressWarnings("unchecked")
  List<Map<String, Object>> maps(String key) {
    if (!(data.get(key) instanceof List<?> list)) {
      return List.of();
    }
    List<Map<String, Object>> out = new ArrayList<>(list.size());
    for (Object item : list) {
      if (item instanceof Map<?, ?> map) {
        out.add((Map<String, Object>) map);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** The keys that are not typed fields of the event (identity, signature, later versions'...). */
  Map<String, Object> more() {
    Map<String, Object> rest = new LinkedHashMap<>();
    data.forEach(
        (key, value) -> {
          if (!known.contains(key)) {
            rest.put(key, value);
          }
        });
    return rest.isEmpty() ? Map.of() : Collections.unmodifiableMap(rest);
  }

  /** Builds an entry's data: {@code more} first, then the typed fields in the order written. */
  static final class Writer {
    private final Map<String, Object> out = new LinkedHashMap<>();

    Writer(Map<String, Object> more) {
      out.putAll(more);
    }

    Writer put(String key, Object value) {
      out.put(key, value);
      return this;
    }

    Writer put(String key, Optional<?> value) {
      value.ifPresent(v -> out.put(key, v));
      return this;
    }

    Map<String, Object> data() {
      return out;
    }
  }
}
