package io.changetrail.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ledger store contract on a real PostgreSQL server: a new database per test. */
class PostgresLedgerStoreTest extends LedgerStoreContract {
  @Override
  protected String newLedgerUrl() {
    return EmbeddedPostgresServer.shared().newDatabase();
  }

  @Test
  void connectionsTheServerDroppedAreReplacedWithoutFailingAnyone() throws Exception {
    store.append(fact(0));
    List<Long> sizes =
        List.of(
            store.read(LedgerStore.Reader::size), store.read(LedgerStore.Reader::size)); // pooled
    assertThat(sizes).containsOnly(1L);

    // what a database restart does to every open session: FATAL 57P01 on its next use
    try (Connection admin = DriverManager.getConnection(url);
        Statement statement = admin.createStatement();
        ResultSet killed =
            statement.executeQuery(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
      killed.next();
      assertThat(killed.getInt(1)).isPositive();
    }

    assertThat(store.read(LedgerStore.Reader::size)).isEqualTo(1);
    assertThat(store.append(fact(1)).index()).isEqualTo(1);
    assertThat(store.read(LedgerStore.Reader::size)).isEqualTo(2);
  }
}
