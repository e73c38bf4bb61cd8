package io.changetrail.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON API against a real server on a free port, with a real client, on SQLite. */
class ServerApiTest {
  @TempDir Path dir;
  ServerFixture server;

  @BeforeEach
  void start() {
    server = new ServerFixture(dir, "jdbc:sqlite:" + dir.resolve("ledger.db"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void changeGoesThroughApprovalAndDeploymentWithRolesEnforced() {
    String id = server.registerFeature();

    ServerFixture.Reply shown = server.get("carol", "/api/v1/changes/" + id);
    assertThat(shown.status()).isEqualTo(200);
    assertThat(shown.json().get("status").asText()).isEqualTo("ASSESSED");
    assertThat(shown.json().get("implementer").asText()).contains("alice@example.com");

    ServerFixture.Reply byDeveloper =
        server.post("alice", "/api/v1/changes/" + id + "/approve", "{}");
    assertThat(byDeveloper.status()).isEqualTo(403);
    assertThat(byDeveloper.json().at("/error/code").asText()).isEqualTo("FORBIDDEN");
    assertThat(byDeveloper.json().at("/error/message").asText()).contains("approver role");

    ServerFixture.Reply approved =
        server.post(
            "bob", "/api/v1/changes/" + id + "/approve", "{\"comment\": \"cache expiry checked\"}");
    assertThat(approved.status()).as(approved.body()).isEqualTo(200);
    assertThat(approved.json().get("status").asText()).isEqualTo("APPROVED");
    assertThat(approved.json().at("/decisions/0/by").asText()).contains("bob@example.com");
    assertThat(approved.json().at("/decisions/0/identity").asText())
        .as("the server authenticated bob with his token")
        .isEqualTo("token");

    ServerFixture.Reply twice = server.post("bob", "/api/v1/changes/" + id + "/approve", "{}");
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.json().at("/error/code").asText()).isEqualTo("REFUSED");

    ServerFixture.Reply started =
        server.post(
            "carol", "/api/v1/changes/" + id + "/deployments", "{\"environment\": \"prod\"}");
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    String deployment = started.json().get("id").asText();
    String base = "/api/v1/changes/" + id + "/deployments/" + deployment;
    assertThat(
            server
                .post(
                    "carol",
                    base + "/steps",
                    "{\"name\": \"restart router\", \"passed\": true, \"seconds\": 12}")
                .status())
        .isEqualTo(200);
    ServerFixture.Reply finished = server.post("carol", base + "/finish", "{\"succeeded\": true}");
    assertThat(finished.status()).as(finished.body()).isEqualTo(200);
    assertThat(server.get("bob", "/api/v1/changes/" + id).json().get("status").asText())
        .isEqualTo("DEPLOYED");

    JsonNode deployments = server.get("dave", "/api/v1/deployments").json();
    assertThat(deployments.at("/deployments/0/change").asText()).isEqualTo(id);
    assertThat(deployments.at("/deployments/0/status").asText()).isEqualTo("SUCCEEDED");
  }

  @Test
  void aDeploymentOverAFailedCheckIsNotFinishedAsSucceeded() {
    String id = server.registerFeature();
    assertThat(server.post("bob", "/api/v1/changes/" + id + "/approve", "{}").status())
        .isEqualTo(200);
    String deployment =
        server
            .post("carol", "/api/v1/changes/" + id + "/deployments", "{\"environment\": \"prod\"}")
            .json()
            .get("id")
            .asText();
    String base = "/api/v1/changes/" + id + "/deployments/" + deployment;
    ServerFixture.Reply check =
        server.post(
            "carol",
            base + "/steps",
            "{\"phase\": \"POST_CHECK\", \"name\": \"Latency probe\", \"passed\": false}");
    assertThat(check.status()).as(check.body()).isEqualTo(200);
    assertThat(check.body()).doesNotContain("\"exitCode\":1");

    ServerFixture.Reply finished = server.post("carol", base + "/finish", "{\"succeeded\": true}");
    assertThat(finished.status()).as(finished.body()).isEqualTo(409);
    assertThat(finished.json().at("/error/message").asText())
        .contains("post-deployment check 'Latency probe' failed");
    assertThat(server.get("bob", "/api/v1/changes/" + id).json().get("status").asText())
        .isEqualTo("DEPLOYING");
  }

  @Test
  void deliveryMetricsCountDeploymentsPerSystem() {
    String id = server.registerFeature();
    assertThat(server.post("bob", "/api/v1/changes/" + id + "/approve", "{}").status())
        .isEqualTo(200);
    String deployment =
        server
            .post("carol", "/api/v1/changes/" + id + "/deployments", "{\"environment\": \"prod\"}")
            .json()
            .get("id")
            .asText();
    server.post(
        "carol",
        "/api/v1/changes/" + id + "/deployments/" + deployment + "/finish",
        "{\"succeeded\": true}");

    ServerFixture.Reply metrics = server.get("dave", "/api/v1/metrics/delivery?since=7d");
    assertThat(metrics.status()).as(metrics.body()).isEqualTo(200);
    JsonNode json = metrics.json();
    assertThat(json.get("schema").asText()).isEqualTo("changetrail.metrics/v1");
    assertThat(json.at("/overall/deploymentFrequency/deployments").asInt()).isEqualTo(1);
    assertThat(json.at("/overall/changeFailureRate/failures").asInt()).isZero();
    assertThat(json.get("systems").toString()).contains("order-router");
    assertThat(
            server
                .get("dave", "/api/v1/metrics/delivery?system=order-router")
                .json()
                .at("/overall/deploymentFrequency/deployments")
                .asInt())
        .isEqualTo(1);
    ServerFixture.Reply bad = server.get("dave", "/api/v1/metrics/delivery?since=last+tuesday");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().at("/error/code").asText()).isEqualTo("INVALID_INPUT");
  }

  @Test
  void segregationOfDutiesIsEnforcedByTheServer() {
    ServerFixture.Reply created =
        server.post(
            "eve",
            "/api/v1/changes",
            "{\"range\": \"main..feature\", \"title\": \"eve's change\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().get("id").asText();

    ServerFixture.Reply own = server.post("eve", "/api/v1/changes/" + id + "/approve", "{}");
    assertThat(own.status()).isEqualTo(403);
    assertThat(own.json().at("/error/code").asText()).isEqualTo("NOT_PERMITTED");
    assertThat(own.json().at("/error/message").asText()).contains("segregation of duties");
    assertThat(server.get("bob", "/api/v1/changes/" + id).json().get("decisions")).isEmpty();
  }

  @Test
  void listFiltersAndSearchesChangeDocuments() {
    String id = server.registerFeature();
    assertThat(server.get("dave", "/api/v1/changes?q=venue+lookups").json().get("count").asInt())
        .isEqualTo(1);
    assertThat(server.get("dave", "/api/v1/changes?q=venue+nonsense").json().get("count").asInt())
        .isZero();
    assertThat(
            server
                .get("dave", "/api/v1/changes?status=ASSESSED&system=order-router")
                .json()
                .at("/changes/0/id")
                .asText())
        .isEqualTo(id);
    assertThat(server.get("dave", "/api/v1/changes?status=APPROVED").json().get("count").asInt())
        .isZero();
    ServerFixture.Reply bad = server.get("dave", "/api/v1/changes?risk=EXTREME");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().at("/error/message").asText()).contains("risk 'EXTREME'");
    assertThat(server.get("dave", "/api/v1/changes?since=yesterday").status()).isEqualTo(400);
  }

  @Test
  void tokensAreCheckedOnEveryApiRequest() {
    ServerFixture.Reply none = server.get(null, "/api/v1/changes");
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(none.json().at("/error/code").asText()).isEqualTo("UNAUTHENTICATED");

    String alice = server.tokens.get("alice");
    assertThat(server.get(alice.substring(0, alice.length() - 2) + "xx", "/api/v1/me").status())
        .isEqualTo(401);
    assertThat(server.get("garbage", "/api/v1/me").status()).isEqualTo(401);
    ServerFixture.Reply me = server.get("alice", "/api/v1/me");
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().get("roles").toString()).isEqualTo("[\"developer\"]");
  }

