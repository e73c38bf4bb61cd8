package io.changetrail.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.changetrail.app.Workspace;
import io.changetrail.app.audit.AuditLedger;
import io.changetrail.app.keys.KeyFiles;
import io.changetrail.app.lifecycle.DecideChange;
import io.changetrail.app.lifecycle.DeployChange;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.app.lifecycle.RegisterChange;
import io.changetrail.domain.deploy.Phase;
import io.changetrail.domain.ledger.VerificationReport;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.ledger.EmbeddedPostgresServer;
import io.changetrail.ledger.LedgerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Team server load benchmark (run by bench/server-bench.sh): {@code clients} threads send a mix of
 * about 80% reads and 20% writes through the JSON API for a fixed time, against packaged-jar {@code
 * serve} processes: one node on SQLite, one node on PostgreSQL, two nodes on one PostgreSQL
 * (clients spread over them). Prints throughput and latency percentiles per kind of request, the
 * ledger's size before and after, and verifies the ledger afterwards: dense indices, exactly the
 * entries the acknowledged writes imply, and a signed checkpoint that verifies.
 */
public final class ServerBench {
  /** The same content is one change: each registration takes its own (see TeamFixture). */
  private static final java.util.concurrent.atomic.AtomicInteger CONTENT =
      new java.util.concurrent.atomic.AtomicInteger();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> KINDS =
      List.of("show", "list", "register", "approve", "reject", "deploy", "step", "finish");
  private static final Map<String, Integer> ENTRIES_PER_WRITE =
      Map.of("register", 2, "approve", 1, "reject", 1, "deploy", 1, "step", 1, "finish", 1);

  private ServerBench() {}

  public static void main(String[] args) throws Exception {
    int clients = Integer.parseInt(arg(args, 0, "16"));
    int seconds = Integer.parseInt(arg(args, 1, "60"));
    int seedChanges = Math.max(1, Integer.parseInt(arg(args, 2, "100")));
    List<String> setups = List.of(arg(args, 3, "sqlite,postgresql,postgresql-2nodes").split(","));
    int warmup = Integer.parseInt(System.getProperty("bench.warmup", "15"));
    List<String> jvm = List.of(System.getProperty("bench.jvm", "-Xmx512m").trim().split("\\s+"));
    Path dir = Files.createTempDirectory("server-bench-");
    System.out.printf(
        "%d clients, %d s measured after %d s warm-up, %d changes seeded, node JVM options %s%n"
            + "mix per request: 20%% writes (the client's next step of register, approve (1 in 5"
            + " changes rejected instead), start a deployment by hand, two steps, finish), 60%%"
            + " GET /api/v1/changes/{id} of a random change, 20%% GET"
            + " /api/v1/changes?status=ASSESSED%n%n",
        clients, seconds, warmup, seedChanges, jvm);
    for (String setup : setups) {
      run(setup.strip(), dir.resolve(setup.strip()), clients, seconds, warmup, seedChanges, jvm);
    }
    System.exit(0);
  }

  private static String arg(String[] args, int i, String fallback) {
    return args.length > i ? args[i] : fallback;
  }

