package io.changetrail.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.changetrail.app.forge.WebhookSignatures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forge deployment protection answered by the deployment gate: GitHub's deployment_protection_rule
 * event and GitLab's external status check, with their documented payload shapes, each answered by
 * a real HTTP callback to a local server standing in for the forge's API (it records what it gets).
 */
class DeploymentProtectionTest {
  static final String CONFIG =
      "version: 1\n"
          + "blackout_windows:\n"
          + "  - name: freeze-morning\n"
          + "    from: \"00:00\"\n"
          + "    to: \"12:00\"\n"
          + "    environments: [freeze]\n"
          + "  - name: freeze-evening\n"
          + "    from: \"11:00\"\n"
          + "    to: \"00:00\"\n"
          + "    environments: [freeze]\n";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  ForgeFixture forge;
  String change;
  String tip;

  @BeforeEach
  void start() throws Exception {
    forge = new ForgeFixture(dir, "jdbc:sqlite:" + dir.resolve("ledger.db"), CONFIG, Duration.ZERO);
    ServerFixture.Reply registered =
        forge.users.postTo(
            forge.node.url(),
            "alice",
            "/api/v1/changes",
            "{\"range\": \"origin/main..origin/feature\"}");
    assertThat(registered.status()).as(registered.body()).isEqualTo(201);
    change = registered.json().get("id").asText();
    tip = registered.json().get("tip").asText();
  }

  @AfterEach
  void stop() {
    forge.close();
  }

  void approve(String environments) {
    ServerFixture.Reply approved =
        forge.users.postTo(
            forge.node.url(),
            "bob",
            "/api/v1/changes/" + change + "/approve",
            "{\"comment\": \"limits checked\", \"environments\": " + environments + "}");
    assertThat(approved.status()).as(approved.body()).isEqualTo(200);
  }

  ServerFixture.Reply protectionRule(String sha, String environment) {
    return forge.github(
        "deployment_protection_rule",
        ForgeFixture.payload(
            "github-deployment-protection-rule.json", "SHA", sha, "ENVIRONMENT", environment));
  }

  JsonNode onlyCallback() throws Exception {
    assertThat(forge.callbacks).hasSize(1);
    ForgeFixture.Recorded callback = forge.callbacks.get(0);
    assertThat(callback.method()).isEqualTo("POST");
    return JSON.readTree(callback.body());
  }

