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
}
