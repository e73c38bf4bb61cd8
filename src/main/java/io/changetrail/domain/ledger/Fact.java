package io.changetrail.domain.ledger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened and must be recorded: who did it, what kind of action it was, which
 * change it concerns (empty when none) and its details. The ledger gives it an index and a time.
 *
 * <p>The details are copied, deeply, into unmodifiable maps and lists (in the caller's order): a
 * fact is shared by every reader of the entry cache, across request threads, so neither the caller
 * nor a reader can change it afterwards.
 */
public record Fact(String actor, String kind, String change, Map<String, Object> data) {
  public Fact {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(kind, "kind");
    data = data == null ? Map.of() : frozen(data);
    if (actor.isBlank()) {
      throw new IllegalArgumentException("a ledger fact needs an actor");
    }
    if (kind.isBlank()) {
      throw new IllegalArgumentException("a ledger fact needs a kind");
    }
  }

  /** An unmodifiable deep copy of a map of JSON values (nulls kept, as the ledger writes them). */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> frozen(Map<String, Object> data) {
    return (Map<String, Object>) freeze(data);
  }

  private static Object freeze(Object value) {
    if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        return Map.of();
      }
      Map<Object, Object> copy = new LinkedHashMap<>(map.size() * 2);
      map.forEach((k, v) -> copy.put(k, freeze(v)));
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof Collection<?> list) {
      if (list.isEmpty()) {
        return List.of();
      }
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(item -> copy.add(freeze(item)));
      return Collections.unmodifiableList(copy);
    }
    return value; // strings, numbers, booleans, null: immutable
  }
}