  @Test
  void theApprovedChangesCommitIsApprovedThroughTheCallback() throws Exception {
    approve("[\"production\"]");

    ServerFixture.Reply reply = protectionRule(tip, "production");

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json().get("decision").asText()).isEqualTo("approved");
    assertThat(reply.json().get("change").asText()).isEqualTo(change);
    ForgeFixture.Recorded callback = forge.callbacks.get(0);
    assertThat(callback.path())
        .isEqualTo("/repos/acme/trading/actions/runs/4242/deployment_protection_rule");
    assertThat(callback.header("Authorization")).isEqualTo("Bearer ghs_installation_token");
    JsonNode sent = onlyCallback();
    assertThat(sent.get("state").asText()).isEqualTo("approved");
    assertThat(sent.get("environment_name").asText()).isEqualTo("production");
    assertThat(sent.get("comment").asText()).contains(change);
  }

  @Test
  void aChangeNotApprovedForTheEnvironmentIsRejected() throws Exception {
    approve("[\"staging\"]");

    ServerFixture.Reply reply = protectionRule(tip, "production");

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json().get("decision").asText()).isEqualTo("rejected");
    JsonNode sent = onlyCallback();
    assertThat(sent.get("state").asText()).isEqualTo("rejected");
    assertThat(sent.get("comment").asText()).contains("not approved for production");
  }

  @Test
  void aBlackoutWindowRejectsEvenAnApprovedChange() throws Exception {
    approve("[]");

    ServerFixture.Reply reply = protectionRule(tip, "freeze");

    assertThat(reply.json().get("decision").asText()).as(reply.body()).isEqualTo("rejected");
    assertThat(onlyCallback().get("comment").asText()).contains("blackout window");
  }

  @Test
  void aCommitNoChangeHasIsRejected() throws Exception {
    approve("[]");
    String other = forge.pushBranch("unregistered");

    ServerFixture.Reply reply = protectionRule(other, "production");

    assertThat(reply.json().get("decision").asText()).as(reply.body()).isEqualTo("rejected");
    assertThat(onlyCallback().get("comment").asText()).contains("no registered change");
  }

  @Test
  void aMergeThatBringsNothingElseHasTheChangesContentAndIsFetchedToBeApproved() throws Exception {
    approve("[\"production\"]");
    forge.users.repo.git("checkout", "-q", "main");
    forge.users.repo.git("merge", "-q", "--no-ff", "-m", "Merge feature", "feature");
    String merge = forge.users.repo.head();
    forge.users.repo.git("push", "-q", forge.bare.toString(), "main");
    assertThat(forge.cloneHas(merge + "^{commit}")).isFalse();

    ServerFixture.Reply reply = protectionRule(merge, "production");

    assertThat(reply.json().get("decision").asText()).as(reply.body()).isEqualTo("approved");
    assertThat(onlyCallback().get("state").asText()).isEqualTo("approved");
  }

  @Test
  void anUnsignedRequestOrAForeignCallbackUrlSendsNothing() {
    approve("[]");
    String body =
        ForgeFixture.payload(
            "github-deployment-protection-rule.json", "SHA", tip, "ENVIRONMENT", "production");
    ServerFixture.Reply unsigned =
        forge.hook("/hooks/github", body, "X-GitHub-Event", "deployment_protection_rule");
    assertThat(unsigned.status()).as(unsigned.body()).isEqualTo(401);

    String foreign =
        body.replace(
            "https://api.github.com/repos/acme/trading/actions/runs/4242/deployment_protection_rule",
            "https://attacker.example/collect");
    ServerFixture.Reply refused = forge.github("deployment_protection_rule", foreign);
    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    assertThat(forge.callbacks).isEmpty();
  }

  ServerFixture.Reply statusCheck(String environment, String body, String signature) {
    return forge.hook(
        "/hooks/gitlab/status-check?environment=" + environment,
        body,
        "X-Gitlab-Event",
        "Merge Request Hook",
        "X-Gitlab-Signature",
        signature);
  }

  static String gitlabSignature(String secret, String body) {
    return HexFormat.of()
        .formatHex(WebhookSignatures.hmacSha256(secret, body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aGitLabStatusCheckPassesOnlyForTheApprovedContent() throws Exception {
    approve("[\"production\"]");
    String body =
        ForgeFixture.payload("gitlab-status-check.json", "SHA", tip, "ENVIRONMENT", "production");

    ServerFixture.Reply forged = statusCheck("production", body, gitlabSignature("guess", body));
    assertThat(forged.status()).as(forged.body()).isEqualTo(401);
    assertThat(forge.callbacks).isEmpty();

    ServerFixture.Reply reply =
        statusCheck("production", body, gitlabSignature(ForgeFixture.GITLAB_TOKEN, body));

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json().get("decision").asText()).isEqualTo("approved");
    ForgeFixture.Recorded callback = forge.callbacks.get(0);
    assertThat(callback.path())
        .isEqualTo("/api/v4/projects/15/merge_requests/1/status_check_responses");
    assertThat(callback.header("PRIVATE-TOKEN")).isEqualTo("glpat-status-checks");
    JsonNode sent = onlyCallback();
    assertThat(sent.get("status").asText()).isEqualTo("passed");
    assertThat(sent.get("sha").asText()).isEqualTo(tip);
    assertThat(sent.get("external_status_check_id").asLong()).isEqualTo(7);

    forge.callbacks.clear();
    ServerFixture.Reply staging =
        statusCheck("staging", body, gitlabSignature(ForgeFixture.GITLAB_TOKEN, body));
    assertThat(staging.json().get("decision").asText()).isEqualTo("rejected");
    assertThat(onlyCallback().get("status").asText()).isEqualTo("failed");
  }

  ServerFixture.Reply get(String user, String path) {
    return forge.users.send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(forge.node.url() + path))
            .header("Authorization", "Bearer " + forge.users.tokens.get(user))
            .GET());
  }

  @Test
  void everyForgeAnswerIsRecordedWithWhoAskedAndShownWithTheChange() throws Exception {
    approve("[\"staging\"]");
    assertThat(protectionRule(tip, "production").json().get("decision").asText())
        .isEqualTo("rejected");
    String body =
        ForgeFixture.payload("gitlab-status-check.json", "SHA", tip, "ENVIRONMENT", "staging");
    ServerFixture.Reply check =
        statusCheck("staging", body, gitlabSignature(ForgeFixture.GITLAB_TOKEN, body));
    assertThat(check.json().get("decision").asText()).as(check.body()).isEqualTo("approved");

    JsonNode shown = get("dave", "/api/v1/changes/" + change).json();
    JsonNode answers = shown.get("gateDecisions");
    assertThat(answers).hasSize(2);
    assertThat(answers.get(0).get("forge").asText()).isEqualTo("github");
    assertThat(answers.get(0).get("decision").asText()).isEqualTo("rejected");
    assertThat(answers.get(0).get("environment").asText()).isEqualTo("production");
    assertThat(answers.get(0).get("commit").asText()).isEqualTo(tip);
    assertThat(answers.get(0).get("run").asText()).isEqualTo("acme/trading/actions/runs/4242");
    assertThat(answers.get(0).get("askedBy").asText()).isEqualTo("github:alice");
    assertThat(answers.get(0).get("reason").asText()).contains("not approved for production");
    assertThat(answers.get(1).get("forge").asText()).isEqualTo("gitlab");
    assertThat(answers.get(1).get("decision").asText()).isEqualTo("approved");
    assertThat(answers.get(1).get("run").asText())
        .isEqualTo("project 15 merge request !1 status check 7");
    assertThat(get("dave", "/api/v1/changes/" + change + "?format=markdown").body())
        .contains("## Deployment gate answers")
        .contains("❌ rejected for **production** to github (acme/trading/actions/runs/4242)")
        .contains("✅ approved for **staging** to gitlab");
  }

  @Test
  void anAnswerAboutACommitNoChangeHasIsRecordedToo() throws Exception {
    String other = forge.pushBranch("unregistered");
    long before = ledgerSize();
    protectionRule(other, "production");
    assertThat(ledgerSize()).as("the decision and how GitHub took it").isEqualTo(before + 2);
    assertThat(get("dave", "/api/v1/changes/" + change).json().get("gateDecisions")).isEmpty();
  }

  long ledgerSize() {
    try (io.changetrail.ledger.LedgerStore store =
        io.changetrail.ledger.LedgerStore.open(forge.users.ledger)) {
      return store.read(io.changetrail.ledger.LedgerStore.Reader::size);
    }
  }

  @Test
  void aPipelineAsksTheGateThroughTheApiAsADeployer() {
    String ask =
        "{\"environment\": \"production\", \"commit\": \"" + tip + "\", \"run\": \"job 9\"}";
    ServerFixture.Reply developer =
        forge.users.postTo(forge.node.url(), "alice", "/api/v1/deployment-gate", ask);
    assertThat(developer.status()).as(developer.body()).isEqualTo(403);

    ServerFixture.Reply early =
        forge.users.postTo(forge.node.url(), "carol", "/api/v1/deployment-gate", ask);
    assertThat(early.status()).as(early.body()).isEqualTo(200);
    assertThat(early.json().get("decision").asText()).isEqualTo("rejected");
    assertThat(early.json().get("approved").asBoolean()).isFalse();
    assertThat(early.json().get("change").asText()).isEqualTo(change);
    assertThat(early.json().get("reason").asText()).contains("not approved for production");

    approve("[\"production\"]");
    ServerFixture.Reply approved =
        forge.users.postTo(forge.node.url(), "carol", "/api/v1/deployment-gate", ask);
    assertThat(approved.json().get("decision").asText()).as(approved.body()).isEqualTo("approved");
    assertThat(forge.callbacks).as("a pipeline's question calls no forge").isEmpty();

    JsonNode answers = get("dave", "/api/v1/changes/" + change).json().get("gateDecisions");
    assertThat(answers).hasSize(2);
    assertThat(answers.get(1).get("forge").asText()).isEqualTo("api");
    assertThat(answers.get(1).get("run").asText()).isEqualTo("job 9");
    assertThat(answers.get(1).get("askedBy").asText()).contains("carol@example.com");

    ServerFixture.Reply shortSha =
        forge.users.postTo(
            forge.node.url(),
            "carol",
            "/api/v1/deployment-gate",
            "{\"environment\": \"production\", \"commit\": \"" + tip.substring(0, 7) + "\"}");
    assertThat(shortSha.status()).isEqualTo(400);
    assertThat(shortSha.json().get("error").get("message").asText()).contains("full commit id");
  }
}
