package io.changetrail.ledger;

import io.changetrail.domain.ledger.Fact;
import io.changetrail.domain.ledger.LedgerEntry;
import io.changetrail.domain.ledger.Merkle;
import io.changetrail.domain.ledger.SigningKey;
import io.changetrail.domain.ledger.VerificationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ledger benchmarks (run by bench/ledger-bench.sh): appends per second, one at a time and in
 * batches, beside plain INSERTs of the same rows into the same database; and bundle verification in
 * entries per second beside the raw SHA-256 rate over the same entries.
 */
public final class LedgerBench {
  private LedgerBench() {}

  public static void main(String[] args) throws Exception {
    int single = Integer.parseInt(arg(args, 0, "2000"));
    int batched = Integer.parseInt(arg(args, 1, "100000"));
    int verifyEntries = Integer.parseInt(arg(args, 2, "1000000"));
    String stores = arg(args, 3, "sqlite,postgresql");
    Path dir = Files.createTempDirectory("ledger-bench-");
    System.out.println("| store | mode | rows | ledger append/s | plain INSERT/s | ratio |");
    System.out.println("|---|---|---:|---:|---:|---:|");
    if (stores.contains("sqlite")) {
      appends("SQLite", "jdbc:sqlite:" + dir.resolve("bench.db"), single, batched);
    }
    if (stores.contains("postgresql")) {
      appends("PostgreSQL", EmbeddedPostgresServer.shared().newDatabase(), single, batched);
    }
    if (verifyEntries > 0) {
      verification(dir, verifyEntries);
    }
    System.exit(0);
  }

  private static String arg(String[] args, int i, String fallback) {
    return args.length > i ? args[i] : fallback;
  }

  static Fact fact(int i) {
    return new Fact(
        "release-engineer@example.com",
        "deployment.step",
        "CHG-20261124-" + (1000 + i % 9000),
        Map.of("step", i % 17, "system", "order-router", "result", "passed", "seq", i));
  }

  private static void appends(String name, String url, int singleCount, int batchedCount)
      throws Exception {
    Dialect dialect = Dialect.of(url);
    try (LedgerStore store = LedgerStore.open(url);
        Connection plain = dialect.connect(url)) {
      try (Statement statement = plain.createStatement()) {
        statement.execute(
            "CREATE TABLE plain_entry (idx "
                + (dialect == Dialect.SQLITE ? "INTEGER" : "BIGINT")
                + " PRIMARY KEY, entry "
                + (dialect == Dialect.SQLITE ? "BLOB" : "BYTEA")
                + " NOT NULL, leaf_hash "
                + (dialect == Dialect.SQLITE ? "BLOB" : "BYTEA")
                + " NOT NULL)");
      }
      if (dialect == Dialect.POSTGRESQL) {
        plain.commit();
      }
      // warm up both paths
      for (int i = 0; i < 200; i++) {
        store.append(fact(i));
      }
      long[] plainNext = {0};
      insertPlain(dialect, plain, rows(200, 0), 1, plainNext);

      // ledger and plain INSERTs alternate in rounds, so that load from elsewhere on the machine
      // falls on both alike
      int rounds = 5;
      long[] single = measure(store, dialect, plain, singleCount, 1, rounds, plainNext);
      row(name, "one per transaction", singleCount, single);
      for (int batch : new int[] {100, 1000}) {
        long[] batched = measure(store, dialect, plain, batchedCount, batch, rounds, plainNext);
        row(name, "batches of " + batch, batchedCount, batched);
      }
    }
  }

  /** Total nanoseconds of {ledger appends, plain INSERTs} of {@code count} rows each. */
  private static long[] measure(
      LedgerStore store,
      Dialect dialect,
      Connection plain,
      int count,
      int batch,
      int rounds,
      long[] plainNext)
      throws Exception {
    long ledgerNanos = 0;
    long plainNanos = 0;
    int perRound = Math.max(batch, count / rounds);
    for (int round = 0; round < rounds; round++) {
      long t0 = System.nanoTime();
      List<Fact> facts = new ArrayList<>(batch);
      for (int i = 0; i < perRound; i++) {
        facts.add(fact(i));
        if (facts.size() == batch) {
          if (batch == 1) {
            store.append(facts.get(0));
          } else {
            store.append(facts);
          }
          facts = new ArrayList<>(batch);
        }
      }
      ledgerNanos += System.nanoTime() - t0;
      List<byte[][]> rows = rows(perRound, round * perRound);
      t0 = System.nanoTime();
      insertPlain(dialect, plain, rows, batch, plainNext);
      plainNanos += System.nanoTime() - t0;
    }
    return new long[] {ledgerNanos, plainNanos, (long) perRound * rounds};
  }

