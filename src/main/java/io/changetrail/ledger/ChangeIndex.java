package io.changetrail.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.changetrail.domain.ledger.LedgerEntry;
import io.changetrail.json.Json;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An index of the ledger by change, derived from the entries and kept in the same database: {@code
 * ledger_change_index} holds, for every entry about a change, its index, the change id and the
 * content hash it names (if any); {@code ledger_meta.change_index_size} says how many entries it
 * covers. Appends extend it in their own transaction; a ledger whose index is behind (one made
 * before the index existed) is caught up when it is opened. It is a projection, never evidence:
 * {@code audit verify} compares it with the entries themselves.
 */
final class ChangeIndex {
  static final String SIZE_KEY = "change_index_size";
  private static final ObjectMapper JSON = Json.MAPPER;

  private ChangeIndex() {}

  /** One row: an entry about {@code change}, naming {@code contentHash} ("" when none). */
  record Row(long index, String change, String contentHash) {}

  /** The rows of entries appended in this transaction; the covered size moves with them. */
  static void added(Connection connection, List<LedgerEntry> entries) throws SQLException {
    if (entries.isEmpty()) {
      return;
    }
    List<Row> rows = new ArrayList<>();
    for (LedgerEntry entry : entries) {
      String change = entry.fact().change();
      if (change != null && !change.isEmpty()) {
        Object hash = entry.fact().data().get("contentHash");
        rows.add(new Row(entry.index(), change, hash instanceof String s ? s : ""));
      }
    }
    insert(connection, rows);
    long from = entries.get(0).index();
    long to = entries.get(entries.size() - 1).index() + 1;
    try (PreparedStatement advance =
        connection.prepareStatement(
            "UPDATE ledger_meta SET value = ? WHERE key = '" + SIZE_KEY + "' AND value = ?")) {
      // only an index that covered everything before these entries covers them too
      advance.setString(1, Long.toString(to));
      advance.setString(2, Long.toString(from));
      advance.executeUpdate();
    }
  }

  private static void insert(Connection connection, List<Row> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO ledger_change_index (idx, change_id, content_hash) VALUES (?, ?, ?)"
                + " ON CONFLICT (idx) DO NOTHING")) {
      for (Row row : rows) {
        insert.setLong(1, row.index());
        insert.setString(2, row.change());
        insert.setString(3, row.contentHash());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** How many entries the index covers. */
  static long covered(Connection connection) throws SQLException {
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT value FROM ledger_meta WHERE key = '" + SIZE_KEY + "'");
        ResultSet rows = select.executeQuery()) {
      return rows.next() ? Long.parseLong(rows.getString(1)) : 0;
    }
  }

  /**
   * Indexes entries {@code [covered, head)} and records the index as covering {@code head}; runs
   * inside a transaction holding the writer's turn, so no append interleaves.
   */
  static void catchUp(Connection connection, LedgerStore.Reader reader, long covered, long head)
      throws SQLException {
    List<Row> rows = new ArrayList<>();
    reader.entries(
        covered,
        head,
        (index, bytes, leaf) -> {
          Row row = row(index, bytes);
          if (row != null) {
            rows.add(row);
          }
        });
    insert(connection, rows);
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE ledger_meta SET value = ? WHERE key = '" + SIZE_KEY + "'")) {
      update.setString(1, Long.toString(head));
      update.executeUpdate();
    }
  }

  /** The row an entry's bytes give, or null when it is about no change (or unreadable). */
  static Row row(long index, byte[] bytes) {
    try {
      JsonNode node = JSON.readTree(bytes);
      String change = node.path("change").asText("");
      if (change.isEmpty()) {
        return null;
      }
      return new Row(index, change, node.path("data").path("contentHash").asText(""));
    } catch (IOException e) {
      return null; // verification names an unreadable entry; the index just leaves it out
    }
  }

  /** Every row, by index. */
  static Map<Long, Row> all(Connection connection) throws SQLException {
    Map<Long, Row> rows = new LinkedHashMap<>();
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT idx, change_id, content_hash FROM ledger_change_index ORDER BY idx");
        ResultSet result = select.executeQuery()) {
      while (result.next()) {
        rows.put(
            result.getLong(1),
            new Row(result.getLong(1), result.getString(2), result.getString(3)));
      }
    }
    return rows;
  }
}