  @Test
  void adminsManageUsersAndRevokedTokensStopWorking() {
    ServerFixture.Reply byApprover =
        server.post(
            "bob",
            "/api/v1/users",
            "{\"name\": \"mallory\", \"email\": \"m@example.com\", \"roles\": [\"admin\"]}");
    assertThat(byApprover.status()).isEqualTo(403);

    ServerFixture.Reply added =
        server.post(
            "root",
            "/api/v1/users",
            "{\"name\": \"frank\", \"displayName\": \"Frank Ops\", \"email\": \"frank@example.com\", \"roles\": [\"deployer\"]}");
    assertThat(added.status()).as(added.body()).isEqualTo(201);
    assertThat(
            server
                .post(
                    "root",
                    "/api/v1/users",
                    "{\"name\": \"frank\", \"email\": \"f@example.com\", \"roles\": []}")
                .status())
        .isEqualTo(409);
    assertThat(
            server
                .post(
                    "root",
                    "/api/v1/users",
                    "{\"name\": \"gina\", \"email\": \"g@example.com\", \"roles\": [\"superuser\"]}")
                .status())
        .isEqualTo(400);

    ServerFixture.Reply issued =
        server.post(
            "root", "/api/v1/users/frank/tokens", "{\"label\": \"laptop\", \"expiresInDays\": 30}");
    assertThat(issued.status()).as(issued.body()).isEqualTo(201);
    String token = issued.json().get("token").asText();
    ServerFixture.Reply me = server.get(token, "/api/v1/me");
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().get("person").asText()).isEqualTo("Frank Ops <frank@example.com>");

