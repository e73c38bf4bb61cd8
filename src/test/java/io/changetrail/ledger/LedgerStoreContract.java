package io.changetrail.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.domain.ledger.CompactRange;
import io.changetrail.domain.ledger.Fact;
import io.changetrail.domain.ledger.LedgerEntry;
import io.changetrail.domain.ledger.Merkle;
import io.changetrail.domain.ledger.SigningKey;
import io.changetrail.domain.ledger.VerificationReport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

  private void sql(String... statements) throws Exception {
    try (java.sql.Connection connection = java.sql.DriverManager.getConnection(url);
        java.sql.Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
    }
  }

  private List<Long> changeEntries(LedgerStore on, String change) {
    List<Long> indices = new ArrayList<>();
    on.read(
        reader -> {
          reader.changeEntries(change, (index, bytes, leaf) -> indices.add(index));
          return null;
        });
    return indices;
  }

  @Test
  void theIndexByChangeFollowsAppendsAndIsRebuiltWhenBehind() throws Exception {
    store.append(fact(0));
    store.append(List.of(fact(1), fact(0)));
    store.append(new Fact("alice", "note", "", Map.of("n", 1)));
    store.append(new Fact("bob", "change.registered", "CHG-7", Map.of("contentHash", "sha256:aa")));
    assertThat(changeEntries(store, "CHG-0")).containsExactly(0L, 2L);
    java.util.Set<String> ids = store.read(LedgerStore.Reader::changeIds);
    assertThat(ids).containsExactlyInAnyOrder("CHG-0", "CHG-1", "CHG-7");
    java.util.Set<String> naming = store.read(reader -> reader.changesNaming("sha256:aa"));
    assertThat(naming).containsExactly("CHG-7");
    assertThat(store.read(LedgerStore.Reader::changeIndexCurrent)).isTrue();
    List<String> agree = store.read(reader -> reader.changeIndexFindings(5, 10));
    assertThat(agree).isEmpty();

    // A ledger from before the index: no rows, covering nothing. Opening it catches up.
    sql(
        "DELETE FROM ledger_change_index",
        "UPDATE ledger_meta SET value = '0' WHERE key = 'change_index_size'");
    try (LedgerStore reopened = LedgerStore.open(url)) {
      assertThat(reopened.read(LedgerStore.Reader::changeIndexCurrent)).isTrue();
      assertThat(changeEntries(reopened, "CHG-0")).containsExactly(0L, 2L);
      java.util.Set<String> again = reopened.read(reader -> reader.changesNaming("sha256:aa"));
      assertThat(again).containsExactly("CHG-7");
      List<String> rebuilt = reopened.read(reader -> reader.changeIndexFindings(5, 10));
      assertThat(rebuilt).isEmpty();
      reopened.append(fact(1));
      assertThat(changeEntries(reopened, "CHG-1")).containsExactly(1L, 5L);
    }
  }

  @Test
  void theIndexByChangeListsChangesInTheOrderOfTheirFirstEntries() {
    store.append(List.of(fact(2), fact(0), fact(2), fact(1), fact(0), fact(3)));
    List<LedgerStore.FirstEntry> oldest =
        store.read(reader -> reader.changesByFirstEntry(-1, false, 10));
    assertThat(oldest)
        .extracting(LedgerStore.FirstEntry::change)
        .containsExactly("CHG-2", "CHG-0", "CHG-1", "CHG-3");
    assertThat(oldest).extracting(LedgerStore.FirstEntry::index).containsExactly(0L, 1L, 3L, 5L);
    List<LedgerStore.FirstEntry> after = store.read(r -> r.changesByFirstEntry(1, false, 2));
    assertThat(after).extracting(LedgerStore.FirstEntry::change).containsExactly("CHG-1", "CHG-3");
    List<LedgerStore.FirstEntry> newest = store.read(r -> r.changesByFirstEntry(3, true, 10));
    assertThat(newest).extracting(LedgerStore.FirstEntry::change).containsExactly("CHG-0", "CHG-2");
    java.util.Optional<Long> first = store.read(r -> r.firstEntryOf("CHG-1"));
    assertThat(first).contains(3L);
    java.util.Optional<Long> none = store.read(r -> r.firstEntryOf("CHG-9"));
    assertThat(none).isEmpty();
  }

  /**
   * A page of every change reads its changes (and the one after, to know whether there is a next
   * page) through the index by change: an entry of a change beyond that which cannot even be read
   * does not stop it, while projecting every change (what the list did before) fails on it.
   */
  @Test
  void aPageOfChangesReadsOnlyTheChangesOnIt() throws Exception {
    for (int n = 0; n < 6; n++) {
      store.append(
          new io.changetrail.domain.event.LedgerEvent.Registered(
                  "change " + n,
                  "NORMAL",
                  "Alice <alice@example.com>",
                  "",
                  "feature/" + n,
                  java.util.Optional.empty(),
                  java.util.Optional.empty(),
                  Map.of())
              .fact("alice", "CHG-" + n));
    }
    // entries about a change that was never registered: not a change, never listed
    store.append(new Fact("ci", "deployment.gate-decided", "CHG-9", Map.of("n", 1)));
    store.append(new Fact("alice", "change.closed", "CHG-0", Map.of("comment", "")));
    try (java.sql.Connection connection = java.sql.DriverManager.getConnection(url);
        java.sql.PreparedStatement update =
            connection.prepareStatement("UPDATE ledger_entry SET entry = ? WHERE idx = 5")) {
      update.setBytes(1, "not an entry".getBytes(StandardCharsets.UTF_8));
      update.executeUpdate();
      if (!connection.getAutoCommit()) {
        connection.commit();
      }
    }
    io.changetrail.app.lifecycle.ChangeLedger ledger =
        new io.changetrail.app.lifecycle.ChangeLedger(
            store,
            io.changetrail.domain.lifecycle.ApprovalPolicy.defaults(),
            java.time.Clock.systemUTC());

    io.changetrail.app.lifecycle.ChangeLedger.Page first = ledger.page("", false, 2);
    assertThat(first.changes())
        .extracting(io.changetrail.domain.lifecycle.ChangeRecord::id)
        .containsExactly("CHG-0", "CHG-1");
    assertThat(first.changes().get(0).title()).isEqualTo("change 0");
    assertThat(first.next()).contains("CHG-1");
    io.changetrail.app.lifecycle.ChangeLedger.Page second = ledger.page("CHG-1", false, 2);
    assertThat(second.changes())
        .extracting(io.changetrail.domain.lifecycle.ChangeRecord::id)
        .containsExactly("CHG-2", "CHG-3");
    assertThat(second.next()).contains("CHG-3");
    assertThat(ledger.page("CHG-2", true, 5).changes())
        .extracting(io.changetrail.domain.lifecycle.ChangeRecord::id)
        .containsExactly("CHG-1", "CHG-0");
    assertThat(ledger.page("CHG-2", true, 5).next()).isEmpty();
    // a page that reaches it (holds it, or looks one change ahead at it) says the entry cannot be
    // read; so does projecting every change
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ledger.page("CHG-3", false, 2))
        .hasMessageContaining("cannot be read");
    org.assertj.core.api.Assertions.assertThatThrownBy(ledger::changes)
        .hasMessageContaining("cannot be read");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ledger.page("CHG-7", false, 2))
        .hasMessageContaining("'CHG-7' is not one of the changes listed");
  }

  private LedgerStore.StateRow state(LedgerStore on, String change) {
    return on.read(reader -> reader.changeState(change)).orElseThrow();
  }

  private static Fact about(String kind, String change) {
    return new Fact("alice", kind, change, Map.of("title", "title of " + change));
  }

  /**
   * Where each change stands is derived with every append in its transaction, checked against a
   * replay, derived again when another derivation wrote it, and derived by replay for a ledger of
   * schema version 5 (from before the change states).
   */
  @Test
  void theChangeStatesFollowAppendsAndAreDerivedAgainWhenStaleOrMissing() throws Exception {
    LedgerEntry first = store.append(about("change.registered", "CHG-1"));
    store.append(List.of(about("change.registered", "CHG-2"), about("change.closed", "CHG-2")));
    store.append(new Fact("alice", "note", "", Map.of("n", 1)));
    store.append(about("change.approved", "CHG-3")); // about a change never registered
    String registered = LedgerEntry.TIME.format(first.time());
    assertThat(state(store, "CHG-1"))
        .isEqualTo(new LedgerStore.StateRow("CHG-1", 0, "DRAFT", registered, "LOW"));
    assertThat(state(store, "CHG-2").stage()).isEqualTo("CLOSED");
    assertThat(state(store, "CHG-2").firstIndex()).isEqualTo(1);
    assertThat(state(store, "CHG-3"))
        .isEqualTo(new LedgerStore.StateRow("CHG-3", 4, "NONE", "", ""));
    assertThat(store.read(LedgerStore.Reader::changeStateCurrent)).isTrue();
    LedgerStore.StateCheck clean = store.read(reader -> reader.changeStateCheck(10));
    assertThat(clean.findings()).isEmpty();
    assertThat(clean.changes()).isEqualTo(3);

    // a row changed in the database is found by the check against a replay
    sql("UPDATE ledger_change_state SET stage = 'VERIFIED' WHERE change_id = 'CHG-1'");
    assertThat(store.read(reader -> reader.changeStateCheck(10)).findings())
        .containsExactly(
            "the change state of CHG-1 says VERIFIED (first entry 0, registered "
                + registered
                + ", risk LOW), but a replay of its entries gives DRAFT (first entry 0, registered "
                + registered
                + ", risk LOW): the state table was changed in the database after the append");
    sql("DELETE FROM ledger_change_state WHERE change_id = 'CHG-2'");
    assertThat(store.read(reader -> reader.changeStateCheck(10)).findings())
        .anyMatch(m -> m.startsWith("the change state of CHG-2 is missing"));

    // rows another derivation wrote (or that are stale) are derived again when the ledger opens
    sql("UPDATE ledger_meta SET value = '0' WHERE key = 'change_state_version'");
    store.close();
    store = LedgerStore.open(url);
    assertThat(store.read(reader -> reader.changeStateCheck(10)).findings()).isEmpty();
    assertThat(state(store, "CHG-1").stage()).isEqualTo("DRAFT");
    assertThat(state(store, "CHG-2").stage()).isEqualTo("CLOSED");

    // a ledger from before the change states: opening it derives them by replaying its entries
    store.close();
    io.changetrail.testing.LegacySchema.rollBackTo(url, 5);
    store = LedgerStore.open(url);
    assertThat(store.read(LedgerStore.Reader::changeStateCurrent)).isTrue();
    assertThat(state(store, "CHG-1").stage()).isEqualTo("DRAFT");
    assertThat(state(store, "CHG-2").stage()).isEqualTo("CLOSED");
    assertThat(store.read(reader -> reader.changeStateCheck(10)).findings()).isEmpty();
    store.append(about("change.closed", "CHG-1"));
    assertThat(state(store, "CHG-1").stage()).isEqualTo("CLOSED");

    // the state a filtered list reads: by stage, newest registration first, paged on a cursor
    List<LedgerStore.StateRow> closed =
        store.read(
            reader ->
                reader.changeStates(
                    new LedgerStore.StateFilter(java.util.Set.of("CLOSED"), "", "", ""),
                    null,
                    true,
                    10));
    assertThat(closed).extracting(LedgerStore.StateRow::change).containsExactly("CHG-2", "CHG-1");
    LedgerStore.StateRow newest = closed.get(0);
    List<LedgerStore.StateRow> after =
        store.read(
            reader ->
                reader.changeStates(
                    new LedgerStore.StateFilter(java.util.Set.of(), "", "", ""),
                    new LedgerStore.StateCursor(newest.registeredAt(), newest.firstIndex()),
                    true,
                    10));
    assertThat(after).extracting(LedgerStore.StateRow::change).containsExactly("CHG-1");
  }

  @Test
  void verificationFindsARowRemovedFromTheIndexByChange() throws Exception {
    store.append(List.of(fact(0), fact(1), fact(0)));
    sql("DELETE FROM ledger_change_index WHERE idx = 2");
    assertThat(changeEntries(store, "CHG-0")).containsExactly(0L); // what a reader would see
    SigningKey key = SigningKey.generate("example.com/test");
    LedgerAuditor auditor = new LedgerAuditor(store);
    auditor.checkpoint(key);
    VerificationReport report = auditor.verify(key.verifier(), List.of());
    assertThat(report.verdict()).isEqualTo(VerificationReport.Verdict.TAMPERED);
    assertThat(report.findings())
        .extracting(io.changetrail.domain.ledger.Finding::message)
        .anyMatch(
            m ->
                m.startsWith(
                    "entry 2 is about CHG-0, but the index by change written with it has no row"));
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
  void appendUnlessAppendsOnlyWhileNothingMatchingWasStoredSinceTheRead() throws Exception {
    store.append(List.of(fact(1), fact(2)));
    long seen = store.read(LedgerStore.Reader::size);
    java.util.function.Predicate<byte[]> aboutOne =
        bytes -> new String(bytes, StandardCharsets.UTF_8).contains("\"change\":\"CHG-1\"");

    assertThat(store.appendUnless(seen, aboutOne, List.of(fact(1))))
        .hasValueSatisfying(e -> assertThat(e).extracting(LedgerEntry::index).containsExactly(2L));
    store.append(fact(2)); // unrelated entries since the read do not stand in the way
    assertThat(store.appendUnless(seen, aboutOne, List.of(fact(1)))).isEmpty();
    assertThat(store.read(LedgerStore.Reader::size)).as("nothing appended").isEqualTo(4);
    assertThat(store.appendUnless(4, aboutOne, List.of(fact(1), fact(1))))
        .hasValueSatisfying(
            e -> assertThat(e).extracting(LedgerEntry::index).containsExactly(4L, 5L));
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

  static Process appender(String url, int count, int batch) throws Exception {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            LedgerAppenderMain.class.getName(),
            url,
            Integer.toString(count),
            Integer.toString(batch))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  static List<Long> acknowledged(Process process) throws Exception {
    List<Long> indices = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        indices.add(Long.parseLong(line.strip()));
      }
    }
    return indices;
  }

  /** Every index of the log is present once, the log verifies against a fresh checkpoint. */
  void assertDenseAndVerifies(long expected) {
    SigningKey key = SigningKey.generate("example.com/test");
    LedgerAuditor auditor = new LedgerAuditor(store);
    auditor.checkpoint(key);
    VerificationReport report = auditor.verify(key.verifier(), List.of());
    assertThat(report.findings()).isEmpty();
    assertThat(report.entries()).isEqualTo(expected);
    assertThat(report.checkpointsVerified()).isEqualTo(1);
  }

  @Test
  void severalProcessesAppendingAtOnceNeverForkOrLeaveGaps() throws Exception {
    List<Process> processes = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      processes.add(appender(url, 60, p == 0 ? 1 : 4));
    }
    List<Long> all = new ArrayList<>();
    for (Process process : processes) {
      all.addAll(acknowledged(process));
      assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
      assertThat(process.exitValue()).isZero();
    }
    assertThat(all).hasSize(180).doesNotHaveDuplicates().allMatch(i -> i >= 0 && i < 180);
    assertDenseAndVerifies(180);
  }

  @Test
  void aWriterKilledMidStreamLosesNoAcknowledgedEntry() throws Exception {
    Process process = appender(url, 1_000_000, 1);
    List<Long> acknowledged = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        acknowledged.add(Long.parseLong(line.strip()));
        if (acknowledged.size() == 150) {
          // SIGKILL, in the middle of the next append (kill(1) rather than destroyForcibly(),
          // which also closes our end of the pipe)
          new ProcessBuilder("kill", "-KILL", Long.toString(process.pid())).start().waitFor();
          break;
        }
      }
      // whatever the pipe still holds was acknowledged before the kill too
      while ((line = reader.readLine()) != null) {
        acknowledged.add(Long.parseLong(line.strip()));
      }
    }
    process.waitFor(30, TimeUnit.SECONDS);
    long size = store.read(LedgerStore.Reader::size);
    assertThat(size).isGreaterThanOrEqualTo(acknowledged.size());
    List<Long> present = new ArrayList<>();
    store.read(
        reader -> {
          reader.entries(0, size, (index, bytes, leaf) -> present.add(index));
          return null;
        });
    assertThat(present).containsAll(acknowledged);
    // The log goes on after the crash. On PostgreSQL the killed writer's last COMMIT may have
    // reached the server unacknowledged and land after the size above was read: such an entry
    // is stored but was never acknowledged, which the ledger allows (only losing an
    // acknowledged one is a failure), so the count is read again.
    long appended = store.append(fact(1)).index();
    assertThat(appended).isGreaterThanOrEqualTo(size);
    assertDenseAndVerifies(store.read(LedgerStore.Reader::size));
  }

  // ---- Idempotency-Key bindings: stored in the transaction of the entries they name

  private static IdempotencyStore.Request request(String key, String body) {
    return new IdempotencyStore.Request(
        "alice", key.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anIdempotencyKeyIsBoundExactlyWhenTheEntriesItsRequestAppendedCommitted() throws Exception {
    IdempotencyStore keys = new IdempotencyStore(store);
    java.time.Instant now = java.time.Instant.now();
    IdempotencyStore.Request rolledBack = request("k1", "a");
    try {
      keys.bound(
          keys.claim(rolledBack),
          () ->
              store.writeInTurn(
                  connection -> {
                    store.append(connection, List.of(fact(0)));
                    throw new IllegalStateException("fails after the append, before COMMIT");
                  }));
    } catch (IllegalStateException expected) {
      // rolled back: neither the entry nor the key
    }
    assertThat(store.read(LedgerStore.Reader::size)).isZero();
    assertThat(keys.find("alice", rolledBack.keyHash(), now)).isEmpty();

    IdempotencyStore.Request committed = request("k2", "b");
    IdempotencyStore.Claim claim = keys.claim(committed);
    keys.bound(claim, () -> store.append(List.of(fact(1), fact(2))));
    keys.bound(claim, () -> store.append(fact(3))); // the same request appends again
    IdempotencyStore.Binding binding = keys.find("alice", committed.keyHash(), now).orElseThrow();
    assertThat(binding.firstEntry()).isZero();
    assertThat(binding.lastEntry()).isEqualTo(2);
    assertThat(binding.sameRequest(committed.fingerprint())).isTrue();
    assertThat(binding.answer()).isEmpty();
    assertThat(keys.find("bob", committed.keyHash(), now)).isEmpty();
    assertThat(
            keys.find(
                "alice", committed.keyHash(), now.plus(IdempotencyStore.LIFETIME).plusSeconds(60)))
        .as("expired after its lifetime")
        .isEmpty();

    IdempotencyStore.Claim second = keys.claim(committed);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> keys.bound(second, () -> store.append(fact(4))))
        .isInstanceOf(IdempotencyStore.KeyTaken.class);
    assertThat(store.read(LedgerStore.Reader::size)).isEqualTo(3);

    assertThat(
            keys.saveAnswer(
                committed,
                claim,
                new IdempotencyStore.Answer(
                    201, "application/json", java.util.Optional.of("/x"), new byte[] {'{', '}'})))
        .isTrue();
    assertThat(
            keys.saveAnswer(
                committed,
                second,
                new IdempotencyStore.Answer(200, "t", java.util.Optional.empty(), new byte[0])))
        .as("a claim that bound nothing stores nothing")
        .isFalse();
    IdempotencyStore.Answer answer =
        keys.find("alice", committed.keyHash(), now).orElseThrow().answer().orElseThrow();
    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.location()).contains("/x");
    assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
  }

  @Test
  void aLedgerOfSchemaVersion3GainsTheIdempotencyTableWhenOpened() throws Exception {
    store.append(fact(0));
    store.close();
    io.changetrail.testing.LegacySchema.rollBackTo(url, 3); // before idempotency keys
    store = LedgerStore.open(url);
    IdempotencyStore keys = new IdempotencyStore(store);
    IdempotencyStore.Request request = request("after-upgrade", "x");
    keys.bound(keys.claim(request), () -> store.append(fact(1)));
    assertThat(keys.find("alice", request.keyHash(), java.time.Instant.now()))
        .hasValueSatisfying(b -> assertThat(b.firstEntry()).isEqualTo(1));
  }
}
