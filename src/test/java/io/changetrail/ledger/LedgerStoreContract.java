package io.changetrail.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.domain.ledger.CompactRange;
import io.changetrail.domain.ledger.Fact;
import io.changetrail.domain.ledger.LedgerEntry;
import io.changetrail.domain.ledger.Merkle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every ledger store must have, run unchanged against SQLite and PostgreSQL (each on
 * a fresh, real database per test).
 */
abstract class LedgerStoreContract {
  protected String url;
  protected LedgerStore store;

  /** A JDBC URL of a new, empty database. */
  protected abstract String newLedgerUrl() throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    url = newLedgerUrl();
    store = LedgerStore.open(url);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  static Fact fact(int n) {
    return new Fact("alice", "change.registered", "CHG-" + n, Map.of("n", n, "note", "ü\n\"x\""));
  }

  @Test
  void appendsTakeDenseIndicesFromZero() throws Exception {
    assertThat(store.append(fact(0)).index()).isZero();
    assertThat(store.append(fact(1)).index()).isEqualTo(1);
    List<LedgerEntry> batch = store.append(List.of(fact(2), fact(3), fact(4)));
    assertThat(batch).extracting(LedgerEntry::index).containsExactly(2L, 3L, 4L);
    assertThat(store.read(LedgerStore.Reader::size)).isEqualTo(5);
  }

  @Test
  void storesTheExactCanonicalBytesAndTheirLeafHash() throws Exception {
    LedgerEntry entry = store.append(fact(7));
    List<byte[]> stored = new ArrayList<>();
    List<byte[]> leaves = new ArrayList<>();
    store.read(
        reader -> {
          reader.entries(
              0,
              1,
              (index, bytes, leaf) -> {
                stored.add(bytes);
                leaves.add(leaf);
              });
          return null;
        });
    assertThat(new String(stored.get(0), StandardCharsets.UTF_8))
        .isEqualTo(new String(entry.canonicalBytes(), StandardCharsets.UTF_8))
        .startsWith("{\"actor\":\"alice\",\"change\":\"CHG-7\",\"data\":{\"n\":7,")
        .contains("\"index\":0,\"kind\":\"change.registered\",\"time\":\"");
    assertThat(leaves.get(0)).isEqualTo(new Merkle().leafHash(stored.get(0)));
  }

  @Test
  void reopeningKeepsEntriesOriginAndSchema() {
    store.append(fact(1));
    String origin = store.origin();
    try (LedgerStore again = LedgerStore.open(url)) {
      assertThat(again.origin()).isEqualTo(origin).startsWith("changetrail.local/ledger/");
      assertThat(again.append(fact(2)).index()).isEqualTo(1);
    }
  }

  @Test
  void checkpointsAreStoredOncePerSize() {
    byte[] root = new byte[32];
    store.saveCheckpoint(3, root, "note one\n");
    store.saveCheckpoint(3, root, "note two\n");
    List<LedgerStore.StoredCheckpoint> checkpoints = store.read(LedgerStore.Reader::checkpoints);
    assertThat(checkpoints).hasSize(1);
    assertThat(checkpoints.get(0).note()).isEqualTo("note one\n");
  }

  @Test
  void concurrentAppendersNeverForkOrLeaveGaps() throws Exception {
    int threads = 8;
    int perThread = 40;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Long> acknowledged = Collections.synchronizedList(new ArrayList<>());
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      done.add(
          pool.submit(
              () -> {
                for (int i = 0; i < perThread; i++) {
                  if (i % 5 == 0) {
                    store
                        .append(List.of(fact(thread * 1000 + i), fact(thread * 1000 + i + 500)))
                        .forEach(e -> acknowledged.add(e.index()));
                  } else {
                    acknowledged.add(store.append(fact(thread * 1000 + i)).index());
                  }
                }
              }));
    }
    for (Future<?> future : done) {
      future.get(2, TimeUnit.MINUTES);
    }
    pool.shutdown();
    long expected = threads * (perThread + perThread / 5);
    assertThat(acknowledged).hasSize((int) expected).doesNotHaveDuplicates();
    List<Long> indices = new ArrayList<>();
    Merkle merkle = new Merkle();
    CompactRange range = new CompactRange(merkle);
    store.read(
        reader -> {
          assertThat(reader.size()).isEqualTo(expected);
          reader.entries(
              0,
              expected,
              (index, bytes, leaf) -> {
                indices.add(index);
                assertThat(merkle.leafHash(bytes)).isEqualTo(leaf);
                range.append(leaf);
              });
          return null;
        });
    for (int i = 0; i < expected; i++) {
      assertThat(indices.get(i)).isEqualTo(i);
    }
    assertThat(acknowledged).containsExactlyInAnyOrderElementsOf(indices);
  }
}
