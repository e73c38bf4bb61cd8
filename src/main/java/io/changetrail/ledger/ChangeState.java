package io.changetrail.ledger;

import io.changetrail.domain.ledger.LedgerEntry;
import io.changetrail.domain.lifecycle.ChangeStage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each change stands, derived from its entries and kept in the same database beside the index
 * by change: {@code ledger_change_state} holds, per change, the index of its first entry, its
 * {@link ChangeStage}, when it was registered and its risk; {@code ledger_meta.change_state_size}
 * says how many entries the rows account for and {@code change_state_version} which derivation
 * wrote them. Each append derives the rows of the changes it touches in its own transaction (from
 * the change's entries read through the index); a ledger whose rows are behind or were derived by
 * another version is derived again when opened, by replaying its entries change by change. It is a
 * projection, never evidence: {@code audit verify} derives every row again and compares.
 */
final class ChangeState {
  static final String SIZE_KEY = "change_state_size";
  static final String VERSION_KEY = "change_state_version";
  private static final int BATCH = 1000;

  private ChangeState() {}

  /**
   * Derives the rows of the changes {@code entries} (appended in this transaction) are about, and
   * moves the covered size with them when the rows covered everything before these entries.
   */
  static void added(Connection connection, List<LedgerEntry> entries) throws SQLException {
    if (entries.isEmpty()) {
      return;
    }
    long from = entries.get(0).index();
    long to = entries.get(entries.size() - 1).index() + 1;
    if (covered(connection) != from || version(connection) != ChangeStage.VERSION) {
      return; // being rebuilt: the next open derives every change again
    }
    Set<String> touched = new LinkedHashSet<>();
    for (LedgerEntry entry : entries) {
      String change = entry.fact().change();
      if (change != null && !change.isEmpty()) {
        touched.add(change);
      }
    }
    List<LedgerStore.StateRow> rows = new ArrayList<>();
    for (String change : touched) {
      rows.add(derive(change, entriesOf(connection, change)));
    }
    upsert(connection, rows);
    setMeta(connection, SIZE_KEY, Long.toString(to));
  }

  /** A change's entries (index, bytes) through the index by change, in index order. */
  private static List<Stored> entriesOf(Connection connection, String change) throws SQLException {
    List<Stored> stored = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT e.idx, e.entry FROM ledger_change_index c JOIN ledger_entry e ON e.idx = c.idx"
                + " WHERE c.change_id = ? ORDER BY c.idx")) {
      select.setString(1, change);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          stored.add(new Stored(rows.getLong(1), rows.getBytes(2)));
        }
      }
    }
    return stored;
  }

  /** An entry as stored. */
  record Stored(long index, byte[] bytes) {}

  /** The row a change's stored entries (in index order) give. */
  static LedgerStore.StateRow derive(String change, List<Stored> stored) {
    long first = stored.isEmpty() ? -1 : stored.get(0).index();
    List<LedgerEntry> entries = new ArrayList<>(stored.size());
    try {
      for (Stored entry : stored) {
        entries.add(StoredEntry.parse(entry.bytes()));
      }
      ChangeStage.Derived derived = ChangeStage.derive(change, entries);
      return new LedgerStore.StateRow(
          change,
          first,
          derived.stage().name(),
          derived.registered() == null ? "" : LedgerEntry.TIME.format(derived.registered()),
          derived.risk());
    } catch (RuntimeException e) {
      // verification names the unreadable entry; whoever projects the change reports it
      return new LedgerStore.StateRow(change, first, ChangeStage.UNREADABLE.name(), "", "");
    }
  }

  private static void upsert(Connection connection, List<LedgerStore.StateRow> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement upsert =
        connection.prepareStatement(
            "INSERT INTO ledger_change_state (change_id, first_idx, stage, registered_at, risk)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (change_id) DO UPDATE SET"
                + " first_idx = excluded.first_idx, stage = excluded.stage,"
                + " registered_at = excluded.registered_at, risk = excluded.risk")) {
      int pending = 0;
      for (LedgerStore.StateRow row : rows) {
        upsert.setString(1, row.change());
        upsert.setLong(2, row.firstIndex());
        upsert.setString(3, row.stage());
        upsert.setString(4, row.registeredAt());
        upsert.setString(5, row.risk());
        upsert.addBatch();
        if (++pending == BATCH) {
          upsert.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        upsert.executeBatch();
      }
    }
  }

  /** How many entries the rows account for. */
  static long covered(Connection connection) throws SQLException {
    String value = meta(connection, SIZE_KEY);
    return value == null ? 0 : Long.parseLong(value);
  }

  /** Which derivation wrote the rows (0: none yet). */
  static int version(Connection connection) throws SQLException {
    String value = meta(connection, VERSION_KEY);
    return value == null ? 0 : Integer.parseInt(value);
  }

  /** Whether the rows account for every one of {@code size} entries, by this derivation. */
  static boolean current(Connection connection, long size) throws SQLException {
    return covered(connection) >= size && version(connection) == ChangeStage.VERSION;
  }

  private static String meta(Connection connection, String key) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT value FROM ledger_meta WHERE key = ?")) {
      select.setString(1, key);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    }
  }

  private static void setMeta(Connection connection, String key, String value) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "INSERT INTO ledger_meta (key, value) VALUES (?, ?)"
                + " ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
      update.setString(1, key);
      update.setString(2, value);
      update.executeUpdate();
    }
  }

  /**
   * Derives the rows again up to {@code head}: those of the changes with entries from the covered
   * size on, or, when the rows were written by another derivation, every change (replayed change by
   * change, one in memory at a time). Runs inside a transaction holding the writer's turn, after
   * the index by change was caught up.
   */
  static void catchUp(Connection connection, long head) throws SQLException {
    boolean rebuild = version(connection) != ChangeStage.VERSION;
    long from = rebuild ? 0 : covered(connection);
    if (rebuild) {
      try (PreparedStatement delete =
          connection.prepareStatement("DELETE FROM ledger_change_state")) {
        delete.executeUpdate();
      }
    }
    String sql =
        "SELECT c.change_id, e.idx, e.entry FROM ledger_change_index c"
            + " JOIN ledger_entry e ON e.idx = c.idx"
            + (from == 0
                ? ""
                : " WHERE c.change_id IN (SELECT change_id FROM ledger_change_index WHERE idx >= ?)")
            + " ORDER BY c.change_id, c.idx";
    List<LedgerStore.StateRow> rows = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setFetchSize(10_000);
      if (from != 0) {
        select.setLong(1, from);
      }
      try (ResultSet result = select.executeQuery()) {
        String change = null;
        List<Stored> stored = new ArrayList<>();
        while (result.next()) {
          String id = result.getString(1);
          if (!id.equals(change)) {
            if (change != null) {
              rows.add(derive(change, stored));
              stored = new ArrayList<>();
            }
            change = id;
          }
          stored.add(new Stored(result.getLong(2), result.getBytes(3)));
          if (rows.size() >= BATCH) {
            upsert(connection, rows);
            rows.clear();
          }
        }
        if (change != null) {
          rows.add(derive(change, stored));
        }
      }
    }
    upsert(connection, rows);
    setMeta(connection, SIZE_KEY, Long.toString(head));
    setMeta(connection, VERSION_KEY, Integer.toString(ChangeStage.VERSION));
  }

  /**
   * Where the rows disagree with a replay of each change's entries (read through the index by
   * change, which the caller has checked against every entry): a missing, extra or wrong row, at
   * most {@code limit}. Returns the findings and how many changes were replayed.
   */
  static LedgerStore.StateCheck check(Connection connection, int limit) throws SQLException {
    Map<String, LedgerStore.StateRow> stored = new java.util.HashMap<>();
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT change_id, first_idx, stage, registered_at, risk FROM ledger_change_state");
        ResultSet result = select.executeQuery()) {
      while (result.next()) {
        stored.put(
            result.getString(1),
            new LedgerStore.StateRow(
                result.getString(1),
                result.getLong(2),
                result.getString(3),
                result.getString(4),
                result.getString(5)));
      }
    }
    List<String> findings = new ArrayList<>();
    long[] changes = {0};
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT c.change_id, e.idx, e.entry FROM ledger_change_index c"
                + " JOIN ledger_entry e ON e.idx = c.idx ORDER BY c.change_id, c.idx")) {
      select.setFetchSize(10_000);
      try (ResultSet result = select.executeQuery()) {
        String change = null;
        List<Stored> entries = new ArrayList<>();
        while (true) {
          boolean more = result.next();
          String id = more ? result.getString(1) : null;
          if (change != null && !change.equals(id)) {
            changes[0]++;
            compare(derive(change, entries), stored.remove(change), findings, limit);
            entries = new ArrayList<>();
          }
          if (!more) {
            break;
          }
          change = id;
          entries.add(new Stored(result.getLong(2), result.getBytes(3)));
        }
      }
    }
    for (LedgerStore.StateRow extra : stored.values()) {
      if (findings.size() < limit) {
        findings.add(
            "the change states have a row for "
                + extra.change()
                + ", which has no entries: the state table was changed in the database");
      }
    }
    return new LedgerStore.StateCheck(findings, changes[0]);
  }

  private static void compare(
      LedgerStore.StateRow expected, LedgerStore.StateRow found, List<String> findings, int limit) {
    if (findings.size() >= limit || expected.equals(found)) {
      return;
    }
    findings.add(
        "the change state of "
            + expected.change()
            + (found == null
                ? " is missing"
                : " says "
                    + describe(found)
                    + ", but a replay of its entries gives "
                    + describe(expected))
            + ": the state table was changed in the database after the append");
  }

  private static String describe(LedgerStore.StateRow row) {
    return row.stage()
        + " (first entry "
        + row.firstIndex()
        + (row.registeredAt().isEmpty() ? "" : ", registered " + row.registeredAt())
        + (row.risk().isEmpty() ? "" : ", risk " + row.risk())
        + ")";
  }

  /**
   * Registered changes in the order of a filtered list, after {@code after} (null: from the start):
   * newest first by registration time (ties oldest first by first entry), or exactly the reverse.
   * Narrowed by the stages, risk and period given (null or empty: any); at most {@code limit}.
   */
  static List<LedgerStore.StateRow> list(
      Connection connection,
      Set<String> stages,
      String risk,
      String since,
      String until,
      LedgerStore.StateCursor after,
      boolean newestFirst,
      int limit)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "SELECT change_id, first_idx, stage, registered_at, risk FROM ledger_change_state"
                + " WHERE stage <> '"
                + ChangeStage.NONE.name()
                + "' AND (registered_at <> '' OR stage = '"
                + ChangeStage.UNREADABLE.name()
                + "')");
    List<Object> values = new ArrayList<>();
    if (stages != null && !stages.isEmpty()) {
      sql.append(" AND stage IN (").append("?,".repeat(stages.size() - 1)).append("?)");
      values.addAll(stages);
    }
    if (risk != null && !risk.isEmpty()) {
      sql.append(" AND (risk = ? OR stage = ?)");
      values.add(risk);
      values.add(ChangeStage.UNREADABLE.name());
    }
    if (since != null && !since.isEmpty()) {
      sql.append(" AND (registered_at >= ? OR stage = ?)");
      values.add(since);
      values.add(ChangeStage.UNREADABLE.name());
    }
    if (until != null && !until.isEmpty()) {
      sql.append(" AND (registered_at < ? OR stage = ?)");
      values.add(until);
      values.add(ChangeStage.UNREADABLE.name());
    }
    if (after != null) {
      sql.append(
          newestFirst
              ? " AND (registered_at < ? OR (registered_at = ? AND first_idx > ?))"
              : " AND (registered_at > ? OR (registered_at = ? AND first_idx < ?))");
      values.add(after.registeredAt());
      values.add(after.registeredAt());
      values.add(after.firstIndex());
    }
    sql.append(
        newestFirst
            ? " ORDER BY registered_at DESC, first_idx ASC"
            : " ORDER BY registered_at ASC, first_idx DESC");
    sql.append(" LIMIT ?");
    values.add(limit);
    List<LedgerStore.StateRow> found = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
      for (int i = 0; i < values.size(); i++) {
        Object value = values.get(i);
        if (value instanceof Long l) {
          select.setLong(i + 1, l);
        } else if (value instanceof Integer n) {
          select.setInt(i + 1, n);
        } else {
          select.setString(i + 1, value.toString());
        }
      }
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          found.add(
              new LedgerStore.StateRow(
                  result.getString(1),
                  result.getLong(2),
                  result.getString(3),
                  result.getString(4),
                  result.getString(5)));
        }
      }
    }
    return found;
  }

  /** One change's row, if it has one. */
  static java.util.Optional<LedgerStore.StateRow> of(Connection connection, String change)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT change_id, first_idx, stage, registered_at, risk FROM ledger_change_state"
                + " WHERE change_id = ?")) {
      select.setString(1, change);
      try (ResultSet result = select.executeQuery()) {
        return result.next()
            ? java.util.Optional.of(
                new LedgerStore.StateRow(
                    result.getString(1),
                    result.getLong(2),
                    result.getString(3),
                    result.getString(4),
                    result.getString(5)))
            : java.util.Optional.empty();
      }
    }
  }
}
