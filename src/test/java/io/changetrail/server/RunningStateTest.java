package io.changetrail.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.changetrail.ledger.LedgerStore;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is running, not only what was recorded: a real local service (a tiny HTTP server) reports
 * the version that runs in production, the configured command reads it, the ledger records a
 * snapshot each time it changes, and reconciliation names a running commit no approved, deployed
 * change covers.
 */
class RunningStateTest {
  @TempDir Path dir;
  HttpServer service;
  final AtomicReference<String> version = new AtomicReference<>("");
  ForgeFixture forge;

  @BeforeEach
  void start() throws Exception {
    service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    service.createContext(
        "/version",
        exchange -> {
          byte[] body = version.get().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    service.start();
    String config =
        "version: 1\n"
            + "running:\n"
            + "  production:\n"
            + "    command: \"curl -fsS http://127.0.0.1:"
            + service.getAddress().getPort()
            + "/version\"\n";
    forge = new ForgeFixture(dir, "jdbc:sqlite:" + dir.resolve("ledger.db"), config, Duration.ZERO);
  }

  @AfterEach
  void stop() {
    forge.close();
    service.stop(0);
  }

  ServerFixture.Reply post(String user, String path, String body) {
    return forge.users.postTo(forge.node.url(), user, path, body);
  }

  long ledgerSize() {
    try (LedgerStore store = LedgerStore.open(forge.users.ledger)) {
      return store.read(LedgerStore.Reader::size);
    }
  }

  /** Registers, approves and deploys the feature to production; returns the deployed commit. */
  String deployFeature() {
    ServerFixture.Reply registered =
        post("alice", "/api/v1/changes", "{\"range\": \"origin/main..origin/feature\"}");
    assertThat(registered.status()).as(registered.body()).isEqualTo(201);
    String id = registered.json().get("id").asText();
    String tip = registered.json().get("tip").asText();
    assertThat(post("bob", "/api/v1/changes/" + id + "/approve", "{}").status()).isEqualTo(200);
    ServerFixture.Reply started =
        post(
            "carol",
            "/api/v1/changes/" + id + "/deployments",
            "{\"environment\": \"production\", \"commit\": \"" + tip + "\"}");
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    ServerFixture.Reply finished =
        post(
            "carol",
            "/api/v1/changes/"
                + id
                + "/deployments/"
                + started.json().get("id").asText()
                + "/finish",
            "{\"succeeded\": true}");
    assertThat(finished.status()).as(finished.body()).isEqualTo(200);
    return tip;
  }

  @Test
  void aSnapshotIsRecordedWhenWhatRunsChangesAndAnUncoveredCommitIsNamed() {
    String deployed = deployFeature();
    version.set("order-router " + deployed + "\n");

    ServerFixture.Reply first = post("carol", "/api/v1/running/production", "");
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    JsonNode body = first.json();
    assertThat(body.get("recorded").asBoolean()).isTrue();
    assertThat(body.get("systems").get("order-router").asText()).isEqualTo(deployed);
    assertThat(body.get("clean").asBoolean()).as(first.body()).isTrue();
    long size = ledgerSize();

    ServerFixture.Reply same = post("dave", "/api/v1/running/production", "");
    assertThat(same.json().get("recorded").asBoolean()).isFalse();
    assertThat(ledgerSize()).isEqualTo(size);

    // someone ships a commit by hand, outside any change
    String hotfix = forge.pushBranch("hotfix");
    version.set("order-router " + hotfix + "\n");
    ServerFixture.Reply changed = post("carol", "/api/v1/running/production", "");

    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    assertThat(changed.json().get("recorded").asBoolean()).isTrue();
    assertThat(ledgerSize()).isEqualTo(size + 1);
    assertThat(changed.json().get("clean").asBoolean()).isFalse();
    JsonNode uncovered = changed.json().get("uncovered").get(0);
    assertThat(uncovered.get("system").asText()).isEqualTo("order-router");
    assertThat(uncovered.get("revision").asText()).isEqualTo(hotfix);

    ServerFixture.Reply shown =
        forge.users.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(forge.node.url() + "/api/v1/running/production"))
                .header("Authorization", "Bearer " + forge.users.tokens.get("alice"))
                .GET());
    assertThat(shown.status()).as(shown.body()).isEqualTo(200);
    assertThat(shown.json().get("uncovered").get(0).get("revision").asText()).isEqualTo(hotfix);
  }

  @Test
  void outputThatIsNotSystemAndRevisionIsRefusedAndRecordsNothing() {
    version.set("<html>it works</html>\n");
    long size = ledgerSize();
    ServerFixture.Reply reply = post("carol", "/api/v1/running/production", "");
    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    assertThat(reply.json().get("error").get("message").asText()).contains("SYSTEM REVISION");
    assertThat(ledgerSize()).isEqualTo(size);

    ServerFixture.Reply unknown = post("carol", "/api/v1/running/staging", "");
    assertThat(unknown.status()).as(unknown.body()).isEqualTo(400);
    assertThat(post("alice", "/api/v1/running/production", "").status()).isEqualTo(403);
  }

  static final String ROUTER_DIGEST = "sha256:" + "ab".repeat(32);

  @Test
  void aRunningArtifactDigestIsCoveredOnlyByADeploymentThatRecordedIt() {
    ServerFixture.Reply registered =
        post("alice", "/api/v1/changes", "{\"range\": \"origin/main..origin/feature\"}");
    String id = registered.json().get("id").asText();
    assertThat(post("bob", "/api/v1/changes/" + id + "/approve", "{}").status()).isEqualTo(200);
    ServerFixture.Reply refused =
        post(
            "carol",
            "/api/v1/changes/" + id + "/deployments",
            "{\"environment\": \"production\", \"artifacts\": [{\"name\": \"order-router.jar\","
                + " \"digest\": \"sha256:ABC\"}]}");
    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    assertThat(refused.json().get("error").get("message").asText()).contains("sha256:");
    ServerFixture.Reply started =
        post(
            "carol",
            "/api/v1/changes/" + id + "/deployments",
            "{\"environment\": \"production\", \"artifacts\": [{\"name\": \"order-router.jar\","
                + " \"digest\": \""
                + ROUTER_DIGEST
                + "\"}]}");
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    assertThat(started.json().get("artifacts").get(0).get("digest").asText())
        .isEqualTo(ROUTER_DIGEST);
    String deployment = started.json().get("id").asText();
    post(
        "carol",
        "/api/v1/changes/" + id + "/deployments/" + deployment + "/finish",
        "{\"succeeded\": true}");

    version.set("order-router " + ROUTER_DIGEST + "\n");
    ServerFixture.Reply covered = post("carol", "/api/v1/running/production", "");
    assertThat(covered.status()).as(covered.body()).isEqualTo(200);
    assertThat(covered.json().get("clean").asBoolean()).as(covered.body()).isTrue();

    // a rebuilt jar, put in place outside any change
    String other = "sha256:" + "cd".repeat(32);
    version.set("order-router " + other + "\n");
    ServerFixture.Reply changed = post("carol", "/api/v1/running/production", "");
    assertThat(changed.json().get("recorded").asBoolean()).isTrue();
    assertThat(changed.json().get("clean").asBoolean()).isFalse();
    assertThat(changed.json().get("uncovered").get(0).get("revision").asText()).isEqualTo(other);
    assertThat(changed.json().get("uncovered").get(0).get("detail").asText())
        .contains("artifact of this digest");
  }
}
