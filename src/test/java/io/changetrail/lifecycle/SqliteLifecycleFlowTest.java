package io.changetrail.lifecycle;

import java.nio.file.Path;

class SqliteLifecycleFlowTest extends LifecycleFlowContract {
  @Override
  String newLedger(Path dir) {
    return "jdbc:sqlite:" + dir.resolve("ledger.db");
  }
}
