package io.changetrail.ledger;

import io.changetrail.domain.ledger.Fact;
import io.changetrail.domain.ledger.LedgerEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The team server's users, API tokens and web sessions, kept in the ledger's own database (tables
 * {@code access_user}, {@code access_token}, {@code access_session}). Secrets are never stored:
 * only SHA-256 hashes of token secrets and session ids. Every change to a user or a token is
 * written in one transaction with the ledger fact that records it ({@link #change}), so neither
 * exists without the other. Safe to share across threads, like the {@link LedgerStore} it uses.
 */
public final class AccessStore {
  private static final String USER_COLUMNS =
      "u.name, u.display_name, u.email, u.roles, u.created_at, u.disabled_at, u.emails";
  private static final String TOKEN_COLUMNS =
      "t.token_id, t.user_name, t.label, t.secret_hash, t.created_at, t.expires_at, t.revoked_at";

  private final LedgerStore store;

  public AccessStore(LedgerStore store) {
    this.store = store;
  }

  /**
   * A user as stored; roles are names, sorted; {@code emails} their other emails (aliases of the
   * same person beside the primary {@code email}), in the order given.
   */
  public record StoredUser(
      String name,
      String displayName,
      String email,
      List<String> roles,
      Instant created,
      Optional<Instant> disabled,
      List<String> emails) {
    public StoredUser {
      roles = roles.stream().sorted().distinct().toList();
      emails = List.copyOf(emails);
    }

    public StoredUser(
        String name,
        String displayName,
        String email,
        List<String> roles,
        Instant created,
        Optional<Instant> disabled) {
      this(name, displayName, email, roles, created, disabled, List.of());
    }

    /** The same user with other fields. */
    public StoredUser with(String displayName, String email, List<String> emails) {
      return new StoredUser(name, displayName, email, roles, created, disabled, emails);
    }
  }

  /** An API token as stored: the SHA-256 hash of its secret, never the secret. */
  public record StoredToken(
      String tokenId,
      String user,
      String label,
      byte[] secretHash,
      Instant created,
      Optional<Instant> expires,
      Optional<Instant> revoked) {
    public StoredToken {
      secretHash = secretHash.clone();
    }

    @Override
    public byte[] secretHash() {
      return secretHash.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof StoredToken that
          && tokenId.equals(that.tokenId)
          && user.equals(that.user)
          && label.equals(that.label)
          && Arrays.equals(secretHash, that.secretHash)
          && created.equals(that.created)
          && expires.equals(that.expires)
          && revoked.equals(that.revoked);
    }

    @Override
    public int hashCode() {
      return tokenId.hashCode();
    }

    @Override
    public String toString() {
      return "StoredToken[" + tokenId + " of " + user + "]";
    }
  }

  /** A web session as stored (it is found by the SHA-256 hash of its id). */
  public record StoredSession(
      String user, String tokenId, String csrfToken, Instant created, Instant expires) {
    @Override
    public String toString() {
      return "StoredSession[" + user + " with token " + tokenId + " until " + expires + "]";
    }
  }

  /** A token with its user, read together. */
  public record Credential(StoredToken token, StoredUser user) {}

  /** A session with the token it was opened with and its user, read together. */
  public record SessionCredential(StoredSession session, StoredToken token, StoredUser user) {}

  // ---- reads

  /** One user. */
  public Optional<StoredUser> user(String name) {
    return store.readWith(connection -> findUser(connection, name));
  }

  /** Every user, by name. */
  public List<StoredUser> users() {
    return store.readWith(AccessStore::allUsers);
  }

  /** The tokens of a user, oldest first (revoked and expired ones too). */
  public List<StoredToken> tokens(String user) {
    return store.readWith(connection -> findTokens(connection, user));
  }

  /** A token and its user, read in one query, for authentication. */
  public Optional<Credential> credential(String tokenId) {
    return store.readWith(
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + TOKEN_COLUMNS
                      + ", "
                      + USER_COLUMNS
                      + " FROM access_token t JOIN access_user u ON u.name = t.user_name"
                      + " WHERE t.token_id = ?")) {
            select.setString(1, tokenId);
            try (ResultSet rows = select.executeQuery()) {
              return rows.next()
                  ? Optional.of(new Credential(tokenRow(rows, 1), userRow(rows, 8)))
                  : Optional.empty();
            }
          }
        });
  }

  /** The session whose id hashes to {@code idHash}, with its token and user, in one query. */
  public Optional<SessionCredential> session(byte[] idHash) {
    return store.readWith(
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT s.user_name, s.token_id, s.csrf_token, s.created_at, s.expires_at, "
                      + TOKEN_COLUMNS
                      + ", "
                      + USER_COLUMNS
                      + " FROM access_session s"
                      + " JOIN access_token t ON t.token_id = s.token_id"
                      + " JOIN access_user u ON u.name = s.user_name"
                      + " WHERE s.id_hash = ?")) {
            select.setBytes(1, idHash);
            try (ResultSet rows = select.executeQuery()) {
              if (!rows.next()) {
                return Optional.empty();
              }
              StoredSession session =
                  new StoredSession(
                      rows.getString(1),
                      rows.getString(2),
                      rows.getString(3),
                      time(rows.getString(4)),
                      time(rows.getString(5)));
              return Optional.of(
                  new SessionCredential(session, tokenRow(rows, 6), userRow(rows, 13)));
            }
          }
        });
  }

  // ---- sessions: not recorded in the ledger

  /**
   * Stores a session, unless at this moment its token is revoked or expired or its user disabled
   * (checked by the insert itself, so a concurrent revocation cannot slip between a check and the
   * write); returns whether it was stored. Sessions expired before {@code now} are removed on the
   * way.
   */
  public boolean openSession(byte[] idHash, StoredSession session, Instant now) {
    String at = text(now);
    return store.write(
        connection -> {
          try (PreparedStatement purge =
              connection.prepareStatement("DELETE FROM access_session WHERE expires_at <= ?")) {
            purge.setString(1, at);
            purge.executeUpdate();
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO access_session"
                      + " (id_hash, user_name, token_id, csrf_token, created_at, expires_at)"
                      + " SELECT ?, t.user_name, t.token_id, ?, ?, ?"
                      + " FROM access_token t JOIN access_user u ON u.name = t.user_name"
                      + " WHERE t.token_id = ? AND t.user_name = ? AND t.revoked_at IS NULL"
                      + " AND (t.expires_at IS NULL OR t.expires_at > ?)"
                      + " AND u.disabled_at IS NULL")) {
            insert.setBytes(1, idHash);
            insert.setString(2, session.csrfToken());
            insert.setString(3, text(session.created()));
            insert.setString(4, text(session.expires()));
            insert.setString(5, session.tokenId());
            insert.setString(6, session.user());
            insert.setString(7, at);
            return insert.executeUpdate() == 1;
          }
        });
  }

  /** Removes a session; returns whether there was one. */
  public boolean closeSession(byte[] idHash) {
    return store.write(
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM access_session WHERE id_hash = ?")) {
            delete.setBytes(1, idHash);
            return delete.executeUpdate() > 0;
          }
        });
  }

  // ---- changes: recorded in the ledger in the same transaction

  /** A change to users or tokens: reads and writes through {@link Changes}. */
  public interface Change<T> {
    T run(Changes changes);
  }

  /**
   * Runs {@code change} in one transaction that holds the ledger's writer turn from its first
   * statement: access changes run one at a time, so what a change reads stays true until it commits
   * (on PostgreSQL too, without row locks), and its rows and the facts it records commit together
   * or not at all. A change that writes a row but records no fact is rolled back with an {@link
   * IllegalStateException}: the audit trail must show who did what.
   */
  public <T> T change(Change<T> change) {
    try {
      return store.writeInTurn(
          connection -> {
            Changes changes = new Changes(connection);
            T result = change.run(changes);
            if (changes.wrote && !changes.recorded) {
              throw new IllegalStateException("an access change wrote rows but recorded no fact");
            }
            return result;
          });
    } catch (UncheckedSql e) {
      throw store.translate(e.getCause());
    }
  }

  /** The reads and writes of one {@link #change}, valid only inside it. */
  public final class Changes {
    private final Connection connection;
    private boolean wrote;
    private boolean recorded;

    private Changes(Connection connection) {
      this.connection = connection;
    }

    public Optional<StoredUser> user(String name) {
      return sql(() -> findUser(connection, name));
    }

    public List<StoredToken> tokens(String user) {
      return sql(() -> findTokens(connection, user));
    }

    public Optional<StoredToken> token(String tokenId) {
      return sql(
          () -> {
            try (PreparedStatement select =
                connection.prepareStatement(
                    "SELECT " + TOKEN_COLUMNS + " FROM access_token t WHERE t.token_id = ?")) {
              select.setString(1, tokenId);
              try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(tokenRow(rows, 1)) : Optional.empty();
              }
            }
          });
    }

    /** Every user, by name (to check an email is no one else's). */
    public List<StoredUser> users() {
      return sql(() -> allUsers(connection));
    }

    /** Inserts a user (the caller has checked the name is free). */
    public void addUser(StoredUser user) {
      update(
          "INSERT INTO access_user"
              + " (name, display_name, email, roles, created_at, disabled_at, emails)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?)",
          user.name(),
          user.displayName(),
          user.email(),
          String.join(",", user.roles()),
          text(user.created()),
          user.disabled().map(AccessStore::text).orElse(null),
          String.join(",", user.emails()));
    }

    /** Replaces a user's display name, primary email and other emails. */
    public void setIdentity(String name, String displayName, String email, List<String> emails) {
      update(
          "UPDATE access_user SET display_name = ?, email = ?, emails = ? WHERE name = ?",
          displayName,
          email,
          String.join(",", emails),
          name);
    }

    public void setRoles(String name, List<String> roles) {
      update(
          "UPDATE access_user SET roles = ? WHERE name = ?",
          String.join(",", roles.stream().sorted().distinct().toList()),
          name);
    }

    /** Disables a user from {@code at}, or enables them again with an empty {@code at}. */
    public void setDisabled(String name, Optional<Instant> at) {
      update(
          "UPDATE access_user SET disabled_at = ? WHERE name = ?",
          at.map(AccessStore::text).orElse(null),
          name);
    }

    public void addToken(StoredToken token) {
      sql(
          () -> {
            try (PreparedStatement insert =
                connection.prepareStatement(
                    "INSERT INTO access_token (token_id, user_name, label, secret_hash,"
                        + " created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
              insert.setString(1, token.tokenId());
              insert.setString(2, token.user());
              insert.setString(3, token.label());
              insert.setBytes(4, token.secretHash());
              insert.setString(5, text(token.created()));
              insert.setString(6, token.expires().map(AccessStore::text).orElse(null));
              insert.setString(7, token.revoked().map(AccessStore::text).orElse(null));
              insert.executeUpdate();
            }
            wrote = true;
            return null;
          });
    }

    /** Revokes a token at {@code at} and ends its sessions; returns how many sessions ended. */
    public int revokeToken(String tokenId, Instant at) {
      update(
          "UPDATE access_token SET revoked_at = ? WHERE token_id = ? AND revoked_at IS NULL",
          text(at),
          tokenId);
      return update("DELETE FROM access_session WHERE token_id = ?", tokenId);
    }

    /** Appends a fact to the ledger, committed with this change's rows. */
    public LedgerEntry record(Fact fact) {
      LedgerEntry entry = sql(() -> store.append(connection, List.of(fact)).get(0));
      recorded = true;
      return entry;
    }

    private int update(String sql, String... values) {
      return sql(
          () -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
              for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
              }
              int count = statement.executeUpdate();
              wrote = true;
              return count;
            }
          });
    }
  }

  // ---- rows

  private interface SqlWork<T> {
    T run() throws SQLException;
  }

  /** Carries a driver error out of a {@link Change} (whose code knows no JDBC) to be translated. */
  private static final class UncheckedSql extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UncheckedSql(SQLException cause) {
      super(cause);
    }

    @Override
    public synchronized SQLException getCause() {
      return (SQLException) super.getCause();
    }
  }

  private static <T> T sql(SqlWork<T> work) {
    try {
      return work.run();
    } catch (SQLException e) {
      throw new UncheckedSql(e);
    }
  }

  private static List<StoredUser> allUsers(Connection connection) throws SQLException {
    List<StoredUser> users = new ArrayList<>();
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT " + USER_COLUMNS + " FROM access_user u ORDER BY u.name");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        users.add(userRow(rows, 1));
      }
    }
    return users;
  }

  private static Optional<StoredUser> findUser(Connection connection, String name)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT " + USER_COLUMNS + " FROM access_user u WHERE u.name = ?")) {
      select.setString(1, name);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(userRow(rows, 1)) : Optional.empty();
      }
    }
  }

  private static List<StoredToken> findTokens(Connection connection, String user)
      throws SQLException {
    List<StoredToken> tokens = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + TOKEN_COLUMNS
                + " FROM access_token t WHERE t.user_name = ?"
                + " ORDER BY t.created_at, t.token_id")) {
      select.setString(1, user);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          tokens.add(tokenRow(rows, 1));
        }
      }
    }
    return tokens;
  }

  private static StoredUser userRow(ResultSet rows, int first) throws SQLException {
    String roles = rows.getString(first + 3);
    String emails = rows.getString(first + 6);
    return new StoredUser(
        rows.getString(first),
        rows.getString(first + 1),
        rows.getString(first + 2),
        roles.isEmpty() ? List.of() : List.of(roles.split(",")),
        time(rows.getString(first + 4)),
        optionalTime(rows.getString(first + 5)),
        emails == null || emails.isEmpty() ? List.of() : List.of(emails.split(",")));
  }

  private static StoredToken tokenRow(ResultSet rows, int first) throws SQLException {
    return new StoredToken(
        rows.getString(first),
        rows.getString(first + 1),
        rows.getString(first + 2),
        rows.getBytes(first + 3),
        time(rows.getString(first + 4)),
        optionalTime(rows.getString(first + 5)),
        optionalTime(rows.getString(first + 6)));
  }

  /**
   * Times are stored as {@link LedgerEntry#TIME} text: fixed width, so comparing the text compares
   * the times, in SQL as in Java.
   */
  static String text(Instant time) {
    return LedgerEntry.TIME.format(time.truncatedTo(ChronoUnit.MICROS));
  }

  private static Instant time(String text) {
    return LedgerEntry.TIME.parse(text, Instant::from);
  }

  private static Optional<Instant> optionalTime(String text) {
    return text == null ? Optional.empty() : Optional.of(time(text));
  }
}
