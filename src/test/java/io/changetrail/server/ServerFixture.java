package io.changetrail.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.changetrail.app.Workspace;
import io.changetrail.app.users.AccessControl;
import io.changetrail.app.users.Role;
import io.changetrail.domain.lifecycle.Person;
import io.changetrail.ledger.LedgerStore;
import io.changetrail.testing.TestRepo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A real server node on a free port over a real repository (the trading-system fixture with one
 * documented feature branch) and a real ledger, with one user per role and their tokens.
 */
final class ServerFixture implements AutoCloseable {
  static final String DOCUMENTED =
      "ENHANCEMENT: cache venue status in the router\n\n"
          + "## Context and Rationale\nVenue status lookups cost 40 us per order.\n\n"
          + "## Changes Made\n### order-router\n- cache with a 1 s expiry\n\n"
          + "## Impact Assessment\nRisk MEDIUM, order-router only.\n\n"
          + "## Testing and Verification\n- ✅ RouterTest\n\n"
          + "## Rollback Procedure\n1. Redeploy the previous release.\n2. Check fills.\n";
  private static final ObjectMapper JSON = new ObjectMapper();

  final TestRepo repo;
  final String ledger;
  final ServerNode node;
  final Map<String, String> tokens = new LinkedHashMap<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A response: status, headers and body as text. */
  record Reply(int status, String body, HttpResponse<String> raw) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse("");
    }
  }

  ServerFixture(Path dir, String ledgerUrl) {
    this(dir, ledgerUrl, "");
  }

  /** With {@code config} as changetrail.yml, committed on main before the feature branch. */
  ServerFixture(Path dir, String ledgerUrl, String config) {
    repo = TestRepo.tradingSystem(dir.resolve("repo"));
    if (!config.isEmpty()) {
      repo.file("changetrail.yml", config).commit("CONFIGURATION: changetrail.yml");
    }
    repo.branch("feature")
        .as("Alice Author", "alice@example.com")
        .file("order-router/src/main/java/acme/Router.java", "class Router { int cache; }\n")
        .file("order-router/src/test/java/acme/RouterTest.java", "class RouterTest { int t; }\n")
        .commit(DOCUMENTED)
        .checkout("main");
    ledger = ledgerUrl;
    try (LedgerStore store = LedgerStore.open(ledger)) {
      AccessControl access = new AccessControl(store, Clock.systemUTC());
      Person admin = new Person("Setup", "setup@example.com");
      user(access, admin, "alice", "Alice Author", Role.DEVELOPER);
      user(access, admin, "bob", "Bob Approver", Role.APPROVER);
      user(access, admin, "carol", "Carol Deployer", Role.DEPLOYER);
      user(access, admin, "dave", "Dave Auditor", Role.AUDITOR);
      user(access, admin, "root", "Root Admin", Role.ADMIN);
      user(access, admin, "eve", "Eve Both", Role.DEVELOPER, Role.APPROVER);
    }
    node = ServerNode.start(ServerOptions.local(0), Workspace.open(repo.root()), ledger);
  }

  private void user(
      AccessControl access, Person admin, String name, String display, Role... roles) {
    access.addUser(name, display, name + "@example.com", Set.of(roles), admin);
    tokens.put(name, access.issueToken(name, "tests", Optional.empty(), admin).plaintext());
  }

  String url() {
    return node.url();
  }

  Reply get(String user, String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path)).GET();
    return send(authorize(request, user));
  }

  Reply post(String user, String path, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    return send(authorize(request, user));
  }

  /** A POST to {@code base} (this node's URL or another node's) with extra header pairs. */
  Reply postTo(String base, String user, String path, String json, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(authorize(request, user));
  }

  Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(
              request.timeout(Duration.ofSeconds(60)).build(),
              HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body(), response);
    } catch (IOException e) {
      throw new AssertionError("request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private HttpRequest.Builder authorize(HttpRequest.Builder request, String user) {
    if (user != null) {
      request.header("Authorization", "Bearer " + tokens.getOrDefault(user, user));
    }
    return request;
  }

  /** Registers the feature branch as a change (as alice) and returns its id. */
  String registerFeature() {
    Reply created = post("alice", "/api/v1/changes", "{\"range\": \"main..feature\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().get("id").asText();
  }

  @Override
  public void close() {
    node.close();
  }
}
