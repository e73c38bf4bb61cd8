package io.changetrail.lifecycle;

import io.changetrail.ledger.EmbeddedPostgresServer;
import java.nio.file.Path;

class PostgresLifecycleFlowTest extends LifecycleFlowContract {
  @Override
  String newLedger(Path dir) {
    return EmbeddedPostgresServer.shared().newDatabase();
  }
}
