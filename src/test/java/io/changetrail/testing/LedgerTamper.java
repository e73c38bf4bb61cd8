package io.changetrail.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * What an operator with write access to a SQLite ledger's database can do before the first
 * checkpoint: rewrite an entry's bytes and recompute its RFC 6962 leaf hash, so only signatures and
 * checkpoints can tell.
 */
public final class LedgerTamper {
  private LedgerTamper() {}

  /** The first entry of {@code kind} and its index. */
  public record Rewritten(long index, String before) {}

  /**
   * Replaces {@code from} with {@code to} in the first entry of {@code kind} (e.g. change.approved)
   * and recomputes its leaf hash.
   */
  public static Rewritten rewriteFirst(String ledgerUrl, String kind, String from, String to)
      throws Exception {
    try (Connection connection = DriverManager.getConnection(ledgerUrl)) {
      long index;
      String entry;
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT idx, entry FROM ledger_entry WHERE entry LIKE ? ORDER BY idx")) {
        select.setString(1, "%\"kind\":\"" + kind + "\"%");
        try (ResultSet rows = select.executeQuery()) {
          assertThat(rows.next()).as("an entry of kind " + kind).isTrue();
          index = rows.getLong(1);
          entry = new String(rows.getBytes(2), StandardCharsets.UTF_8);
        }
      }
      assertThat(entry).contains(from);
      byte[] forged = entry.replace(from, to).getBytes(StandardCharsets.UTF_8);
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((byte) 0);
      byte[] leaf = sha.digest(forged);
      try (PreparedStatement update =
          connection.prepareStatement(
              "UPDATE ledger_entry SET entry = ?, leaf_hash = ? WHERE idx = ?")) {
        update.setBytes(1, forged);
        update.setBytes(2, leaf);
        update.setLong(3, index);
        assertThat(update.executeUpdate()).isEqualTo(1);
      }
      return new Rewritten(index, entry);
    }
  }
}
