package io.changetrail.attest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.changetrail.app.Workspace;
import io.changetrail.app.users.AccessControl;
import io.changetrail.app.users.Role;
import io.changetrail.domain.lifecycle.Person;
import io.changetrail.ledger.LedgerStore;
import io.changetrail.server.ServerNode;
import io.changetrail.server.ServerOptions;
import io.changetrail.testing.Cli;
import io.changetrail.testing.TestRepo;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/changes/{id}/attestations}: the attest use case on a team server signed with
 * its {@code --signing-key}, its output checked by the verifiers written from the specifications
 * alone (the JDK one of {@link AttestationTest}, and Python's {@code cryptography}).
 */
class AttestationRouteTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DOCUMENTED =
      "ENHANCEMENT: cache venue status in the router\n\n"
          + "## Context and Rationale\nVenue status lookups cost 40 us per order.\n\n"
          + "## Changes Made\n### order-router\n- cache with a 1 s expiry\n\n"
          + "## Impact Assessment\nRisk MEDIUM, order-router only.\n\n"
          + "## Testing and Verification\n- ✅ RouterTest passes\n\n"
          + "## Rollback Procedure\n1. Redeploy the previous release.\n";
  private static final String DIGEST = "sha256:" + "5e".repeat(32);

  @TempDir Path dir;
  private final Map<String, String> tokens = new LinkedHashMap<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private ServerNode signing;
  private ServerNode keyless;
  private String change;

  @BeforeEach
  void start() throws Exception {
    System.setProperty("changetrail.home", dir.resolve("home").toString());
    TestRepo repo = TestRepo.tradingSystem(dir.resolve("repo"));
    repo.branch("feature")
        .as("Alice Author", "alice@example.com")
        .file("order-router/src/main/java/acme/Router.java", "class Router { int cache; }\n")
        .commit(DOCUMENTED)
        .checkout("main");
    assertThat(Cli.run(repo.root(), "keys", "generate", "--name", "acme.example/ledger").exitCode())
        .isZero();
    String ledger = "jdbc:sqlite:" + dir.resolve("ledger.db");
    try (LedgerStore store = LedgerStore.open(ledger)) {
      AccessControl access = new AccessControl(store, Clock.systemUTC());
      Person admin = new Person("Setup", "setup@example.com");
      Map<String, Role> roles =
          Map.of(
              "alice", Role.DEVELOPER,
              "bob", Role.APPROVER,
              "carol", Role.DEPLOYER,
              "dave", Role.AUDITOR);
      for (Map.Entry<String, Role> user : roles.entrySet()) {
        access.addUser(
            user.getKey(),
            user.getKey(),
            user.getKey() + "@example.com",
            Set.of(user.getValue()),
            admin);
        tokens.put(
            user.getKey(),
            access.issueToken(user.getKey(), "t", Optional.empty(), admin).plaintext());
      }
    }
    ServerOptions local = ServerOptions.local(0);
    signing =
        ServerNode.start(
            new ServerOptions(
                local.host(),
                0,
                local.maxBodyBytes(),
                local.sessionLifetime(),
                false,
                Optional.empty(),
                Optional.of(dir.resolve("home/keys/ledger.key")),
                false),
            Workspace.open(repo.root()),
            ledger);
    keyless = ServerNode.start(local, Workspace.open(repo.root()), ledger);

    JsonNode registered = post("alice", "/api/v1/changes", "{\"range\": \"main..feature\"}");
    change = registered.get("id").asText();
    post("bob", "/api/v1/changes/" + change + "/approve", "{\"environments\": [\"prod\"]}");
    JsonNode started =
        post(
            "carol",
            "/api/v1/changes/" + change + "/deployments",
            "{\"environment\": \"prod\", \"artifacts\": [{\"name\": \"router.jar\", \"digest\": \""
                + DIGEST
                + "\"}]}");
    post(
        "carol",
        "/api/v1/changes/" + change + "/deployments/" + started.get("id").asText() + "/finish",
        "{\"succeeded\": true}");
  }

  @AfterEach
  void stop() {
    signing.close();
    keyless.close();
    System.clearProperty("changetrail.home");
  }

  private JsonNode post(String user, String path, String body) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(signing.url() + path))
                .header("Authorization", "Bearer " + tokens.get(user))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode() / 100).as(path + ": " + response.body()).isEqualTo(2);
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> get(ServerNode node, String user, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(node.url() + path))
            .header("Authorization", "Bearer " + tokens.get(user))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anAuditorGetsEnvelopesThatTheIndependentVerifiersAccept() throws Exception {
    String image = "registry.example/router=sha256:" + "7a".repeat(32);
    HttpResponse<String> reply =
        get(
            signing,
            "dave",
            "/api/v1/changes/"
                + change
                + "/attestations?subject="
                + URLEncoder.encode(image, StandardCharsets.UTF_8));
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(reply.body());
    assertThat(body.get("schema").asText()).isEqualTo("changetrail.attestations/v1");
    assertThat(body.get("change").asText()).isEqualTo(change);
    assertThat(body.get("attestations")).hasSize(3);
    assertThat(body.get("notAttested").toString()).contains("Testing verified");

    Path envelopes = dir.resolve("route.intoto.jsonl");
    StringBuilder lines = new StringBuilder();
    for (JsonNode attestation : body.get("attestations")) {
      lines.append(JSON.writeValueAsString(attestation.get("envelope"))).append('\n');
    }
    Files.writeString(envelopes, lines);
    Path pem = dir.resolve("route.pem");
    Files.writeString(pem, body.get("publicKey").asText());

    List<JsonNode> statements = AttestationTest.verifyIndependently(envelopes, pem);
    assertThat(statements)
        .extracting(s -> s.get("predicateType").asText())
        .containsExactly(
            "https://changetrail.dev/attestation/change/v1",
            "https://in-toto.io/attestation/svr/v0.1",
            "https://in-toto.io/attestation/deployment/v1");
    for (JsonNode statement : statements) {
      JsonNode subject = statement.get("subject");
      assertThat(subject.get(2).get("name").asText()).isEqualTo("registry.example/router");
      assertThat(subject.get(3).get("name").asText()).isEqualTo("router.jar");
      assertThat(subject.get(3).get("digest").get("sha256").asText())
          .isEqualTo(DIGEST.substring(7));
    }

    // format=jsonl is what 'changetrail attest' writes: one envelope per line
    HttpResponse<String> jsonl =
        get(signing, "bob", "/api/v1/changes/" + change + "/attestations?format=jsonl");
    assertThat(jsonl.statusCode()).as(jsonl.body()).isEqualTo(200);
    assertThat(jsonl.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/jsonl");
    Path written = dir.resolve("lines.intoto.jsonl");
    Files.writeString(written, jsonl.body());
    assertThat(AttestationTest.verifyIndependently(written, pem)).hasSize(3);

    boolean required = "1".equals(System.getenv("CHANGETRAIL_REQUIRE_PYTHON_CRYPTOGRAPHY"));
    if (!required) {
      Assumptions.assumeTrue(
          AttestationTest.python(), "python3 with the cryptography package is not installed");
    }
    AttestationTest.Python verified = AttestationTest.python(written, pem);
    assertThat(verified.exit()).as(verified.out()).isZero();
    assertThat(verified.out().lines().toList())
        .hasSize(3)
        .allMatch(l -> l.startsWith("OK https://"));
    AttestationTest.Python fromJson = AttestationTest.python(envelopes, pem);
    assertThat(fromJson.exit()).as(fromJson.out()).isZero();
  }

  @Test
  void rolesKeysAndBadSubjectsAreRefusedInTheJsonErrorShape() throws Exception {
    String path = "/api/v1/changes/" + change + "/attestations";
    HttpResponse<String> developer = get(signing, "alice", path);
    assertThat(developer.statusCode()).isEqualTo(403);
    assertThat(developer.body()).contains("auditor or approver");
    assertThat(get(signing, "carol", path).statusCode()).isEqualTo(403);

    HttpResponse<String> noKey = get(keyless, "dave", path);
    assertThat(noKey.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(noKey.body()).get("error").get("code").asText())
        .isEqualTo("NO_SIGNING_KEY");

    HttpResponse<String> bad = get(signing, "dave", path + "?subject=app%3Dsha1%3Aabc");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).get("error").get("message").asText())
        .contains("is not NAME=sha256:HEX");

    assertThat(get(signing, "dave", "/api/v1/changes/CHG-20260101-ZZZZ/attestations").statusCode())
        .isEqualTo(404);
    assertThat(get(signing, "dave", path + "?format=xml").statusCode()).isEqualTo(400);
  }
}
