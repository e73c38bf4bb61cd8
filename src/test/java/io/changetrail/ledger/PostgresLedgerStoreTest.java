package io.changetrail.ledger;

/** The ledger store contract on a real PostgreSQL server: a new database per test. */
class PostgresLedgerStoreTest extends LedgerStoreContract {
  @Override
  protected String newLedgerUrl() {
    return EmbeddedPostgresServer.shared().newDatabase();
  }
}
