package io.changetrail.ledger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.changetrail.domain.ledger.Fact;
import io.changetrail.domain.ledger.LedgerEntry;
import io.changetrail.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/** A ledger entry as the store keeps it (its canonical JSON bytes), read back into the model. */
public final class StoredEntry {
  private static final ObjectMapper JSON = Json.MAPPER;
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private StoredEntry() {}

  /**
   * The entry of these stored bytes.
   *
   * @throws IllegalArgumentException when they are not a readable entry (its message says why)
   */
  public static LedgerEntry parse(byte[] bytes) {
    try {
      Map<String, Object> json = JSON.readValue(bytes, MAP);
      @SuppressWarnings("unchecked")
      Map<String, Object> data = (Map<String, Object>) json.getOrDefault("data", Map.of());
      Object change = json.get("change");
      Fact fact =
          new Fact(
              String.valueOf(json.get("actor")),
              String.valueOf(json.get("kind")),
              change == null ? "" : change.toString(),
              data);
      return new LedgerEntry(
          ((Number) json.get("index")).longValue(),
          Instant.parse(String.valueOf(json.get("time"))),
          fact);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
