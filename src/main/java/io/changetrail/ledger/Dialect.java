package io.changetrail.ledger;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * Everything that differs between SQLite and PostgreSQL, in one place: how to connect, how an
 * append takes the single writer's turn, column types, and what a driver error means to the user.
 */
enum Dialect {
  /**
   * SQLite in WAL mode with {@code synchronous=FULL}: in WAL mode FULL syncs the log on every
   * commit, so an acknowledged append survives a power cut (NORMAL would not). {@code BEGIN
   * IMMEDIATE} takes the database's single write lock before the head row is read, so writers in
   * any thread or process take turns; the busy timeout makes them wait rather than fail.
   */
  SQLITE("BLOB", "INTEGER") {
    @Override
    Connection connect(String url) throws SQLException {
      Properties properties = new Properties();
      if (!url.contains("busy_timeout=")) {
        properties.setProperty("busy_timeout", Integer.toString(BUSY_TIMEOUT_MS));
      }
      properties.setProperty("synchronous", "FULL");
      properties.setProperty("foreign_keys", "true");
      return DriverManager.getConnection(url, properties);
    }

    @Override
    void prepareSchema(Connection connection) throws SQLException {
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA journal_mode=WAL");
      }
    }

    @Override
    void beginWrite(Connection connection) throws SQLException {
      try (Statement statement = connection.createStatement()) {
        statement.execute("BEGIN IMMEDIATE");
      }
    }

    @Override
    void beginRead(Connection connection) throws SQLException {
      try (Statement statement = connection.createStatement()) {
        statement.execute("BEGIN DEFERRED");
      }
    }

    @Override
    void commit(Connection connection) throws SQLException {
      try (Statement statement = connection.createStatement()) {
        statement.execute("COMMIT");
      }
    }

