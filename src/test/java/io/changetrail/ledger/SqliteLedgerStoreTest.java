package io.changetrail.ledger;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The ledger store contract on SQLite: a new database file per test. */
class SqliteLedgerStoreTest extends LedgerStoreContract {
  @TempDir Path dir;

  @Override
  protected String newLedgerUrl() {
    return "jdbc:sqlite:" + dir.resolve("ledger.db");
  }
}
