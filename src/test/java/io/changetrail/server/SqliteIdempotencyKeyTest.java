package io.changetrail.server;

/** Idempotency-Key on a SQLite ledger. */
class SqliteIdempotencyKeyTest extends IdempotencyKeyContract {
  @Override
  String ledgerUrl() {
    return "jdbc:sqlite:" + dir.resolve("ledger.db");
  }
}
