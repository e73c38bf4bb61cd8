package io.changetrail.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.changetrail.ledger.LedgerStore;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Running snapshots on a schedule: with {@code interval:} in changetrail.yml's {@code running:},
 * the server runs the command by itself and records a snapshot only when what runs changed, against
 * a real tiny HTTP service whose reported version changes under it. The test waits for the service
 * to be asked, never for a time.
 */
class RunningPollingTest {
  static final String FIRST = "1".repeat(40);
  static final String SECOND = "2".repeat(40);

  @TempDir Path dir;
  HttpServer service;
  final AtomicReference<String> version = new AtomicReference<>("order-router " + FIRST + "\n");
  final AtomicInteger asked = new AtomicInteger();
  ForgeFixture forge;

  @AfterEach
  void stop() {
    if (forge != null) {
      forge.close();
    }
    if (service != null) {
      service.stop(0);
    }
  }

  void start(String interval) throws Exception {
    service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    service.createContext(
        "/version",
        exchange -> {
          byte[] body = version.get().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
          asked.incrementAndGet();
        });
    service.start();
    String config =
        "version: 1\n"
            + "running:\n"
            + "  production:\n"
            + "    command: \"curl -fsS http://127.0.0.1:"
            + service.getAddress().getPort()
            + "/version\"\n"
            + interval;
    forge = new ForgeFixture(dir, "jdbc:sqlite:" + dir.resolve("ledger.db"), config, Duration.ZERO);
  }

  long ledgerSize() {
    try (LedgerStore store = LedgerStore.open(forge.users.ledger)) {
      return store.read(LedgerStore.Reader::size);
    }
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited a minute for " + what).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  JsonNode shown() {
    return forge
        .users
        .send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(forge.node.url() + "/api/v1/running/production"))
                .header("Authorization", "Bearer " + forge.users.tokens.get("dave"))
                .GET())
        .json();
  }

  @Test
  void theServerPollsAtTheIntervalAndRecordsOnlyWhenWhatRunsChanges() throws Exception {
    start("    interval: 1s\n");
    await("the first snapshot", () -> shown().path("systems").has("order-router"));
    long size = ledgerSize();
    assertThat(shown().get("systems").get("order-router").asText()).isEqualTo(FIRST);

    int before = asked.get();
    await("three more polls", () -> asked.get() >= before + 3);
    assertThat(ledgerSize()).as("nothing changed: nothing recorded").isEqualTo(size);

    version.set("order-router " + SECOND + "\n");
    await(
        "the changed version's snapshot",
        () -> SECOND.equals(shown().path("systems").path("order-router").asText()));
    assertThat(ledgerSize()).isEqualTo(size + 1);
    int after = asked.get();
    await("three more polls", () -> asked.get() >= after + 3);
    assertThat(ledgerSize()).isEqualTo(size + 1);
    assertThat(shown().get("uncovered").get(0).get("revision").asText()).isEqualTo(SECOND);
  }

  @Test
  void withoutAnIntervalTheServerNeverAsksByItself() throws Exception {
    start("");
    long size = ledgerSize();
    // a snapshot asked for by hand still works, and is the only time the service is asked
    ServerFixture.Reply taken =
        forge.users.postTo(forge.node.url(), "carol", "/api/v1/running/production", "");
    assertThat(taken.status()).as(taken.body()).isEqualTo(200);
    assertThat(asked.get()).isEqualTo(1);
    assertThat(ledgerSize()).isEqualTo(size + 1);
  }

  @Test
  void anIntervalThatIsNotADurationOfASecondOrMoreIsRefusedWithItsLine() {
    for (String bad : new String[] {"0s", "500ms", "often"}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  io.changetrail.app.config.RunningConfig.parse(
                      "running:\n  production:\n    command: \"true\"\n    interval: " + bad + "\n",
                      "changetrail.yml"))
          .isInstanceOf(io.changetrail.domain.ChangeTrailException.class)
          .hasMessageContaining("running.production.interval '" + bad + "'")
          .hasMessageContaining("at least 1s")
          .hasMessageContaining("4");
    }
    assertThat(
            io.changetrail.app.config.RunningConfig.parse(
                    "running:\n  production:\n    command: \"true\"\n    interval: 5m\n",
                    "changetrail.yml")
                .intervals())
        .containsEntry("production", Duration.ofMinutes(5));
  }
}
