package io.changetrail.ledger;

import io.changetrail.domain.ledger.LedgerEntry;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The API's {@code Idempotency-Key} bindings, in the ledger's own database (table {@code
 * idempotency_key}), so every server node on one database agrees on them.
 *
 * <p>A request runs {@link #bound} to its key: every ledger append on that thread while it runs
 * also inserts (or extends) the key's row <em>in the append's own transaction</em>, so the row and
 * the entries it names commit together or not at all. A request whose COMMIT was in doubt (the
 * database went away while committing) therefore either left both or neither: a retry finds the row
 * exactly when the first request's entries exist. The answer is stored afterwards ({@link
 * #saveAnswer}); a row without one means the first request wrote but its answer was lost. A request
 * that appends nothing binds nothing. Another request's append that finds the key bound by someone
 * else fails with {@link KeyTaken} and rolls back, so one key never writes twice, on any number of
 * nodes. Keys expire {@link #LIFETIME} after their first write. Keys and request fingerprints are
 * stored only as SHA-256 hashes.
 */
public final class IdempotencyStore {
  /** How long a key stays bound after its request first wrote. */
  public static final Duration LIFETIME = Duration.ofHours(24);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final LedgerStore store;

  public IdempotencyStore(LedgerStore store) {
    this.store = store;
  }

  /** Who sent a key, the key's hash, and the hash of what they sent with it. */
  public record Request(String scope, byte[] keyHash, byte[] fingerprint) {
    public Request {
      keyHash = keyHash.clone();
      fingerprint = fingerprint.clone();
    }
  }

  /** A request's answer as it was sent. */
  public record Answer(int status, String contentType, Optional<String> location, byte[] body) {
    public Answer {
      body = body.clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }
  }

  /**
   * A key's row: the fingerprint of the request that bound it, the entries it appended and, once
   * stored, its answer.
   */
  public record Binding(
      byte[] fingerprint,
      String claim,
      Instant created,
      long firstEntry,
      long lastEntry,
      Optional<Answer> answer) {
    public boolean sameRequest(byte[] other) {
      return java.security.MessageDigest.isEqual(fingerprint, other);
    }
  }

  /** A request's turn with its key: the claim that tells its own row from another request's. */
  public static final class Claim {
    private final Request request;
    private final String id;

    private Claim(Request request) {
      this.request = request;
      byte[] bytes = new byte[16];
      RANDOM.nextBytes(bytes);
      this.id = HexFormat.of().formatHex(bytes);
    }

    public String id() {
      return id;
    }

    /** Called by the append, inside its transaction, holding the writer's turn. */
    void appended(Connection connection, long first, long last, Instant now) throws SQLException {
      try (PreparedStatement delete =
          connection.prepareStatement("DELETE FROM idempotency_key WHERE created_at < ?")) {
        delete.setString(1, LedgerEntry.TIME.format(now.minus(LIFETIME)));
        delete.executeUpdate();
      }
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT claim FROM idempotency_key WHERE scope = ? AND key_hash = ?")) {
        select.setString(1, request.scope());
        select.setBytes(2, request.keyHash());
        try (ResultSet rows = select.executeQuery()) {
          if (rows.next()) {
            if (!rows.getString(1).equals(id)) {
              throw new KeyTaken();
            }
            try (PreparedStatement update =
                connection.prepareStatement(
                    "UPDATE idempotency_key SET last_entry = ? WHERE scope = ? AND key_hash = ?")) {
              update.setLong(1, last);
              update.setString(2, request.scope());
              update.setBytes(3, request.keyHash());
              update.executeUpdate();
            }
            return;
          }
        }
      }
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO idempotency_key (scope, key_hash, fingerprint, claim, created_at,"
                  + " first_entry, last_entry) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, request.scope());
        insert.setBytes(2, request.keyHash());
        insert.setBytes(3, request.fingerprint());
        insert.setString(4, id);
        insert.setString(5, LedgerEntry.TIME.format(now));
        insert.setLong(6, first);
        insert.setLong(7, last);
        insert.executeUpdate();
      }
    }
  }

  /**
   * An append found the key bound by another request: it rolled back, nothing was written. The
   * request's answer is then the other request's.
   */
  public static final class KeyTaken extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KeyTaken() {
      super("the Idempotency-Key is bound to another request", null, false, false);
    }
  }

  /**
   * Runs {@code work} with {@code claim}'s key bound to this thread: the ledger appends it makes
   * bind the key in their own transactions.
   */
  public <T> T bound(Claim claim, Supplier<T> work) {
    return store.withClaim(claim, work);
  }

  /** A new claim of {@code request}'s key. */
  public Claim claim(Request request) {
    return new Claim(request);
  }

  /** The key's binding, unless there is none or it expired by {@code now}. */
  public Optional<Binding> find(String scope, byte[] keyHash, Instant now) {
    return store.readWith(
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT fingerprint, claim, created_at, first_entry, last_entry, status,"
                      + " content_type, location, response FROM idempotency_key"
                      + " WHERE scope = ? AND key_hash = ? AND created_at >= ?")) {
            select.setString(1, scope);
            select.setBytes(2, keyHash);
            select.setString(3, LedgerEntry.TIME.format(now.minus(LIFETIME)));
            try (ResultSet rows = select.executeQuery()) {
              if (!rows.next()) {
                return Optional.empty();
              }
              int status = rows.getInt(6);
              Optional<Answer> answer =
                  rows.wasNull()
                      ? Optional.empty()
                      : Optional.of(
                          new Answer(
                              status,
                              rows.getString(7),
                              Optional.ofNullable(rows.getString(8)),
                              rows.getBytes(9)));
              return Optional.of(
                  new Binding(
                      rows.getBytes(1),
                      rows.getString(2),
                      LedgerEntry.TIME.parse(rows.getString(3), Instant::from),
                      rows.getLong(4),
                      rows.getLong(5),
                      answer));
            }
          }
        });
  }

  /**
   * Stores the answer of the request that holds {@code claim}; false when that request bound
   * nothing (it appended no entry), so there is nothing to answer retries from.
   */
  public boolean saveAnswer(Request request, Claim claim, Answer answer) {
    return store.write(
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE idempotency_key SET status = ?, content_type = ?, location = ?,"
                      + " response = ? WHERE scope = ? AND key_hash = ? AND claim = ?")) {
            update.setInt(1, answer.status());
            update.setString(2, answer.contentType());
            update.setString(3, answer.location().orElse(null));
            update.setBytes(4, answer.body());
            update.setString(5, request.scope());
            update.setBytes(6, request.keyHash());
            update.setString(7, claim.id());
            return update.executeUpdate() == 1;
          }
        });
  }
}