    JsonNode listed = server.get("root", "/api/v1/users").json();
    assertThat(listed.toString()).contains("frank", "laptop").doesNotContain(token);

    String tokenId = issued.json().get("tokenId").asText();
    assertThat(server.post("root", "/api/v1/tokens/" + tokenId + "/revoke", "").status())
        .isEqualTo(200);
    assertThat(server.get(token, "/api/v1/me").status()).isEqualTo(401);
    assertThat(server.post("root", "/api/v1/users/nobody/tokens", "{}").status()).isEqualTo(404);
  }

  @Test
  void badInputGetsAClearJsonErrorAndChangesNothing() {
    String id = server.registerFeature();
    String approve = "/api/v1/changes/" + id + "/approve";

    ServerFixture.Reply malformed = server.post("bob", approve, "{\"comment\": ");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().at("/error/code").asText()).isEqualTo("MALFORMED_JSON");
    assertThat(malformed.json().at("/error/message").asText()).contains("line 1");

    assertThat(server.post("bob", approve, "[1, 2]").status()).isEqualTo(400);
    ServerFixture.Reply unknown = server.post("bob", approve, "{\"coment\": \"typo\"}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().at("/error/message").asText()).contains("coment");
    assertThat(server.post("bob", approve, "{\"comment\": 42}").status()).isEqualTo(400);

    ServerFixture.Reply huge =
        server.post("bob", approve, "{\"comment\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}");
    assertThat(huge.status()).isEqualTo(413);
    assertThat(huge.json().at("/error/code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");

    byte[] chunk = ("{\"comment\": \"" + "y".repeat(2 * 1024 * 1024) + "\"}").getBytes();
    ServerFixture.Reply chunked =
        server.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + approve))
                .header("Authorization", "Bearer " + server.tokens.get("bob"))
                .header("Content-Type", "application/json")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(chunk))));
    assertThat(chunked.status()).as("a chunked body without Content-Length").isEqualTo(413);

    ServerFixture.Reply noRoute = server.get("bob", "/api/v1/nothing-here");
    assertThat(noRoute.status()).isEqualTo(404);
    assertThat(noRoute.json().at("/error/code").asText()).isEqualTo("NOT_FOUND");

    ServerFixture.Reply noChange = server.get("bob", "/api/v1/changes/CHG-20260101-ZZZZ");
    assertThat(noChange.status()).isEqualTo(404);
    assertThat(noChange.json().at("/error/code").asText()).isEqualTo("UNKNOWN_CHANGE");

    ServerFixture.Reply rejectWithoutReason =
        server.post("bob", "/api/v1/changes/" + id + "/reject", "{}");
    assertThat(rejectWithoutReason.status()).isEqualTo(400);

    JsonNode after = server.get("bob", "/api/v1/changes/" + id).json();
    assertThat(after.get("status").asText()).isEqualTo("ASSESSED");
    assertThat(after.get("decisions")).isEmpty();
    assertThat(server.get("bob", "/api/v1/me").status()).isEqualTo(200);
  }

  @Test
  void healthMetricsAndSecurityHeaders() {
    ServerFixture.Reply health = server.get(null, "/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("status").asText()).isEqualTo("UP");
    server.get("bob", "/api/v1/me");
    ServerFixture.Reply metrics = server.get(null, "/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body())
        .contains(
            "changetrail_http_requests_seconds_count{",
            "route=\"/api/v1/me\"",
            "jvm_memory_used_bytes",
            "changetrail_ledger_entries");
    assertThat(health.header("Content-Security-Policy"))
        .contains("default-src 'none'", "script-src 'self'");
    assertThat(health.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(health.header("X-Frame-Options")).isEqualTo("DENY");
  }

  @Test
  void everyRouteIsInTheOpenApiDocumentAndEveryDocumentedRouteAnswers() {
    ServerFixture.Reply document = server.get(null, "/openapi.json");
    assertThat(document.status()).isEqualTo(200);
    JsonNode paths = document.json().get("paths");
    Set<String> documented = new HashSet<>();
    for (Iterator<String> names = paths.fieldNames(); names.hasNext(); ) {
      String path = names.next();
      for (Iterator<String> methods = paths.get(path).fieldNames(); methods.hasNext(); ) {
        documented.add(methods.next().toUpperCase() + " " + path);
      }
    }
    Set<String> served = server.node.routes();
    assertThat(documented).containsExactlyInAnyOrderElementsOf(served);
    for (String route : documented) {
      String[] parts = route.split(" ", 2);
      String path = parts[1].replaceAll("\\{[^}]+}", "X");
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path));
      request =
          parts[0].equals("GET")
              ? request.GET()
              : request.POST(HttpRequest.BodyPublishers.noBody());
      int status = server.send(request).status();
      assertThat(status).as(route).isNotEqualTo(404).isNotEqualTo(405).isNotEqualTo(500);
    }
  }
}
