package io.changetrail.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.ledger.Fact;
import io.changetrail.domain.ledger.LedgerEntry;
import io.changetrail.domain.ledger.Merkle;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The ledger's database: an append-only log of canonical JSON entries with their leaf hashes, a
 * head row that hands out dense indices, and the signed checkpoints. SQLite or PostgreSQL, told
 * apart by the JDBC URL. Safe to share across threads; each operation borrows its own connection.
 */
public final class LedgerStore implements AutoCloseable {
  /** A change id and the index of its first entry. */
  public record FirstEntry(String change, long index) {}

  /**
   * Where a change stands as its entries alone tell (see {@link
   * io.changetrail.domain.lifecycle.ChangeStage}): its first entry, stage, registration time
   * ({@link LedgerEntry#TIME}, "" when not registered) and risk ("" when not registered).
   */
  public record StateRow(
      String change, long firstIndex, String stage, String registeredAt, String risk) {}

  /** What checking the change states against a replay found, and how many changes it replayed. */
  public record StateCheck(List<String> findings, long changes) {}

  /** A position in a filtered list of changes: a change's registration time and first entry. */
  public record StateCursor(String registeredAt, long firstIndex) {}

  /**
   * What narrows a filtered list at the store: stages (empty: any), risk, and registered at or
   * after {@code since} and before {@code until} ({@link LedgerEntry#TIME} text; "" for none).
   */
  public record StateFilter(
      java.util.Set<String> stages, String risk, String since, String until) {}

  /** The most connections one process holds to a PostgreSQL ledger (a server node's pool). */
  static final int POSTGRESQL_POOL_SIZE = 10;

  /** How long an operation waits for a free connection before it says the ledger is busy. */
  static final long BORROW_TIMEOUT_MS = 10_000;

  private final String url;
  private final String label;
  private final Dialect dialect;
  private final Clock clock;
  private final HikariDataSource pool;
  private final long borrowTimeoutMs;
  private final String origin;
  private volatile boolean closed;

  /** The Idempotency-Key claim of the request this thread works on, if any. */
  private final ThreadLocal<IdempotencyStore.Claim> claim = new ThreadLocal<>();

  /** What a reader gets for each entry: its index, exact bytes and stored leaf hash. */
  public interface EntrySink {
    void accept(long index, byte[] entry, byte[] leafHash);
  }

  /** A checkpoint as stored: its size, root and the signed note. */
  public record StoredCheckpoint(long size, byte[] root, String note, String createdAt) {}

  private LedgerStore(String url, Clock clock) {
    this(url, clock, POSTGRESQL_POOL_SIZE, BORROW_TIMEOUT_MS);
  }

  private LedgerStore(String url, Clock clock, int poolSize, long borrowTimeoutMs) {
    this.url = url;
    this.label = describe(url);
    this.dialect = Dialect.of(url);
    this.clock = clock;
    this.borrowTimeoutMs = borrowTimeoutMs;
    this.pool =
        dialect == Dialect.POSTGRESQL ? pool(url, dialect, poolSize, borrowTimeoutMs) : null;
    try {
      this.origin = migrate();
      indexChanges();
    } catch (RuntimeException e) {
      if (pool != null) {
        pool.close();
      }
      throw e;
    }
  }

