package io.changetrail.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.changetrail.ledger.EmbeddedPostgresServer;
import io.changetrail.ledger.LedgerStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several {@code changetrail serve} processes of the packaged jar over one git repository and one
 * real PostgreSQL, written to concurrently through the API, as a team behind a load balancer would:
 * every acknowledged write is in the ledger exactly once, indices stay dense, and the log verifies.
 * Also: the database going away and coming back under a running node.
 */
class ServerNodesIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The same content is one change: every registration of this workload takes its own. */
  private static final java.util.concurrent.atomic.AtomicInteger CONTENT =
      new java.util.concurrent.atomic.AtomicInteger();

  private static String nextRange() {
    return TeamFixture.range(CONTENT.getAndIncrement());
  }

  /** Ledger entries each kind of acknowledged write appends. */
  private static final Map<String, Integer> ENTRIES_PER_WRITE =
      Map.of("register", 2, "approve", 1, "deploy", 1, "step", 1, "finish", 1);

  @TempDir Path dir;

  @Test
  void threeNodesOnOnePostgresqlAppendConcurrentlyWithoutLossOrDuplicates() throws Exception {
    String ledger = EmbeddedPostgresServer.shared().newDatabase();
    Path repo = TeamFixture.repository(dir.resolve("repo"));
    Map<String, String> tokens = TeamFixture.team(ledger);
    cli(repo, "keys", "generate", "--name", "test.example/trading-ledger");
    long before = size(ledger);

    List<ServeProcess> nodes = new ArrayList<>();
    ExecutorService clients = Executors.newFixedThreadPool(9);
    try {
      for (int i = 0; i < 3; i++) {
        nodes.add(ServeProcess.start("node" + i, repo, ledger, dir.resolve("logs")));
      }
      Map<String, AtomicLong> acknowledged = new ConcurrentHashMap<>();
      Set<String> registered = ConcurrentHashMap.newKeySet();
      List<String> failures = Collections.synchronizedList(new ArrayList<>());
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 9; t++) {
        int client = t;
        work.add(
            clients.submit(
                () -> {
                  await(go);
                  lifecycles(client, 4, nodes, tokens, acknowledged, registered, failures);
                  return null;
                }));
      }
      go.countDown();
      // a checkpoint signed while the nodes append: it must cover only committed entries
      Run checkpoint = cli(repo, "audit", "checkpoint", "--ledger", ledger);
      for (Future<?> future : work) {
        future.get(10, TimeUnit.MINUTES);
      }
      assertThat(checkpoint.code()).as(checkpoint.toString()).isZero();
      assertThat(failures).as("every write of the concurrent phase is acknowledged").isEmpty();

      // the same decision sent to every node at once is recorded once
      String contended = contendedChange(nodes, tokens, acknowledged, registered);
      List<ServeProcess.Reply> approvals =
          all(
              nodes,
              9,
              n -> n.post(tokens.get("bob"), "/api/v1/changes/" + contended + "/approve", "{}"));
      acknowledge(acknowledged, "approve", approvals);
      assertThat(approvals.stream().filter(ServeProcess.Reply::ok))
          .as(approvals.toString())
          .hasSize(1);
      assertThat(approvals.stream().filter(r -> !r.ok()).map(ServeProcess.Reply::status))
          .containsOnly(409);
      ServeProcess.Reply started =
          nodes
              .get(1)
              .post(
                  tokens.get("carol"),
                  "/api/v1/changes/" + contended + "/deployments",
                  "{\"environment\": \"prod\"}");
      assertThat(started.status()).as(started.toString()).isEqualTo(201);
      acknowledge(acknowledged, "deploy", List.of(started));
      String finish =
          "/api/v1/changes/"
              + contended
              + "/deployments/"
              + started.json().get("id").asText()
              + "/finish";
      List<ServeProcess.Reply> finishes =
          all(nodes, 9, n -> n.post(tokens.get("carol"), finish, "{\"succeeded\": true}"));
      acknowledge(acknowledged, "finish", finishes);
      assertThat(finishes.stream().filter(ServeProcess.Reply::ok))
          .as(finishes.toString())
          .hasSize(1);

      // the same keyed registration sent to every node at once (a client retrying through the
      // balancer): registered once, and every node answers with that registration
      String keyed = "{\"range\": \"" + nextRange() + "\", \"title\": \"retried\"}";
      List<ServeProcess.Reply> retries =
          all(nodes, 9, n -> n.post(tokens.get("alice"), "/api/v1/changes", keyed, "retry-7f3a"));
      for (ServeProcess.Reply retry : retries) {
        assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
        assertThat(retry.json()).isEqualTo(retries.get(0).json());
      }
      acknowledge(acknowledged, "register", List.of(retries.get(0)));
      registered.add(retries.get(0).json().get("id").asText());

      Run signed = cli(repo, "audit", "checkpoint", "--ledger", ledger);
      assertThat(signed.code()).as(signed.toString()).isZero();

      long expected = implied(before, acknowledged);
      List<JsonNode> entries = entries(ledger);
      assertThat(entries)
          .as("entries = the users' setup + what acknowledged writes imply")
          .hasSize((int) expected);
      for (int i = 0; i < entries.size(); i++) {
        assertThat(entries.get(i).get("index").asLong()).as("dense indices").isEqualTo(i);
      }
      Map<String, Long> kinds = new TreeMap<>();
      Map<String, Long> registrations = new HashMap<>();
      for (JsonNode entry : entries) {
        kinds.merge(entry.get("kind").asText(), 1L, Long::sum);
        if (entry.get("kind").asText().equals("change.registered")) {
          registrations.merge(entry.get("change").asText(), 1L, Long::sum);
        }
      }
      assertThat(registrations.keySet())
          .as("every acknowledged change, and only those")
          .isEqualTo(registered);
      assertThat(registrations.values()).containsOnly(1L);
      assertThat(kinds.get("change.approved")).isEqualTo(acknowledged.get("approve").get());
      assertThat(kinds.get("deployment.finished")).isEqualTo(acknowledged.get("finish").get());

      Run verified = cli(repo, "audit", "verify", "--ledger", ledger);
      assertThat(verified.code()).as(verified.toString()).isZero();
      assertThat(verified.out())
          .contains(
              "entries checked:      " + expected,
              "checkpoints verified: 2",
              "OK: every entry and checkpoint verifies");
      System.out.printf(
          "3 nodes: acknowledged %s, %d entries (%d from the users' setup), %s%n",
          new TreeMap<>(acknowledged), entries.size(), before, kinds);
      for (ServeProcess node : nodes) {
        assertThat(node.process.isAlive()).isTrue();
        assertThat(node.internalErrors()).as(node.log()).isEmpty();
      }
    } finally {
      clients.shutdownNow();
      nodes.forEach(ServeProcess::close);
    }
  }

  @Test
  void aNodeAnswers503WhileItsDatabaseIsDownAndRecoversWhenItReturns() throws Exception {
    try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.dedicated()) {
      String ledger = postgres.newDatabase();
      Path repo = TeamFixture.repository(dir.resolve("repo"));
      Map<String, String> tokens = TeamFixture.team(ledger);
      long before = size(ledger);
      try (ServeProcess node = ServeProcess.start("node", repo, ledger, dir.resolve("logs"))) {
        Map<String, AtomicLong> acknowledged = new ConcurrentHashMap<>();
        Set<String> registered = ConcurrentHashMap.newKeySet();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        lifecycles(0, 1, List.of(node), tokens, acknowledged, registered, failures);
        assertThat(failures).isEmpty();

        // writers keep going while the database goes away and comes back
        AtomicBoolean stop = new AtomicBoolean();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        ExecutorService writers = Executors.newFixedThreadPool(3);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
          int writer = t;
          running.add(
              writers.submit(
                  () -> {
                    // each writer its own contents; a 503 is retried with the same content, as a
                    // client would: if its COMMIT was in doubt and did land, the retry is refused
                    // as the same content (409) instead of registering the change twice
                    int next = TeamFixture.CONTENTS / 2 + writer * (TeamFixture.CONTENTS / 6);
                    while (!stop.get()) {
                      ServeProcess.Reply reply =
                          node.post(
                              tokens.get("alice"),
                              "/api/v1/changes",
                              "{\"range\": \"" + TeamFixture.range(next) + "\"}");
                      statuses
                          .computeIfAbsent(reply.status(), s -> new AtomicLong())
                          .incrementAndGet();
                      if (reply.status() == 409) {
                        assertThat(reply.json().at("/error/message").asText())
                            .contains("already covers exactly this content");
                      }
                      if (reply.status() != 503) {
                        next++;
                      }
                      if (reply.status() == 201) {
                        acknowledged
                            .computeIfAbsent("register", k -> new AtomicLong())
                            .incrementAndGet();
                        registered.add(reply.json().get("id").asText());
                      }
                    }
                    return null;
                  }));
        }
        ServeProcess.sleep(1500);
        postgres.shutDown();
        try {
          ServeProcess.Reply health = node.get(null, "/health");
          assertThat(health.status()).as(health.toString()).isEqualTo(503);
          assertThat(health.json().get("status").asText()).isEqualTo("DOWN");
          assertThat(health.json().at("/ledger/reason").asText()).contains("ledger");
          ServeProcess.Reply read = node.get(tokens.get("dave"), "/api/v1/changes");
          assertThat(read.status()).as(read.toString()).isEqualTo(503);
          assertThat(read.json().at("/error/code").asText()).isEqualTo("LEDGER_UNAVAILABLE");
          ServeProcess.Reply write =
              node.post(
                  tokens.get("alice"), "/api/v1/changes", "{\"range\": \"" + nextRange() + "\"}");
          assertThat(write.status()).as(write.toString()).isEqualTo(503);
          assertThat(write.json().at("/error/message").asText()).isNotBlank();
          assertThat(node.get(null, "/health/live").status()).isEqualTo(200);
          ServeProcess.sleep(1000);
          assertThat(node.process.isAlive()).isTrue();
        } finally {
          postgres.startAgain();
        }
        node.awaitHealthy(Duration.ofSeconds(60));
        ServeProcess.sleep(1500);
        stop.set(true);
        for (Future<?> future : running) {
          future.get(2, TimeUnit.MINUTES);
        }
        writers.shutdown();
        System.out.printf(
            "writes through the outage: %s (status: count)%n", new TreeMap<>(statuses));
        assertThat(statuses).containsKey(503);
        assertThat(statuses.keySet())
            .as("only acknowledgements, 503s and refused retries of in-doubt ones: %s", statuses)
            .isSubsetOf(201, 503, 409)
            .contains(201, 503);

        // after the outage every request succeeds again, including bursts that use many connections
        failures.clear();
        List<ServeProcess.Reply> burst =
            all(List.of(node), 12, n -> n.get(tokens.get("dave"), "/api/v1/changes"));
        assertThat(burst).as(burst.toString()).allMatch(r -> r.status() == 200);
        lifecycles(1, 1, List.of(node), tokens, acknowledged, registered, failures);
        assertThat(failures).isEmpty();

        // a restart while the node is idle: its pooled connections are all dead, yet the first
        // requests after it succeed
        postgres.shutDown();
        postgres.startAgain();
        List<ServeProcess.Reply> afterRestart =
            all(List.of(node), 12, n -> n.get(tokens.get("dave"), "/api/v1/changes"));
        assertThat(afterRestart).as(afterRestart.toString()).allMatch(r -> r.status() == 200);
        lifecycles(2, 1, List.of(node), tokens, acknowledged, registered, failures);
        assertThat(failures).isEmpty();

        // A registration whose COMMIT reached PostgreSQL just as it went down is in doubt: the
        // database may have committed it while the node could only answer 503. Such a change
        // may be stored, but then whole; every acknowledged one must be stored exactly once.
        List<JsonNode> entries = entries(ledger);
        Map<String, List<String>> byChange = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
          JsonNode entry = entries.get(i);
          assertThat(entry.get("index").asLong()).isEqualTo(i);
          byChange
              .computeIfAbsent(entry.get("change").asText(), k -> new ArrayList<>())
              .add(entry.get("kind").asText());
        }
        byChange.remove("");
        assertThat(byChange.keySet()).as("nothing acknowledged is lost").containsAll(registered);
        Set<String> inDoubt = new HashSet<>(byChange.keySet());
        inDoubt.removeAll(registered);
        assertThat((long) inDoubt.size())
            .as("changes stored though answered 503: at most the 503s")
            .isLessThanOrEqualTo(statuses.get(503).get());
        for (String id : inDoubt) {
          assertThat(byChange.get(id))
              .as("an in-doubt registration of %s is whole", id)
              .containsExactly("change.registered", "change.assessed");
        }
        assertThat(entries)
            .as("entries = the users' setup + what acknowledged writes imply + whole in-doubt ones")
            .hasSize((int) implied(before, acknowledged) + 2 * inDoubt.size());
        for (String id : registered) {
          List<String> kinds = byChange.get(id);
          assertThat(kinds.subList(0, 2))
              .as("no half-written registration of %s", id)
              .containsExactly("change.registered", "change.assessed");
        }
        cli(repo, "keys", "generate", "--name", "test.example/trading-ledger");
        Run signed = cli(repo, "audit", "checkpoint", "--ledger", ledger);
        assertThat(signed.code()).as(signed.toString()).isZero();
        Run verified = cli(repo, "audit", "verify", "--ledger", ledger);
        assertThat(verified.code()).as(verified.toString()).isZero();
        assertThat(verified.out()).contains("OK: every entry and checkpoint verifies");
        assertThat(node.process.isAlive()).isTrue();
        assertThat(node.internalErrors()).as(node.log()).isEmpty();
      }
    }
  }

  // ---------------------------------------------------------------- the workload

  /**
   * {@code rounds} whole lifecycles for one client: register, approve, deploy by hand with two
   * steps, finish, each request to the next node in turn, so every change passes through every
   * node. Counts acknowledged writes by kind; reads check that each node sees what another has just
   * acknowledged.
   */
  private static void lifecycles(
      int client,
      int rounds,
      List<ServeProcess> nodes,
      Map<String, String> tokens,
      Map<String, AtomicLong> acknowledged,
      Set<String> registered,
      List<String> failures) {
    int turn = client;
    for (int round = 0; round < rounds; round++) {
      ServeProcess.Reply created =
          nodes
              .get(turn++ % nodes.size())
              .post(
                  tokens.get("alice"),
                  "/api/v1/changes",
                  ServeProcess.json(
                      Map.of(
                          "range", nextRange(), "title", "client " + client + " round " + round)));
      if (!count(created, 201, "register", acknowledged, failures)) {
        continue;
      }
      String id = created.json().get("id").asText();
      registered.add(id);
      String change = "/api/v1/changes/" + id;
      ServeProcess.Reply shown = nodes.get(turn++ % nodes.size()).get(tokens.get("dave"), change);
      if (shown.status() != 200) {
        failures.add("read " + id + " on another node: " + shown);
      }
      if (!count(
          nodes
              .get(turn++ % nodes.size())
              .post(tokens.get("bob"), change + "/approve", "{\"comment\": \"checked\"}"),
          200,
          "approve",
          acknowledged,
          failures)) {
        continue;
      }
      ServeProcess.Reply started =
          nodes
              .get(turn++ % nodes.size())
              .post(tokens.get("carol"), change + "/deployments", "{\"environment\": \"prod\"}");
      if (!count(started, 201, "deploy", acknowledged, failures)) {
        continue;
      }
      String deployment = change + "/deployments/" + started.json().get("id").asText();
      for (int step = 1; step <= 2; step++) {
        count(
            nodes
                .get(turn++ % nodes.size())
                .post(
                    tokens.get("carol"),
                    deployment + "/steps",
                    "{\"name\": \"restart router "
                        + step
                        + "\", \"passed\": true, \"seconds\": 3}"),
            200,
            "step",
            acknowledged,
            failures);
      }
      count(
          nodes
              .get(turn++ % nodes.size())
              .post(tokens.get("carol"), deployment + "/finish", "{\"succeeded\": true}"),
          200,
          "finish",
          acknowledged,
          failures);
      ServeProcess.Reply after = nodes.get(turn++ % nodes.size()).get(tokens.get("bob"), change);
      if (after.status() != 200 || !after.json().get("status").asText().equals("DEPLOYED")) {
        failures.add("after deployment " + id + ": " + after);
      }
      ServeProcess.Reply list =
          nodes
              .get(turn++ % nodes.size())
              .get(tokens.get("dave"), "/api/v1/changes?status=DEPLOYED");
      if (list.status() != 200) {
        failures.add("list: " + list);
      }
    }
  }

  private static boolean count(
      ServeProcess.Reply reply,
      int expected,
      String kind,
      Map<String, AtomicLong> acknowledged,
      List<String> failures) {
    if (reply.ok()) {
      acknowledged.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }
    if (reply.status() != expected) {
      failures.add(kind + ": " + reply);
      return false;
    }
    return true;
  }

  /** The ledger size that {@code before} entries and the acknowledged writes imply. */
  private static long implied(long before, Map<String, AtomicLong> acknowledged) {
    long size = before;
    for (Map.Entry<String, AtomicLong> kind : acknowledged.entrySet()) {
      size += kind.getValue().get() * ENTRIES_PER_WRITE.get(kind.getKey());
    }
    return size;
  }

  private static void acknowledge(
      Map<String, AtomicLong> acknowledged, String kind, List<ServeProcess.Reply> replies) {
    long ok = replies.stream().filter(ServeProcess.Reply::ok).count();
    acknowledged.computeIfAbsent(kind, k -> new AtomicLong()).addAndGet(ok);
  }

  private static String contendedChange(
      List<ServeProcess> nodes,
      Map<String, String> tokens,
      Map<String, AtomicLong> acknowledged,
      Set<String> registered) {
    ServeProcess.Reply created =
        nodes
            .get(0)
            .post(
                tokens.get("alice"),
                "/api/v1/changes",
                "{\"range\": \"" + nextRange() + "\", \"title\": \"contended\"}");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    acknowledge(acknowledged, "register", List.of(created));
    String id = created.json().get("id").asText();
    registered.add(id);
    return id;
  }

  /** The same request sent {@code count} times at once, spread over the nodes. */
  private static List<ServeProcess.Reply> all(
      List<ServeProcess> nodes,
      int count,
      java.util.function.Function<ServeProcess, ServeProcess.Reply> request)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(count);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<ServeProcess.Reply>> replies = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ServeProcess node = nodes.get(i % nodes.size());
        replies.add(
            pool.submit(
                () -> {
                  await(go);
                  return request.apply(node);
                }));
      }
      go.countDown();
      List<ServeProcess.Reply> result = new ArrayList<>();
      for (Future<ServeProcess.Reply> reply : replies) {
        result.add(reply.get(5, TimeUnit.MINUTES));
      }
      return result;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    latch.await();
  }

  // ---------------------------------------------------------------- fixtures

  private static long size(String ledger) {
    try (LedgerStore store = LedgerStore.open(ledger)) {
      return store.read(LedgerStore.Reader::size);
    }
  }

  /** Every stored entry, parsed, in index order as stored. */
  private static List<JsonNode> entries(String ledger) {
    try (LedgerStore store = LedgerStore.open(ledger)) {
      return store.read(
          reader -> {
            List<JsonNode> entries = new ArrayList<>();
            long[] expected = {0};
            reader.entries(
                0,
                Long.MAX_VALUE,
                (index, bytes, leaf) -> {
                  try {
                    JsonNode entry = JSON.readTree(bytes);
                    assertThat(entry.get("index").asLong()).as("stored index").isEqualTo(index);
                    assertThat(index).as("no gap before index " + index).isEqualTo(expected[0]++);
                    entries.add(entry);
                  } catch (IOException e) {
                    throw new AssertionError(e);
                  }
                });
            assertThat(reader.size()).as("head row = number of entries").isEqualTo(entries.size());
            return entries;
          });
    }
  }

  record Run(int code, String out, String err) {}

  /** The packaged jar as a CLI, in the repository, with its own CHANGETRAIL_HOME for keys. */
  private Run cli(Path repo, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("java", "-jar", ServeProcess.jar().toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "cli", ".out");
    Path err = Files.createTempFile(dir, "cli", ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(repo.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().put("CHANGETRAIL_HOME", dir.resolve("home").toString());
    Process process = builder.start();
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("finished in time").isTrue();
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
