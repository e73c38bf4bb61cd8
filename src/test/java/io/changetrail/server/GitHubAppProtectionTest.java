package io.changetrail.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.changetrail.app.forge.GitHubApp;
import io.changetrail.ledger.LedgerStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GitHub custom deployment protection rule answered as ChangeTrail's GitHub App: the node mints
 * an installation token for the payload's installation (App JWT signed with the App's PKCS#1 key)
 * and reviews the run with it, against a real local server playing GitHub's API that verifies the
 * JWT with the App's public key and accepts only tokens it minted. Failures (GitHub refusing the
 * JWT, an unknown installation, GitHub unreachable) are a 502 saying what GitHub said, and are
 * recorded with the decision, which is recorded either way.
 */
class GitHubAppProtectionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  GitHubApiStandIn github;
  ForgeFixture forge;
  String change;
  String tip;

  void start(String configuredAppId) throws Exception {
    github =
        new GitHubApiStandIn(
            GitHubAppTest.resource("github-app-test-key.pub.pem"),
            GitHubAppTest.APP_ID,
            Set.of(2L),
            Instant::now);
    ServerOptions.GitHubAppKey app =
        new ServerOptions.GitHubAppKey(
            configuredAppId,
            GitHubApp.readKey(GitHubAppTest.keyFile(dir, "github-app-test-key.pem")));
    forge =
        new ForgeFixture(
            dir,
            "jdbc:sqlite:" + dir.resolve("ledger.db"),
            "",
            Duration.ZERO,
            f ->
                new ServerOptions.Forge(
                    f.remote(),
                    f.refspecs(),
                    f.fetchInterval(),
                    f.githubSecret(),
                    f.gitlabToken(),
                    github.url(),
                    Optional.empty(),
                    f.gitlabApi(),
                    f.gitlabApiToken(),
                    Optional.of(app)));
    ServerFixture.Reply registered =
        forge.users.postTo(
            forge.node.url(),
            "alice",
            "/api/v1/changes",
            "{\"range\": \"origin/main..origin/feature\"}");
    assertThat(registered.status()).as(registered.body()).isEqualTo(201);
    change = registered.json().get("id").asText();
    tip = registered.json().get("tip").asText();
    ServerFixture.Reply approved =
        forge.users.postTo(
            forge.node.url(),
            "bob",
            "/api/v1/changes/" + change + "/approve",
            "{\"comment\": \"limits checked\", \"environments\": [\"production\"]}");
    assertThat(approved.status()).as(approved.body()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    if (forge != null) {
      forge.close();
    }
    if (github != null) {
      github.close();
    }
  }

  ServerFixture.Reply protectionRule(String... replacements) {
    String body =
        ForgeFixture.payload(
            "github-deployment-protection-rule.json", "SHA", tip, "ENVIRONMENT", "production");
    for (int i = 0; i + 1 < replacements.length; i += 2) {
      body = body.replace(replacements[i], replacements[i + 1]);
    }
    return forge.github("deployment_protection_rule", body);
  }

  JsonNode gateDecisions() {
    return forge
        .users
        .send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(forge.node.url() + "/api/v1/changes/" + change))
                .header("Authorization", "Bearer " + forge.users.tokens.get("dave"))
                .GET())
        .json()
        .get("gateDecisions");
  }

  String ledgerText() {
    try (LedgerStore store = LedgerStore.open(forge.users.ledger)) {
      StringBuilder all = new StringBuilder();
      store.read(
          reader -> {
            for (long i = 0; i < reader.size(); i++) {
              all.append(new String(reader.entry(i).orElseThrow(), StandardCharsets.UTF_8))
                  .append('\n');
            }
            return null;
          });
      return all.toString();
    }
  }

  @Test
  void theAppMintsAnInstallationTokenAndReviewsTheRunWithIt() throws Exception {
    start(GitHubAppTest.APP_ID);

    ServerFixture.Reply reply = protectionRule();

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json().get("decision").asText()).isEqualTo("approved");
    assertThat(reply.json().get("callback").get("status").asInt()).isEqualTo(204);
    assertThat(github.tokenRequests()).hasSize(1);
    assertThat(github.tokenRequests().get(0).path())
        .isEqualTo("/app/installations/2/access_tokens");
    assertThat(github.acceptedJwtClaims).hasSize(1);
    assertThat(github.reviews()).hasSize(1);
    ForgeFixture.Recorded review = github.reviews().get(0);
    assertThat(review.path())
        .isEqualTo("/repos/acme/trading/actions/runs/4242/deployment_protection_rule");
    assertThat(review.header("Authorization")).startsWith("Bearer ghs_16C7e42F292c6912E7710c8");
    JsonNode sent = JSON.readTree(review.body());
    assertThat(sent.get("environment_name").asText()).isEqualTo("production");
    assertThat(sent.get("state").asText()).isEqualTo("approved");
    assertThat(sent.get("comment").asText()).contains(change);

    ServerFixture.Reply again = protectionRule("/runs/4242/", "/runs/4243/");
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(github.tokenRequests()).as("the token is kept for its hour").hasSize(1);
    assertThat(github.reviews()).hasSize(2);

    JsonNode decisions = gateDecisions();
    assertThat(decisions).hasSize(2);
    JsonNode callback = decisions.get(0).get("callback");
    assertThat(callback.get("status").asInt()).isEqualTo(204);
    assertThat(callback.get("delivered").asBoolean()).isTrue();
    assertThat(callback.get("url").asText())
        .isEqualTo(
            github.url() + "/repos/acme/trading/actions/runs/4242/deployment_protection_rule");
    assertThat(callback.get("ledgerIndex").asLong())
        .isEqualTo(decisions.get(0).get("ledgerIndex").asLong() + 1);
    String audit =
        forge
            .users
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            forge.node.url()
                                + "/api/v1/changes/"
                                + change
                                + "/audit?format=markdown"))
                    .header("Authorization", "Bearer " + forge.users.tokens.get("dave"))
                    .GET())
            .body();
    assertThat(audit)
        .contains("## Deployment gate answers")
        .contains("asked through github (acme/trading/actions/runs/4242) by github:alice")
        .contains(
            "delivered to github (HTTP 204) [entry " + callback.get("ledgerIndex").asLong() + "]");
    String ledger = ledgerText();
    assertThat(ledger)
        .contains("deployment.gate-answered")
        .doesNotContain("ghs_")
        .doesNotContain("eyJ");
  }

  @Test
  void gitHubRefusingTheAppsJwtIsA502SayingSoAndIsRecordedWithTheDecision() throws Exception {
    start("999999");

    ServerFixture.Reply reply = protectionRule();

    assertThat(reply.status()).as(reply.body()).isEqualTo(502);
    JsonNode error = reply.json().get("error");
    assertThat(error.get("code").asText()).isEqualTo("CALLBACK_FAILED");
    assertThat(error.get("message").asText())
        .contains("approved")
        .contains("did not reach github")
        .contains("401")
        .contains("A JSON web token could not be decoded")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    assertThat(github.reviews()).isEmpty();
    JsonNode decisions = gateDecisions();
    assertThat(decisions).hasSize(1);
    assertThat(decisions.get(0).get("decision").asText()).isEqualTo("approved");
    JsonNode callback = decisions.get(0).get("callback");
    assertThat(callback.get("delivered").asBoolean()).isFalse();
    assertThat(callback.get("status").asInt()).isEqualTo(401);
    assertThat(callback.get("url").asText()).endsWith("/app/installations/2/access_tokens");
    assertThat(callback.get("detail").asText()).contains("A JSON web token could not be decoded");
  }

  @Test
  void anInstallationGitHubDoesNotKnowIsA502WithGitHubs404() throws Exception {
    start(GitHubAppTest.APP_ID);

    ServerFixture.Reply reply =
        protectionRule("\"installation\": {\"id\": 2,", "\"installation\": {\"id\": 77,");

    assertThat(reply.status()).as(reply.body()).isEqualTo(502);
    assertThat(reply.json().get("error").get("message").asText())
        .contains("404")
        .contains("installation 77")
        .contains("has no such installation");
    assertThat(gateDecisions().get(0).get("callback").get("status").asInt()).isEqualTo(404);
  }

  @Test
  void gitHubUnreachableIsA502WithNoStatusAndTheDecisionIsStillRecorded() throws Exception {
    start(GitHubAppTest.APP_ID);
    github.close();

    ServerFixture.Reply reply = protectionRule();

    assertThat(reply.status()).as(reply.body()).isEqualTo(502);
    assertThat(reply.json().get("error").get("message").asText()).contains("could not be reached");
    JsonNode decisions = gateDecisions();
    assertThat(decisions).hasSize(1);
    assertThat(decisions.get(0).get("callback").get("status").asInt()).isZero();
    assertThat(decisions.get(0).get("callback").get("delivered").asBoolean()).isFalse();
  }

  @Test
  void aPayloadWithoutAnInstallationIsRefusedBeforeAnythingIsDecided() throws Exception {
    start(GitHubAppTest.APP_ID);

    ServerFixture.Reply reply =
        protectionRule(
            "\"installation\": {\"id\": 2, \"node_id\": \"MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMg==\"},",
            "");

    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    assertThat(reply.json().get("error").get("message").asText()).contains("installation.id");
    assertThat(gateDecisions()).isEmpty();
    assertThat(github.requests).isEmpty();
  }
}
