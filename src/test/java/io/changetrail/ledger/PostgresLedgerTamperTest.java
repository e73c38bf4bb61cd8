package io.changetrail.ledger;

class PostgresLedgerTamperTest extends LedgerTamperContract {
  @Override
  protected String newLedgerUrl() {
    return EmbeddedPostgresServer.shared().newDatabase();
  }
}
