package io.changetrail.domain.ledger;

import java.util.Map;
import java.util.Objects;

/**
 * Something that happened and must be recorded: who did it, what kind of action it was, which
 * change it concerns (empty when none) and its details. The ledger gives it an index and a time.
 */
public record Fact(String actor, String kind, String change, Map<String, Object> data) {
  public Fact {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(kind, "kind");
    data = data == null ? Map.of() : data;
    if (actor.isBlank()) {
      throw new IllegalArgumentException("a ledger fact needs an actor");
    }
    if (kind.isBlank()) {
      throw new IllegalArgumentException("a ledger fact needs a kind");
    }
  }
}
