package io.changetrail.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

  @Test
  void aBorrowBeyondThePoolsBoundFailsAtItsTimeoutSayingTheLedgerIsBusy() throws Exception {
    store.append(fact(0));
    try (LedgerStore bounded = LedgerStore.open(url, 1, java.time.Duration.ofMillis(300))) {
      java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
      ExecutorService holder = Executors.newSingleThreadExecutor();
      try {
        Future<Long> held =
            holder.submit(
                () ->
                    bounded.read(
                        reader -> {
                          holding.countDown();
                          try {
                            release.await();
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                          }
                          return reader.size();
                        }));
        holding.await();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> bounded.read(LedgerStore.Reader::size))
            .isInstanceOfSatisfying(
                io.changetrail.domain.ChangeTrailException.class,
                e ->
                    assertThat(e.problem())
                        .isEqualTo(io.changetrail.domain.Problem.LEDGER_UNAVAILABLE))
            .hasMessageContaining("is busy: all 1 of this process's connections");
        release.countDown();
        assertThat(held.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        // The one connection went back to the pool and serves the next operation.
        assertThat(bounded.read(LedgerStore.Reader::size)).isEqualTo(1);
      } finally {
        release.countDown();
        holder.shutdownNow();
      }
    }
  }
}
