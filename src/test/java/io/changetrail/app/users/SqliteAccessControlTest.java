package io.changetrail.app.users;

import java.nio.file.Path;

class SqliteAccessControlTest extends AccessControlContract {
  @Override
  String newLedgerUrl(Path dir) {
    return "jdbc:sqlite:" + dir.resolve("ledger.db");
  }
}