  private static void run(
      String setup,
      Path dir,
      int clients,
      int seconds,
      int warmup,
      int seedChanges,
      List<String> jvm)
      throws Exception {
    Files.createDirectories(dir);
    String ledger =
        setup.startsWith("sqlite")
            ? "jdbc:sqlite:" + dir.resolve("ledger.db")
            : EmbeddedPostgresServer.shared().newDatabase();
    int nodeCount = setup.endsWith("2nodes") ? 2 : 1;
    Path repo = TeamFixture.repository(dir.resolve("repo"), 8_000);
    Map<String, String> tokens = TeamFixture.team(ledger);
    List<String> ids = new CopyOnWriteArrayList<>(seed(repo, ledger, seedChanges));
    String scaleTo = System.getenv("BENCH_SCALE_TO");
    if (scaleTo != null && !scaleTo.isBlank()) {
      // a ledger as large as a team's after years: copies of the first seeded change under new
      // ids (the clients keep asking about the seeded ones)
      io.changetrail.bench.ScaleLedger.main(new String[] {ledger, ids.get(0), scaleTo.strip()});
    }
    long start = size(ledger);

    List<ServeProcess> nodes = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    Map<String, AtomicLong> acknowledged = new ConcurrentHashMap<>();
    List<Client> running = new ArrayList<>();
    List<Double> loads = new CopyOnWriteArrayList<>();
    try {
      for (int i = 0; i < nodeCount; i++) {
        nodes.add(ServeProcess.start(setup + "-node" + i, repo, ledger, dir.resolve("logs"), jvm));
      }
      long measureFrom = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
      long until = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
      List<Future<?>> work = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        Client client =
            new Client(nodes.get(c % nodes.size()), tokens, ids, acknowledged, measureFrom, until);
        running.add(client);
        work.add(pool.submit(client));
      }
      Thread.sleep(TimeUnit.NANOSECONDS.toMillis(measureFrom - System.nanoTime()));
      while (System.nanoTime() < until) {
        loads.add(loadAverage());
        Thread.sleep(
            Math.min(5000, Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime()))));
      }
      for (Future<?> future : work) {
        future.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
      nodes.forEach(ServeProcess::close);
    }

    long end = size(ledger);
    long implied = start;
    for (Map.Entry<String, AtomicLong> kind : acknowledged.entrySet()) {
      implied += kind.getValue().get() * ENTRIES_PER_WRITE.get(kind.getKey());
    }
    String verification = verify(repo, ledger, dir, end, implied);
    report(setup, nodeCount, seconds, running, start, end, loads, verification);
  }

  // ---------------------------------------------------------------- the clients

  /** One client: its own change pipeline for writes, random changes for reads. */
  private static final class Client implements Runnable {
    final ServeProcess node;
    final Map<String, String> tokens;
    final List<String> ids;
    final Map<String, AtomicLong> acknowledged;
    final long measureFrom;
    final long until;
    final Map<String, List<Long>> latencies = new LinkedHashMap<>();
    final Map<String, Long> errors = new LinkedHashMap<>();
    final Map<String, String> lastError = new LinkedHashMap<>();
    String change;
    String deployment;
    int state;
    int steps;
    int changes;

    Client(
        ServeProcess node,
        Map<String, String> tokens,
        List<String> ids,
        Map<String, AtomicLong> acknowledged,
        long measureFrom,
        long until) {
      this.node = node;
      this.tokens = tokens;
      this.ids = ids;
      this.acknowledged = acknowledged;
      this.measureFrom = measureFrom;
      this.until = until;
    }

    @Override
    public void run() {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      while (System.nanoTime() < until) {
        double dice = random.nextDouble();
        if (dice < 0.2) {
          write();
        } else if (dice < 0.8) {
          String id = ids.get(random.nextInt(ids.size()));
          timed("show", 200, () -> node.get(tokens.get("dave"), "/api/v1/changes/" + id));
        } else {
          timed("list", 200, () -> node.get(tokens.get("bob"), "/api/v1/changes?status=ASSESSED"));
        }
      }
    }

    /** The next step of this client's own change. */
    private void write() {
      String base = "/api/v1/changes/" + change;
      ServeProcess.Reply reply;
      switch (state) {
        case 0 -> {
          reply =
              timed(
                  "register",
                  201,
                  () ->
                      node.post(
                          tokens.get("alice"),
                          "/api/v1/changes",
                          "{\"range\": \""
                              + TeamFixture.range(CONTENT.getAndIncrement())
                              + "\", \"title\": \"load test\"}"));
          if (reply != null) {
            change = reply.json().get("id").asText();
            ids.add(change);
            state = 1;
          }
        }
        case 1 -> {
          boolean reject = changes % 5 == 4;
          reply =
              reject
                  ? timed(
                      "reject",
                      200,
                      () ->
                          node.post(
                              tokens.get("bob"),
                              base + "/reject",
                              "{\"comment\": \"add a rollback test\"}"))
                  : timed(
                      "approve",
                      200,
                      () ->
                          node.post(tokens.get("bob"), base + "/approve", "{\"comment\": \"ok\"}"));
          state = reply == null || reject ? 0 : 2;
          changes += reject ? 1 : 0;
        }
        case 2 -> {
          reply =
              timed(
                  "deploy",
                  201,
                  () ->
                      node.post(
                          tokens.get("carol"),
                          base + "/deployments",
                          "{\"environment\": \"prod\"}"));
          if (reply != null) {
            deployment = base + "/deployments/" + reply.json().get("id").asText();
            steps = 0;
            state = 3;
          }
        }
        case 3 -> {
          reply =
              timed(
                  "step",
                  200,
                  () ->
                      node.post(
                          tokens.get("carol"),
                          deployment + "/steps",
                          "{\"name\": \"restart router\", \"passed\": true, \"seconds\": 4}"));
          steps++;
          state = reply == null ? 0 : steps == 2 ? 4 : 3;
        }
        default -> {
          timed(
              "finish",
              200,
              () ->
                  node.post(tokens.get("carol"), deployment + "/finish", "{\"succeeded\": true}"));
          changes++;
          state = 0;
        }
      }
    }

    /** Sends a request, records its latency when in the measured window; null unless expected. */
    private ServeProcess.Reply timed(
        String kind, int expected, java.util.function.Supplier<ServeProcess.Reply> request) {
      long started = System.nanoTime();
      ServeProcess.Reply reply;
      try {
        reply = request.get();
      } catch (AssertionError e) {
        reply = new ServeProcess.Reply(0, e.getMessage());
      }
      long took = System.nanoTime() - started;
      if (reply.ok() && ENTRIES_PER_WRITE.containsKey(kind)) {
        acknowledged.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
      }
      if (started >= measureFrom && started < until) {
        latencies.computeIfAbsent(kind, k -> new ArrayList<>()).add(took);
        if (reply.status() != expected) {
          errors.merge(kind, 1L, Long::sum);
          lastError.put(kind, reply.toString());
        }
      }
      return reply.status() == expected ? reply : null;
    }
  }

  // ---------------------------------------------------------------- setup and checks

  /** Registers, approves and deploys {@code count} changes in-process, as the team would have. */
  private static List<String> seed(Path repo, String ledger, int count) {
    List<String> ids = new ArrayList<>();
    Workspace workspace = Workspace.open(repo);
    try (LedgerStore store = LedgerStore.open(ledger)) {
      Lifecycle alice = lifecycle(workspace, store, "alice");
      Lifecycle bob = lifecycle(workspace, store, "bob");
      Lifecycle carol = lifecycle(workspace, store, "carol");
      for (int i = 0; i < count; i++) {
        ChangeRecord change =
            new RegisterChange(alice)
                .register(
                    new RegisterChange.Request(
                        TeamFixture.range(CONTENT.getAndIncrement()),
                        "seeded " + i,
                        Optional.empty(),
                        ""));
        String id = change.id();
        new DecideChange(bob).approve(id, "", List.of());
        DeployChange deploy = new DeployChange(carol);
        String deployment =
            deploy.startManual(id, "prod", false, "", Optional.of(change.tip())).deployment().id();
        deploy.recordStep(id, deployment, Phase.STEP, "restart", true, Duration.ofSeconds(3), "");
        deploy.recordStep(id, deployment, Phase.STEP, "smoke", true, Duration.ofSeconds(3), "");
        deploy.finishManual(id, deployment, true);
        ids.add(id);
      }
    }
    return ids;
  }

  private static Lifecycle lifecycle(Workspace workspace, LedgerStore store, String user) {
    return new Lifecycle(workspace, store, TeamFixture.person(user), Clock.systemUTC());
  }

  private static long size(String ledger) {
    try (LedgerStore store = LedgerStore.open(ledger)) {
      return store.read(LedgerStore.Reader::size);
    }
  }

  /** Dense indices, the implied size, and a signed checkpoint that verifies. */
  private static String verify(Path repo, String ledger, Path dir, long size, long implied) {
    long[] next = {0};
    boolean[] dense = {true};
    try (LedgerStore store = LedgerStore.open(ledger)) {
      store.read(
          reader -> {
            reader.entries(
                0,
                Long.MAX_VALUE,
                (index, bytes, leaf) -> {
                  try {
                    dense[0] &=
                        index == next[0]++ && JSON.readTree(bytes).get("index").asLong() == index;
                  } catch (java.io.IOException e) {
                    dense[0] = false;
                  }
                });
            return null;
          });
    }
    KeyFiles.Generated key =
        KeyFiles.generate("bench.example/ledger", Optional.of(dir.resolve("ledger.key")), true);
    AuditLedger audit = new AuditLedger(Workspace.open(repo).git(), Optional.of(ledger));
    audit.checkpoint(Optional.of(key.privateKey()));
    VerificationReport report = audit.verify(Optional.of(key.publicKey().toString()));
    return String.format(
        Locale.ROOT,
        "%s: %d entries, indices 0..%d %s; acknowledged writes imply %d entries (%s); audit"
            + " verify %s (%d checkpoint)",
        dense[0] && next[0] == size && report.ok() && implied == size ? "VERIFIED" : "FAILED",
        size,
        next[0] - 1,
        dense[0] && next[0] == size ? "dense" : "NOT DENSE",
        implied,
        implied == size ? "match" : "MISMATCH",
        report.ok() ? "OK" : "FAILED at " + report.firstBadIndex(),
        report.checkpointsVerified());
  }

  private static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (Exception e) {
      return Double.NaN;
    }
  }

  // ---------------------------------------------------------------- the report

  private static void report(
      String setup,
      int nodes,
      int seconds,
      List<Client> clients,
      long start,
      long end,
      List<Double> loads,
      String verification) {
    Map<String, List<Long>> latencies = new LinkedHashMap<>();
    Map<String, Long> errors = new LinkedHashMap<>();
    Map<String, String> lastError = new LinkedHashMap<>();
    for (Client client : clients) {
      client.latencies.forEach(
          (kind, list) -> latencies.computeIfAbsent(kind, k -> new ArrayList<>()).addAll(list));
      client.errors.forEach((kind, n) -> errors.merge(kind, n, Long::sum));
      lastError.putAll(client.lastError);
    }
    long total = latencies.values().stream().mapToLong(List::size).sum();
    long writes =
        latencies.entrySet().stream()
            .filter(e -> ENTRIES_PER_WRITE.containsKey(e.getKey()))
            .mapToLong(e -> e.getValue().size())
            .sum();
    double[] load = loads.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    System.out.printf(
        Locale.ROOT,
        "### %s (%d node%s, %d clients)%n%n"
            + "%.1f req/s in all (%.1f reads/s, %.1f writes/s, %.0f%% writes); ledger %d entries at"
            + " the start, %d at the end; load average (1 min) %.1f to %.1f during the run%n%n",
        setup,
        nodes,
        nodes == 1 ? "" : "s",
        clients.size(),
        total / (double) seconds,
        (total - writes) / (double) seconds,
        writes / (double) seconds,
        total == 0 ? 0 : 100.0 * writes / total,
        start,
        end,
        load.length == 0 ? Double.NaN : load[0],
        load.length == 0 ? Double.NaN : load[load.length - 1]);
    System.out.println("| request | count | req/s | p50 ms | p99 ms | max ms | errors |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    for (String kind : KINDS) {
      List<Long> list = latencies.getOrDefault(kind, List.of());
      long[] sorted = list.stream().mapToLong(Long::longValue).sorted().toArray();
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %.1f | %s | %s | %s | %d |%n",
          label(kind),
          sorted.length,
          sorted.length / (double) seconds,
          millis(percentile(sorted, 0.50)),
          millis(percentile(sorted, 0.99)),
          millis(sorted.length == 0 ? -1 : sorted[sorted.length - 1]),
          errors.getOrDefault(kind, 0L));
    }
    System.out.println();
    System.out.println(verification);
    lastError.forEach((kind, reply) -> System.out.println("last " + kind + " error: " + reply));
    System.out.println();
  }

  private static String label(String kind) {
    return switch (kind) {
      case "show" -> "GET /changes/{id}";
      case "list" -> "GET /changes?status=ASSESSED";
      case "register" -> "POST /changes (register)";
      case "approve" -> "POST .../approve";
      case "reject" -> "POST .../reject";
      case "deploy" -> "POST .../deployments (start)";
      case "step" -> "POST .../steps";
      default -> "POST .../finish";
    };
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return -1;
    }
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static String millis(long nanos) {
    return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.1f", nanos / 1e6);
  }
}
