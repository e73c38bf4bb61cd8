package io.changetrail.app.users;

import io.changetrail.ledger.EmbeddedPostgresServer;
import java.nio.file.Path;

class PostgresAccessControlTest extends AccessControlContract {
  @Override
  String newLedgerUrl(Path dir) {
    return EmbeddedPostgresServer.shared().newDatabase();
  }
}
