package io.changetrail.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger store contract on SQLite: a new database file per test. */
class SqliteLedgerStoreTest extends LedgerStoreContract {
  @TempDir Path dir;

  @Override
  protected String newLedgerUrl() {
    return "jdbc:sqlite:" + dir.resolve("ledger.db");
  }

  @Test
  void runsInWalModeWithFullSyncAndAWriterTimeout() throws Exception {
    try (Connection connection = Dialect.SQLITE.connect(url);
        Statement statement = connection.createStatement()) {
      assertThat(pragma(statement, "journal_mode")).isEqualTo("wal");
      assertThat(pragma(statement, "synchronous")).isEqualTo("2"); // FULL
      assertThat(pragma(statement, "busy_timeout")).isEqualTo("30000");
    }
  }

  private static String pragma(Statement statement, String name) throws Exception {
    try (ResultSet rows = statement.executeQuery("PRAGMA " + name)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