    @Override
    void rollback(Connection connection) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("ROLLBACK");
      } catch (SQLException ignored) {
        // no transaction left to roll back: SQLite already did on the error
      }
    }

    @Override
    void lockForMigration(Connection connection) {
      // BEGIN IMMEDIATE already holds the only write lock
    }

    @Override
    ChangeTrailException translate(SQLException e, String where) {
      int code = e.getErrorCode() & 0xFF;
      String message = String.valueOf(e.getMessage());
      return switch (code) {
        case 5, 6 ->
            new ChangeTrailException(
                Problem.LEDGER_UNAVAILABLE,
                "the ledger "
                    + where
                    + " stayed locked by another process for "
                    + BUSY_TIMEOUT_MS / 1000
                    + " s",
                "wait for the other changetrail process to finish, then retry",
                e);
        case 13 ->
            new ChangeTrailException(
                Problem.LEDGER_UNAVAILABLE,
                "the disk holding the ledger " + where + " is full: nothing was written",
                "free some space, then retry",
                e);
        case 14 ->
            new ChangeTrailException(
                Problem.LEDGER_UNAVAILABLE,
                "cannot open the ledger " + where + " (" + message + ")",
                "check that the folder exists and is writable, or point --ledger elsewhere",
                e);
        case 8 ->
            new ChangeTrailException(
                Problem.LEDGER_UNAVAILABLE,
                "the ledger " + where + " is read-only",
                "check the file's permissions",
                e);
        case 11, 26 ->
            new ChangeTrailException(
                Problem.LEDGER_UNAVAILABLE,
                where + " is not a ChangeTrail ledger (or it is corrupt): " + message,
                "point --ledger at the ledger database",
                e);
        default ->
            new ChangeTrailException(
                Problem.LEDGER_UNAVAILABLE, "the ledger " + where + " failed: " + message, "", e);
      };
    }
  },

  /**
   * PostgreSQL: the append's {@code UPDATE ledger_head ... RETURNING} takes the head row's lock,
   * held to commit, so writers on any node take turns and commit in index order.
   */
  POSTGRESQL("BYTEA", "BIGINT") {
    @Override
    Connection connect(String url) throws SQLException {
      Properties properties = new Properties();
      properties.setProperty("connectTimeout", "10");
      properties.setProperty("ApplicationName", "changetrail");
      Connection connection = DriverManager.getConnection(url, properties);
      connection.setAutoCommit(false);
      return connection;
    }

    @Override
    void prepareSchema(Connection connection) {}

    @Override
    void beginWrite(Connection connection) {}

    @Override
    void beginRead(Connection connection) throws SQLException {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      }
    }

    @Override
    void commit(Connection connection) throws SQLException {
      connection.commit();
    }

    @Override
    void rollback(Connection connection) {
      try {
        connection.rollback();
      } catch (SQLException ignored) {
        // the connection is gone: the server rolls back
      }
    }

    @Override
    void lockForMigration(Connection connection) throws SQLException {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SELECT pg_advisory_xact_lock(7143280311)");
      }
    }

    @Override
    boolean connectionLost(SQLException e) {
      String state = e.getSQLState() == null ? "" : e.getSQLState();
      // 08: connection exceptions; 57P01 admin shutdown, 57P02 crash shutdown, 57P03 starting up
      return state.startsWith("08") || state.startsWith("57P0");
    }

    @Override
    ChangeTrailException translate(SQLException e, String where) {
      String state = e.getSQLState() == null ? "" : e.getSQLState();
      String message = String.valueOf(e.getMessage());
      if (state.startsWith("08")
          || state.equals("57P03")
          || state.startsWith("28")
          || state.equals("3D000")) {
        return new ChangeTrailException(
            Problem.LEDGER_UNAVAILABLE,
            "cannot reach the ledger database " + where + ": " + message,
            "check that PostgreSQL is running and the URL, user and password are right",
            e);
      }
      if (state.equals("53100")) {
        return new ChangeTrailException(
            Problem.LEDGER_UNAVAILABLE,
            "the ledger database " + where + " is out of disk space: nothing was written",
            "free some space on the database server, then retry",
            e);
      }
      if (state.equals("55P03") || state.equals("40P01") || state.equals("57014")) {
        return new ChangeTrailException(
            Problem.LEDGER_UNAVAILABLE,
            "the ledger database " + where + " is locked: " + message,
            "retry when the other writer has finished",
            e);
      }
      return new ChangeTrailException(
          Problem.LEDGER_UNAVAILABLE,
          "the ledger database " + where + " failed: " + message,
          "",
          e);
    }
  };

  static final int BUSY_TIMEOUT_MS = 30_000;

  private final String blob;
  private final String key;

  Dialect(String blob, String key) {
    this.blob = blob;
    this.key = key;
  }

  /** The dialect of a JDBC URL. */
  static Dialect of(String url) {
    if (url.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new ChangeTrailException(
        Problem.INVALID_INPUT,
        "'" + url + "' is not a ledger URL",
        "use jdbc:sqlite:FILE, jdbc:postgresql://HOST/DB?user=U&password=P, or a file path");
  }

  abstract Connection connect(String url) throws SQLException;

  /** Settings that live in the database file and must be set outside any transaction. */
  abstract void prepareSchema(Connection connection) throws SQLException;

  /** Starts a transaction that holds the single writer's turn from its first statement. */
  abstract void beginWrite(Connection connection) throws SQLException;

  /** Starts a transaction that reads one consistent snapshot. */
  abstract void beginRead(Connection connection) throws SQLException;

  abstract void commit(Connection connection) throws SQLException;

  abstract void rollback(Connection connection);

  /** Serializes schema migrations of concurrent processes (inside the write transaction). */
  abstract void lockForMigration(Connection connection) throws SQLException;

  /**
   * Takes {@code count} indices from the head row; returns the first. Inside the write transaction,
   * so the row (PostgreSQL) or the database (SQLite) stays locked until commit.
   */
  long reserve(Connection connection, int count) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE ledger_head SET next = next + ? WHERE id = 1 RETURNING next")) {
      update.setLong(1, count);
      try (ResultSet rows = update.executeQuery()) {
        if (!rows.next()) {
          throw new SQLException("the ledger has no head row");
        }
        return rows.getLong(1) - count;
      }
    }
  }

  /** What a driver error means, said to the user. */
  abstract ChangeTrailException translate(SQLException e, String where);

  /**
   * Whether the error says the connection is gone (so the transaction on it was rolled back) while
   * the database may well be reachable again: a server restart, or the server ending the session.
   */
  boolean connectionLost(SQLException e) {
    return false;
  }

  /** The schema, version by version: each list runs in one transaction. */
  List<List<String>> migrations() {
    return List.of(
        List.of(
            "CREATE TABLE ledger_meta (key VARCHAR(64) PRIMARY KEY, value TEXT NOT NULL)",
            "CREATE TABLE ledger_head (id INTEGER PRIMARY KEY CHECK (id = 1), next BIGINT NOT NULL)",
            "INSERT INTO ledger_head (id, next) VALUES (1, 0)",
            "CREATE TABLE ledger_entry (idx "
                + key
                + " PRIMARY KEY, entry "
                + blob
                + " NOT NULL, leaf_hash "
                + blob
                + " NOT NULL)",
            "CREATE TABLE ledger_checkpoint (size "
                + key
                + " PRIMARY KEY, root "
                + blob
                + " NOT NULL, note TEXT NOT NULL, created_at VARCHAR(32) NOT NULL)"),
        // version 2: the team server's users, API tokens and web sessions (see AccessStore).
        // Times are LedgerEntry.TIME text (fixed width, so text order is time order); roles a
        // sorted comma-separated list; secrets only as SHA-256 hashes.
        List.of(
            "CREATE TABLE access_user (name VARCHAR(64) PRIMARY KEY,"
                + " display_name VARCHAR(200) NOT NULL, email VARCHAR(320) NOT NULL,"
                + " roles VARCHAR(200) NOT NULL, created_at VARCHAR(32) NOT NULL,"
                + " disabled_at VARCHAR(32))",
            "CREATE TABLE access_token (token_id VARCHAR(32) PRIMARY KEY,"
                + " user_name VARCHAR(64) NOT NULL REFERENCES access_user (name),"
                + " label VARCHAR(200) NOT NULL, secret_hash "
                + blob
                + " NOT NULL, created_at VARCHAR(32) NOT NULL, expires_at VARCHAR(32),"
                + " revoked_at VARCHAR(32))",
            "CREATE INDEX access_token_user ON access_token (user_name)",
            "CREATE TABLE access_session (id_hash "
                + blob
                + " PRIMARY KEY, user_name VARCHAR(64) NOT NULL REFERENCES access_user (name),"
                + " token_id VARCHAR(32) NOT NULL REFERENCES access_token (token_id),"
                + " csrf_token VARCHAR(64) NOT NULL, created_at VARCHAR(32) NOT NULL,"
                + " expires_at VARCHAR(32) NOT NULL)",
            "CREATE INDEX access_session_token ON access_session (token_id)",
            "CREATE INDEX access_session_expires ON access_session (expires_at)"),
        // version 3: a user's other emails (aliases of the same person), a sorted comma-separated
        // list beside the primary email; existing users get none
        List.of("ALTER TABLE access_user ADD COLUMN emails VARCHAR(2000) NOT NULL DEFAULT ''"),
        // version 4: the API's Idempotency-Key bindings (see IdempotencyStore). A row is
        // inserted in the same transaction as the ledger entries its request appended, so both
        // exist or neither; the answer is stored after. Keys and request fingerprints only as
        // SHA-256 hashes.
        List.of(
            "CREATE TABLE idempotency_key (scope VARCHAR(64) NOT NULL, key_hash "
                + blob
                + " NOT NULL, fingerprint "
                + blob
                + " NOT NULL, claim VARCHAR(32) NOT NULL, created_at VARCHAR(32) NOT NULL,"
                + " first_entry "
                + key
                + " NOT NULL, last_entry "
                + key
                + " NOT NULL, status INTEGER, content_type VARCHAR(100), location"
                + " VARCHAR(500), response "
                + blob
                + ", PRIMARY KEY (scope, key_hash))",
            "CREATE INDEX idempotency_key_created ON idempotency_key (created_at)"),
        // version 5: the ledger indexed by change (see ChangeIndex), a projection of the entries
        // that appends extend in their own transaction; an older ledger is indexed when opened.
        List.of(
            "CREATE TABLE ledger_change_index (idx "
                + key
                + " PRIMARY KEY, change_id VARCHAR(200) NOT NULL,"
                + " content_hash VARCHAR(200) NOT NULL)",
            "CREATE INDEX ledger_change_index_change ON ledger_change_index (change_id, idx)",
            "CREATE INDEX ledger_change_index_content ON ledger_change_index (content_hash)",
            "INSERT INTO ledger_meta (key, value) VALUES ('change_index_size', '0')"),
        // version 6: where each change stands as its entries alone tell (see ChangeState), a
        // projection that appends derive in their own transaction; an older ledger's rows are
        // derived by replaying its entries when it is opened (change_state_version 0: none yet).
        List.of(
            "CREATE TABLE ledger_change_state (change_id VARCHAR(200) PRIMARY KEY, first_idx "
                + key
                + " NOT NULL, stage VARCHAR(32) NOT NULL, registered_at VARCHAR(32) NOT NULL,"
                + " risk VARCHAR(16) NOT NULL)",
            "CREATE INDEX ledger_change_state_order ON ledger_change_state (registered_at,"
                + " first_idx)",
            "CREATE INDEX ledger_change_state_stage ON ledger_change_state (stage, registered_at,"
                + " first_idx)",
            "INSERT INTO ledger_meta (key, value) VALUES ('change_state_size', '0')",
            "INSERT INTO ledger_meta (key, value) VALUES ('change_state_version', '0')"));
  }
}
