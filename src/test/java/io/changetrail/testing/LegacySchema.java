package io.changetrail.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Turns a ledger database back into one of an older schema version, as an older ChangeTrail left
 * it, by undoing each later migration (newest first): for the tests that open such a ledger.
 */
public final class LegacySchema {
  private LegacySchema() {}

  /** Undoes every migration above {@code version}. */
  public static void rollBackTo(String url, int version) throws Exception {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(true);
      if (version < 6) { // the change states
        statement.execute("DROP TABLE ledger_change_state");
        statement.execute(
            "DELETE FROM ledger_meta WHERE key IN ('change_state_size', 'change_state_version')");
      }
      if (version < 5) { // the index by change
        statement.execute("DROP TABLE ledger_change_index");
        statement.execute("DELETE FROM ledger_meta WHERE key = 'change_index_size'");
      }
      if (version < 4) { // idempotency keys
        statement.execute("DROP TABLE idempotency_key");
      }
      if (version < 3) { // users' other emails
        statement.execute("ALTER TABLE access_user DROP COLUMN emails");
      }
      if (version < 2) { // users, tokens, sessions
        statement.execute("DROP TABLE access_session");
        statement.execute("DROP TABLE access_token");
        statement.execute("DROP TABLE access_user");
      }
      statement.execute("DELETE FROM ledger_schema WHERE version > " + version);
    }
  }
}