  /** The same rows the ledger writes: canonical entry bytes and their leaf hash. */
  private static List<byte[][]> rows(int count, int offset) {
    Merkle merkle = new Merkle();
    List<byte[][]> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] entry = new LedgerEntry(i + offset, Instant.now(), fact(i)).canonicalBytes();
      rows.add(new byte[][] {entry, merkle.leafHash(entry)});
    }
    return rows;
  }

  private static void insertPlain(
      Dialect dialect, Connection connection, List<byte[][]> rows, int batch, long[] next)
      throws Exception {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO plain_entry (idx, entry, leaf_hash) VALUES (?, ?, ?)")) {
      for (int i = 0; i < rows.size(); i += batch) {
        dialect.beginWrite(connection);
        int end = Math.min(rows.size(), i + batch);
        for (int j = i; j < end; j++) {
          insert.setLong(1, next[0]++);
          insert.setBytes(2, rows.get(j)[0]);
          insert.setBytes(3, rows.get(j)[1]);
          if (batch == 1) {
            insert.executeUpdate();
          } else {
            insert.addBatch();
          }
        }
        if (batch > 1) {
          insert.executeBatch();
        }
        dialect.commit(connection);
      }
    }
  }

  private static void verification(Path dir, int count) throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("verify.db");
    SigningKey key = SigningKey.generate("bench.example/ledger");
    Path bundle = dir.resolve("bench.bundle");
    try (LedgerStore store = LedgerStore.open(url)) {
      List<Fact> facts = new ArrayList<>(10_000);
      for (int i = 0; i < count; i++) {
        facts.add(fact(i));
        if (facts.size() == 10_000 || i == count - 1) {
          store.append(facts);
          facts = new ArrayList<>(10_000);
        }
        if (i == count / 2) {
          new LedgerAuditor(store).checkpoint(key);
        }
      }
      new LedgerAuditor(store).checkpoint(key);
      LedgerBundle.export(store, 0, count, key.verifier(), bundle);
    }
    long bytes = Files.size(bundle);
    // the first run includes JIT warm-up (what a one-off CLI run sees); then the best of three
    long t0 = System.nanoTime();
    VerificationReport report = LedgerBundle.verify(bundle, key.verifier());
    double coldSeconds = seconds(t0);
    double verifySeconds = Double.MAX_VALUE;
    for (int run = 0; run < 3; run++) {
      t0 = System.nanoTime();
      report = LedgerBundle.verify(bundle, key.verifier());
      verifySeconds = Math.min(verifySeconds, seconds(t0));
    }
    if (!report.ok()) {
      throw new IllegalStateException("the benchmark bundle does not verify: " + report);
    }
    // the raw rate: SHA-256 of every entry's bytes (what leaf hashing alone costs), from memory
    List<byte[]> entries = new ArrayList<>(count);
    for (String line : Files.readAllLines(bundle)) {
      if (line.length() > 65 && line.charAt(64) == ' ') {
        entries.add(line.substring(65).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    long entryBytes = 0;
    for (byte[] entry : entries) {
      sha.update(entry);
      sha.digest();
    }
    double hashSeconds = Double.MAX_VALUE;
    for (int run = 0; run < 3; run++) {
      entryBytes = 0;
      t0 = System.nanoTime();
      for (byte[] entry : entries) {
        sha.update((byte) 0);
        sha.update(entry);
        sha.digest();
        entryBytes += entry.length + 1;
      }
      hashSeconds = Math.min(hashSeconds, seconds(t0));
    }
    System.out.println();
    System.out.println("| verification | entries | seconds | entries/s | MB/s |");
    System.out.println("|---|---:|---:|---:|---:|");
    System.out.printf(
        "| audit verify --bundle (%d MB file) | %d | %.2f | %,.0f | %.0f |%n",
        bytes / 1_000_000,
        count,
        verifySeconds,
        count / verifySeconds,
        bytes / 1e6 / verifySeconds);
    System.out.printf(
        "| same, first run in a fresh JVM (JIT warm-up included) | %d | %.2f | %,.0f | %.0f |%n",
        count, coldSeconds, count / coldSeconds, bytes / 1e6 / coldSeconds);
    System.out.printf(
        "| raw SHA-256 of the same entries (JDK, one thread, in memory) | %d | %.2f | %,.0f | %.0f |%n",
        entries.size(), hashSeconds, entries.size() / hashSeconds, entryBytes / 1e6 / hashSeconds);
  }

  private static void row(String store, String mode, int rows, long[] nanos) {
    double ledger = nanos[2] / (nanos[0] / 1e9);
    double plain = nanos[2] / (nanos[1] / 1e9);
    System.out.printf(
        "| %s | %s | %d | %,.0f | %,.0f | %.0f%% |%n",
        store, mode, nanos[2], ledger, plain, 100 * ledger / plain);
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