  /**
   * PostgreSQL's connections come from a pool; SQLite's are opened per operation (a local file:
   * cheap to open, nothing to validate, nothing to go stale), which keeps HikariCP's start-up
   * (about 0.15 s of CPU) off the short command-line runs that use SQLite.
   *
   * <p>HikariCP over the dialect's own connect (its pragmas and session settings): at most a
   * bounded number of connections, a borrow that waits {@link #BORROW_TIMEOUT_MS} at most,
   * connections validated before they are handed out after sitting idle, none opened before the
   * first use.
   */
  private static HikariDataSource pool(
      String url, Dialect dialect, int poolSize, long borrowTimeoutMs) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("changetrail-ledger");
    config.setDataSource(new DialectDataSource(dialect, url));
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(borrowTimeoutMs);
    config.setInitializationFailTimeout(-1);
    // PostgreSQL runs in explicit transactions; SQLite's are opened by statements (BEGIN ...).
    config.setAutoCommit(dialect != Dialect.POSTGRESQL);
    return new HikariDataSource(config);
  }

  /** Opens (creating and migrating when needed) the ledger at a JDBC URL. */
  public static LedgerStore open(String url) {
    return new LedgerStore(url, Clock.systemUTC());
  }

  /** Like {@link #open(String)} with another pool bound and borrow timeout (for tests). */
  static LedgerStore open(String url, int poolSize, java.time.Duration borrowTimeout) {
    return new LedgerStore(url, Clock.systemUTC(), poolSize, borrowTimeout.toMillis());
  }

  /**
   * Opens a ledger that must exist already, for commands that only read: a read never creates or
   * repairs a ledger. A SQLite file that is missing or empty (zero bytes: truncated or replaced) is
   * refused, saying so, where {@link #open} would silently make a new, empty ledger.
   */
  public static LedgerStore openExisting(String url) {
    Optional<java.nio.file.Path> file = sqliteFile(url);
    if (file.isPresent() && !java.nio.file.Files.exists(file.get())) {
      throw new ChangeTrailException(
          Problem.LEDGER_UNAVAILABLE,
          "there is no ledger at " + file.get() + ": nothing has been recorded in it yet",
          "check --ledger (or CHANGETRAIL_LEDGER, changetrail.yml); a read never creates one");
    }
    return openForRead(url);
  }

  /**
   * Opens a ledger for a read that may find it not created yet (then empty), but never "repairs" a
   * SQLite file that exists and is empty (zero bytes): that is refused, saying so.
   */
  public static LedgerStore openForRead(String url) {
    Optional<java.nio.file.Path> file = sqliteFile(url);
    if (file.isPresent()) {
      java.nio.file.Path path = file.get();
      if (!java.nio.file.Files.exists(path)) {
        return open(url);
      }
      try {
        if (java.nio.file.Files.size(path) == 0) {
          throw new ChangeTrailException(
              Problem.LEDGER_UNAVAILABLE,
              "the ledger "
                  + path
                  + " is empty (0 bytes): it was truncated or replaced, and its entries are gone"
                  + " from this file",
              "restore it from a backup and run 'changetrail audit verify' (the git ref"
                  + " refs/changetrail/checkpoints still holds its checkpoints); a read never"
                  + " re-creates it");
        }
      } catch (java.io.IOException e) {
        throw new ChangeTrailException(
            Problem.LEDGER_UNAVAILABLE,
            "cannot read the ledger " + path + ": " + e.getMessage(),
            "");
      }
    }
    return open(url);
  }

  /** The file of a SQLite URL ({@code jdbc:sqlite:FILE[?options]}), unless in memory. */
  static Optional<java.nio.file.Path> sqliteFile(String url) {
    if (!url.startsWith("jdbc:sqlite:")) {
      return Optional.empty();
    }
    String rest = url.substring("jdbc:sqlite:".length());
    int query = rest.indexOf('?');
    String name = query < 0 ? rest : rest.substring(0, query);
    if (name.startsWith("file:")) {
      name = name.substring("file:".length());
    }
    if (name.isEmpty() || name.equals(":memory:") || name.contains("mode=memory")) {
      return Optional.empty();
    }
    return Optional.of(java.nio.file.Path.of(name));
  }

  /**
   * A store whose entries are stamped by {@code clock}: for tests and for the demo, which records a
   * past quarter on a clock set to each of its moments. A real ledger uses {@link #open(String)}.
   */
  public static LedgerStore open(String url, Clock clock) {
    return new LedgerStore(url, clock);
  }

  /** The log's origin line for checkpoints: unique per ledger, made when it is created. */
  public String origin() {
    return origin;
  }

  /** Where the ledger is, for messages (no password). */
  public String label() {
    return label;
  }

  /** Appends one fact; returns the entry as stored once it is durable. */
  public LedgerEntry append(Fact fact) {
    return append(List.of(fact)).get(0);
  }

  /**
   * Appends facts in one transaction at consecutive indices; returns the entries once they are
   * durable (committed with the database's durability settings).
   */
  public List<LedgerEntry> append(List<Fact> facts) {
    if (facts.isEmpty()) {
      return List.of();
    }
    return write(connection -> append(connection, facts));
  }

  /**
   * Appends facts unless an entry stored since the log had {@code seen} entries matches {@code
   * conflicts}: the check runs while this transaction holds the writer's turn, so no entry can slip
   * in between. Empty, with nothing appended, when one matches. This is how a decision taken on
   * what was read at size {@code seen} is recorded only while it still holds, on any number of
   * nodes, without reading more than the entries appended since.
   */
  public Optional<List<LedgerEntry>> appendUnless(
      long seen, Predicate<byte[]> conflicts, List<Fact> facts) {
    return write(
        connection -> {
          long head = dialect.reserve(connection, 0);
          if (head > seen) {
            boolean[] conflict = {false};
            new Reader(connection)
                .entries(seen, head, (index, entry, leaf) -> conflict[0] |= conflicts.test(entry));
            if (conflict[0]) {
              return Optional.empty();
            }
          }
          return Optional.of(append(connection, facts));
        });
  }

  /**
   * Appends facts inside a write transaction that is already open, at consecutive indices taken
   * from the head row: they commit or roll back with whatever else that transaction writes.
   */
  List<LedgerEntry> append(Connection connection, List<Fact> facts) throws SQLException {
    if (facts.isEmpty()) {
      return List.of();
    }
    long first = dialect.reserve(connection, facts.size());
    Instant now = clock.instant();
    IdempotencyStore.Claim bound = claim.get();
    if (bound != null) {
      bound.appended(connection, first, first + facts.size() - 1, now);
    }
    Merkle merkle = new Merkle();
    List<LedgerEntry> entries = new ArrayList<>(facts.size());
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO ledger_entry (idx, entry, leaf_hash) VALUES (?, ?, ?)")) {
      for (int i = 0; i < facts.size(); i++) {
        LedgerEntry entry = new LedgerEntry(first + i, now, facts.get(i));
        byte[] bytes = entry.canonicalBytes();
        insert.setLong(1, entry.index());
        insert.setBytes(2, bytes);
        insert.setBytes(3, merkle.leafHash(bytes));
        if (facts.size() == 1) {
          insert.executeUpdate();
        } else {
          insert.addBatch();
        }
        entries.add(entry);
      }
      if (facts.size() > 1) {
        insert.executeBatch();
      }
    }
    ChangeIndex.added(connection, entries);
    ChangeState.added(connection, entries);
    return entries;
  }

  /**
   * Runs {@code work} with an Idempotency-Key claim bound to this thread: each append it makes also
   * binds the key, in the append's transaction (see {@link IdempotencyStore}).
   */
  <T> T withClaim(IdempotencyStore.Claim bound, java.util.function.Supplier<T> work) {
    IdempotencyStore.Claim outer = claim.get();
    claim.set(bound);
    try {
      return work.get();
    } finally {
      if (outer == null) {
        claim.remove();
      } else {
        claim.set(outer);
      }
    }
  }

  /** Stores a signed checkpoint (kept as it is when one of that size is already stored). */
  public void saveCheckpoint(long size, byte[] root, String note) {
    write(
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO ledger_checkpoint (size, root, note, created_at) VALUES (?, ?, ?, ?)"
                      + " ON CONFLICT (size) DO NOTHING")) {
            insert.setLong(1, size);
            insert.setBytes(2, root);
            insert.setString(3, note);
            insert.setString(4, LedgerEntry.TIME.format(clock.instant()));
            insert.executeUpdate();
          }
          return null;
        });
  }

  /**
   * Brings the index by change up to the ledger's size when it is behind (a ledger made before the
   * index existed): once, under the writer's turn, so appends wait rather than interleave.
   */
  private void indexChanges() {
    boolean behind =
        readWith(
            connection -> {
              long size = new Reader(connection).size();
              return ChangeIndex.covered(connection) < size
                  || !ChangeState.current(connection, size);
            });
    if (!behind) {
      return;
    }
    try {
      writeInTurn(
          connection -> {
            long head = new Reader(connection).size();
            long covered = ChangeIndex.covered(connection);
            if (covered < head) {
              ChangeIndex.catchUp(connection, new Reader(connection), covered, head);
            }
            if (!ChangeState.current(connection, head)) {
              ChangeState.catchUp(connection, head);
            }
            return null;
          });
    } catch (ChangeTrailException e) {
      // A ledger this process may only read (a read-only copy given to an auditor), or one locked
      // for longer than the writer's timeout: the index stays behind, and readers then read the
      // whole ledger instead of trusting it (Reader.changeIndexCurrent is false).
    }
  }

  /** Runs {@code work} on one consistent snapshot of the ledger. */
  public <T> T read(ReadWork<T> work) {
    return readWith(connection -> work.run(new Reader(connection)));
  }

  /** Runs {@code work} on a connection inside a read-only transaction of one snapshot. */
  <T> T readWith(WriteWork<T> work) {
    for (int attempt = 1; ; attempt++) {
      Connection connection = borrow();
      boolean healthy = true;
      try {
        dialect.beginRead(connection);
        try {
          T result = work.run(connection);
          dialect.commit(connection);
          return result;
        } catch (SQLException | RuntimeException e) {
          dialect.rollback(connection);
          throw e;
        }
      } catch (SQLException e) {
        healthy = false;
        if (attempt == 1 && lost(e)) {
          continue; // a read is safe to repeat
        }
        throw dialect.translate(e, label);
      } finally {
        giveBack(connection, healthy);
      }
    }
  }

  /** A read that runs inside one snapshot. */
  public interface ReadWork<T> {
    T run(Reader reader) throws SQLException;
  }

  /** Reads one snapshot of the ledger. */
  public final class Reader {
    private final Connection connection;

    private Reader(Connection connection) {
      this.connection = connection;
    }

    /** The number of entries. */
    public long size() throws SQLException {
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT next FROM ledger_head WHERE id = 1")) {
        return rows.next() ? rows.getLong(1) : 0;
      }
    }

    /** Entries {@code [from, to)} in index order, as stored (a deleted row is simply absent). */
    public void entries(long from, long to, EntrySink sink) throws SQLException {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT idx, entry, leaf_hash FROM ledger_entry WHERE idx >= ? AND idx < ?"
                  + " ORDER BY idx")) {
        select.setFetchSize(10_000);
        select.setLong(1, from);
        select.setLong(2, to);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            sink.accept(rows.getLong(1), rows.getBytes(2), rows.getBytes(3));
          }
        }
      }
    }

    /** The stored leaf hashes of {@code [from, to)}, in index order. */
    public List<byte[]> leafHashes(long from, long to) throws SQLException {
      List<byte[]> hashes = new ArrayList<>((int) Math.max(0, Math.min(to - from, 1 << 24)));
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT leaf_hash FROM ledger_entry WHERE idx >= ? AND idx < ? ORDER BY idx")) {
        select.setFetchSize(10_000);
        select.setLong(1, from);
        select.setLong(2, to);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            hashes.add(rows.getBytes(1));
          }
        }
      }
      return hashes;
    }

    /** One entry's exact bytes. */
    public Optional<byte[]> entry(long index) throws SQLException {
      try (PreparedStatement select =
          connection.prepareStatement("SELECT entry FROM ledger_entry WHERE idx = ?")) {
        select.setLong(1, index);
        try (ResultSet rows = select.executeQuery()) {
          return rows.next() ? Optional.of(rows.getBytes(1)) : Optional.empty();
        }
      }
    }

    /** Whether the index by change covers every entry (it does, unless being rebuilt). */
    public boolean changeIndexCurrent() throws SQLException {
      return ChangeIndex.covered(connection) >= size();
    }

    /**
     * Whether the change states account for every entry, derived by this version (they do, unless
     * being rebuilt).
     */
    public boolean changeStateCurrent() throws SQLException {
      return ChangeIndex.covered(connection) >= size() && ChangeState.current(connection, size());
    }

    /**
     * Registered changes in the order of a filtered list (newest first by registration, ties oldest
     * first by first entry; or exactly the reverse), after {@code after} (null: from the start),
     * narrowed by {@code filter}, at most {@code limit}: read from the change states alone.
     */
    public List<StateRow> changeStates(
        StateFilter filter, StateCursor after, boolean newestFirst, int limit) throws SQLException {
      return ChangeState.list(
          connection,
          filter.stages(),
          filter.risk(),
          filter.since(),
          filter.until(),
          after,
          newestFirst,
          limit);
    }

    /**
     * Derives every change's state again from its entries (read through the index by change, which
     * {@link #changeIndexFindings} checks against every entry) and compares it with the stored one:
     * at most {@code limit} findings.
     */
    public StateCheck changeStateCheck(int limit) throws SQLException {
      return ChangeState.check(connection, limit);
    }

    /** One change's state, if it has entries. */
    public Optional<StateRow> changeState(String change) throws SQLException {
      return ChangeState.of(connection, change);
    }

    /** The entries about one change, in index order, found through the index by change. */
    public void changeEntries(String change, EntrySink sink) throws SQLException {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT e.idx, e.entry, e.leaf_hash FROM ledger_change_index c"
                  + " JOIN ledger_entry e ON e.idx = c.idx WHERE c.change_id = ? ORDER BY e.idx")) {
        select.setString(1, change);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            sink.accept(rows.getLong(1), rows.getBytes(2), rows.getBytes(3));
          }
        }
      }
    }

    /**
     * Change ids in the order of their first entries, from the index by change: those whose first
     * entry comes after {@code bound} (or, {@code newestFirst}, before it), at most {@code limit}.
     * Only the index is read, not the entries.
     */
    public List<FirstEntry> changesByFirstEntry(long bound, boolean newestFirst, int limit)
        throws SQLException {
      String sql =
          newestFirst
              ? "SELECT change_id, MIN(idx) AS first_idx FROM ledger_change_index GROUP BY"
                  + " change_id HAVING MIN(idx) < ? ORDER BY first_idx DESC LIMIT ?"
              : "SELECT change_id, MIN(idx) AS first_idx FROM ledger_change_index GROUP BY"
                  + " change_id HAVING MIN(idx) > ? ORDER BY first_idx ASC LIMIT ?";
      List<FirstEntry> found = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(sql)) {
        select.setLong(1, bound);
        select.setInt(2, limit);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            found.add(new FirstEntry(rows.getString(1), rows.getLong(2)));
          }
        }
      }
      return found;
    }

    /** The index of the first entry about {@code change}; empty when it has none. */
    public Optional<Long> firstEntryOf(String change) throws SQLException {
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT MIN(idx) FROM ledger_change_index WHERE change_id = ?")) {
        select.setString(1, change);
        try (ResultSet rows = select.executeQuery()) {
          if (rows.next()) {
            long first = rows.getLong(1);
            return rows.wasNull() ? Optional.empty() : Optional.of(first);
          }
          return Optional.empty();
        }
      }
    }

    /** Every change id that has entries. */
    public java.util.Set<String> changeIds() throws SQLException {
      java.util.Set<String> ids = new java.util.LinkedHashSet<>();
      try (Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery("SELECT DISTINCT change_id FROM ledger_change_index")) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
      return ids;
    }

    /** The changes with an entry naming {@code contentHash}. */
    public java.util.Set<String> changesNaming(String contentHash) throws SQLException {
      java.util.Set<String> ids = new java.util.LinkedHashSet<>();
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT DISTINCT change_id FROM ledger_change_index WHERE content_hash = ?")) {
        select.setString(1, contentHash);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            ids.add(rows.getString(1));
          }
        }
      }
      return ids;
    }

    /**
     * Where the index by change disagrees with the entries of {@code [0, size)} themselves: a
     * missing, extra or wrong row (at most {@code limit} of them). Empty when it agrees.
     */
    public List<String> changeIndexFindings(long size, int limit) throws SQLException {
      Map<Long, ChangeIndex.Row> rows = new java.util.HashMap<>(ChangeIndex.all(connection));
      List<String> findings = new ArrayList<>();
      entries(
          0,
          size,
          (index, bytes, leaf) -> {
            ChangeIndex.Row expected = ChangeIndex.row(index, bytes);
            ChangeIndex.Row found = rows.remove(index);
            if (findings.size() < limit && !java.util.Objects.equals(expected, found)) {
              findings.add(
                  "entry "
                      + index
                      + " is about "
                      + (expected == null
                          ? "no change"
                          : expected.change()
                              + (expected.contentHash().isEmpty()
                                  ? ""
                                  : " (content " + expected.contentHash() + ")"))
                      + ", but the index by change written with it "
                      + (found == null
                          ? "has no row for it"
                          : "says "
                              + found.change()
                              + (found.contentHash().isEmpty()
                                  ? ""
                                  : " (content " + found.contentHash() + ")"))
                      + ": the entry or the index was changed in the database after the append");
            }
          });
      for (ChangeIndex.Row extra : rows.values()) {
        if (extra.index() < size && findings.size() < limit) {
          findings.add(
              "the index by change has a row for entry " + extra.index() + " that is absent");
        }
      }
      return findings;
    }

    /** Every stored checkpoint, smallest first. */
    public List<StoredCheckpoint> checkpoints() throws SQLException {
      List<StoredCheckpoint> checkpoints = new ArrayList<>();
      try (Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT size, root, note, created_at FROM ledger_checkpoint ORDER BY size")) {
        while (rows.next()) {
          checkpoints.add(
              new StoredCheckpoint(
                  rows.getLong(1), rows.getBytes(2), rows.getString(3), rows.getString(4)));
        }
      }
      return checkpoints;
    }
  }

  /** Work on a connection inside a transaction that {@link LedgerStore} opens and ends. */
  interface WriteWork<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} in a transaction that holds the writer's turn; commits, or rolls back
   * everything on any failure (nothing half-written). A transaction that lost its connection before
   * it asked to commit is run once more on a fresh connection.
   */
  <T> T write(WriteWork<T> work) {
    for (int attempt = 1; ; attempt++) {
      Connection connection = borrow();
      boolean healthy = true;
      boolean committing = false;
      try {
        dialect.beginWrite(connection);
        T result;
        try {
          result = work.run(connection);
          committing = true;
          dialect.commit(connection);
        } catch (SQLException | RuntimeException e) {
          dialect.rollback(connection);
          throw e;
        }
        return result;
      } catch (SQLException e) {
        healthy = false;
        if (attempt == 1 && !committing && lost(e)) {
          continue; // nothing was committed: the transaction died with its connection
        }
        throw dialect.translate(e, label);
      } finally {
        giveBack(connection, healthy);
      }
    }
  }

  /**
   * Whether {@code e} says the connection was lost (the database restarted, or dropped it). The
   * idle connections were opened before the same loss, so they are closed too: after a database
   * restart, requests get fresh connections instead of failing once per pooled one.
   */
  private boolean lost(SQLException e) {
    if (!dialect.connectionLost(e)) {
      return false;
    }
    HikariPoolMXBean state = pool == null ? null : pool.getHikariPoolMXBean();
    if (state != null) {
      state.softEvictConnections();
    }
    return true;
  }

  /**
   * Like {@link #write}, but takes the log's writer turn (the head row's lock on PostgreSQL) with
   * its first statement, before {@code work} reads anything: such transactions run one at a time
   * with each other and with every append, so what {@code work} reads stays true until it commits,
   * and facts it appends with {@link #append(Connection, List)} commit with its other writes.
   */
  <T> T writeInTurn(WriteWork<T> work) {
    return write(
        connection -> {
          dialect.reserve(connection, 0);
          return work.run(connection);
        });
  }

  /** What a driver error means, said to the user. */
  ChangeTrailException translate(SQLException e) {
    return dialect.translate(e, label);
  }

  /** The origin when the schema is current, read without taking the write lock. */
  private Optional<String> currentOrigin() {
    Connection connection = borrow();
    try {
      try (Statement statement = connection.createStatement();
          ResultSet version = statement.executeQuery("SELECT MAX(version) FROM ledger_schema")) {
        if (!version.next() || version.getInt(1) != dialect.migrations().size()) {
          return Optional.empty();
        }
      }
      try (Statement statement = connection.createStatement();
          ResultSet origin =
              statement.executeQuery("SELECT value FROM ledger_meta WHERE key = 'origin'")) {
        return origin.next() ? Optional.of(origin.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      return Optional.empty(); // no schema yet (or unreadable): the migration says why
    } finally {
      dialect.rollback(connection);
      giveBack(connection, true);
    }
  }

  private String migrate() {
    Optional<String> ready = currentOrigin();
    if (ready.isPresent()) {
      return ready.get();
    }
    Connection connection = borrow();
    boolean healthy = false;
    try {
      dialect.prepareSchema(connection);
      dialect.beginWrite(connection);
      try {
        dialect.lockForMigration(connection);
        try (Statement statement = connection.createStatement()) {
          statement.execute(
              "CREATE TABLE IF NOT EXISTS ledger_schema (version INTEGER PRIMARY KEY,"
                  + " applied_at VARCHAR(32) NOT NULL)");
        }
        int current = 0;
        try (Statement statement = connection.createStatement();
            ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM ledger_schema")) {
          if (rows.next()) {
            current = rows.getInt(1);
          }
        }
        List<List<String>> migrations = dialect.migrations();
        if (current > migrations.size()) {
          throw new ChangeTrailException(
              Problem.LEDGER_UNAVAILABLE,
              "the ledger "
                  + label
                  + " has schema version "
                  + current
                  + ", newer than this changetrail knows ("
                  + migrations.size()
                  + ")",
              "upgrade changetrail");
        }
        for (int version = current + 1; version <= migrations.size(); version++) {
          try (Statement statement = connection.createStatement()) {
            for (String sql : migrations.get(version - 1)) {
              statement.execute(sql);
            }
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO ledger_schema (version, applied_at) VALUES (?, ?)")) {
            insert.setInt(1, version);
            insert.setString(2, LedgerEntry.TIME.format(clock.instant()));
            insert.executeUpdate();
          }
        }
        try (PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO ledger_meta (key, value) VALUES ('origin', ?)"
                    + " ON CONFLICT (key) DO NOTHING")) {
          byte[] id = new byte[8];
          new SecureRandom().nextBytes(id);
          insert.setString(1, "changetrail.local/ledger/" + HexFormat.of().formatHex(id));
          insert.executeUpdate();
        }
        String found;
        try (Statement statement = connection.createStatement();
            ResultSet rows =
                statement.executeQuery("SELECT value FROM ledger_meta WHERE key = 'origin'")) {
          rows.next();
          found = rows.getString(1);
        }
        dialect.commit(connection);
        healthy = true;
        return found;
      } catch (SQLException | RuntimeException e) {
        dialect.rollback(connection);
        throw e;
      }
    } catch (SQLException e) {
      throw dialect.translate(e, label);
    } finally {
      giveBack(connection, healthy);
    }
  }

  private Connection borrow() {
    if (closed) {
      throw new IllegalStateException("the ledger store is closed");
    }
    try {
      return pool == null ? dialect.connect(url) : pool.getConnection();
    } catch (SQLTransientConnectionException e) {
      if (e.getCause() instanceof SQLException cause) {
        throw dialect.translate(cause, label); // the database itself could not be reached
      }
      throw new ChangeTrailException(
          Problem.LEDGER_UNAVAILABLE,
          "the ledger "
              + label
              + " is busy: all "
              + pool.getMaximumPoolSize()
              + " of this process's connections stayed in use for "
              + borrowTimeoutMs
              + " ms",
          "retry; if it keeps happening, a request is holding connections: report it",
          e);
    } catch (SQLException e) {
      throw dialect.translate(e, label);
    }
  }

  /** Returns a connection to the pool; one that failed is thrown away, never handed out again. */
  private void giveBack(Connection connection, boolean healthy) {
    if (pool != null && (!healthy || closed)) {
      pool.evictConnection(connection);
      return;
    }
    quietlyClose(connection);
  }

  private static void quietlyClose(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // closing a broken connection: nothing left to do
    }
  }

  @Override
  public void close() {
    closed = true;
    if (pool != null) {
      pool.close();
    }
  }

  /** The dialect's connect, as the {@link DataSource} the pool opens its connections with. */
  private static final class DialectDataSource implements DataSource {
    private final Dialect dialect;
    private final String url;
    private volatile int loginTimeout;

    DialectDataSource(Dialect dialect, String url) {
      this.dialect = dialect;
      this.url = url;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return dialect.connect(url);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      throw new SQLFeatureNotSupportedException("the user and password are part of the URL");
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {
      loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
      return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException("no java.util.logging here");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return false;
    }
  }

  /** A URL without its password, for messages. */
  static String describe(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }
}
