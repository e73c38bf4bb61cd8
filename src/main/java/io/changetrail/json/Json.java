package io.changetrail.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;

/**
 * The program's one JSON setup: every layer reads and writes JSON through this mapper, so the
 * command line, the API, the ledger's bundles and the documents agree on how a tree is printed.
 * Canonical ledger bytes are not written here (domain.ledger.CanonicalJson does that).
 */
public final class Json {
  /** The shared mapper: thread-safe once configured; never reconfigure it. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();
  private static final ObjectWriter SORTED =
      MAPPER.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private Json() {}

  /** A tree (maps, lists, records, JsonNode) as indented JSON, without a final newline. */
  public static String pretty(Object tree) {
    try {
      return PRETTY.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /** Compact JSON. */
  public static String compact(Object tree) {
    try {
      return MAPPER.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /** The writer that orders map entries by key (bundles, whose bytes must be reproducible). */
  public static ObjectWriter sorted() {
    return SORTED;
  }

  /** The writer that indents. */
  public static ObjectWriter prettyWriter() {
    return PRETTY;
  }

  /** A Java tree (maps, lists, records) as a JsonNode. */
  public static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** Parses JSON text; throws IOException's message as an IllegalArgumentException. */
  public static JsonNode parse(String text) throws IOException {
    return MAPPER.readTree(text);
  }
}
