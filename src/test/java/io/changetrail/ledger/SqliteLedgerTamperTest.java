package io.changetrail.ledger;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteLedgerTamperTest extends LedgerTamperContract {
  @TempDir Path dir;

  @Override
  protected String newLedgerUrl() {
    return "jdbc:sqlite:" + dir.resolve("ledger.db");
  }
}
