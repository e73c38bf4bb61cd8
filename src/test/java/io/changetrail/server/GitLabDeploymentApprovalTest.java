package io.changetrail.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GitLab deployment approvals: a protected environment with required approvals blocks the
 * deployment, GitLab's deployment webhook (its documented payload shape, status {@code blocked})
 * reaches the node, and the node approves or rejects the deployment through GitLab's deployment
 * approval API with the deployment gate's decision, against a real local server standing in for
 * GitLab's API that records each request.
 */
class GitLabDeploymentApprovalTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  ForgeFixture forge;
  String change;
  String tip;

  @BeforeEach
  void start() throws Exception {
    forge =
        new ForgeFixture(
            dir,
            "jdbc:sqlite:" + dir.resolve("ledger.db"),
            DeploymentProtectionTest.CONFIG,
            Duration.ZERO);
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

  static String event(String status, String sha, String environment) {
    return ForgeFixture.payload(
        "gitlab-deployment-blocked.json",
        "STATUS",
        status,
        "SHA",
        sha,
        "SHORT_SHA",
        sha.substring(0, 8),
        "ENVIRONMENT",
        environment);
  }

  ServerFixture.Reply deliver(String body, String token) {
    return forge.hook(
        "/hooks/gitlab", body, "X-Gitlab-Event", "Deployment Hook", "X-Gitlab-Token", token);
  }

  ServerFixture.Reply deliver(String body) {
    return deliver(body, ForgeFixture.GITLAB_TOKEN);
  }

  JsonNode onlyApproval() throws Exception {
    assertThat(forge.callbacks).hasSize(1);
    ForgeFixture.Recorded callback = forge.callbacks.get(0);
    assertThat(callback.method()).isEqualTo("POST");
    assertThat(callback.path()).isEqualTo("/api/v4/projects/15/deployments/42/approval");
    assertThat(callback.header("PRIVATE-TOKEN")).isEqualTo("glpat-status-checks");
    return JSON.readTree(callback.body());
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

  @Test
  void aBlockedDeploymentOfTheApprovedContentIsApprovedAndRecorded() throws Exception {
    approve("[\"production\"]");

    ServerFixture.Reply reply = deliver(event("blocked", tip, "production"));

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json().get("decision").asText()).isEqualTo("approved");
    assertThat(reply.json().get("change").asText()).isEqualTo(change);
    assertThat(reply.json().get("callback").get("status").asInt()).isEqualTo(201);
    JsonNode sent = onlyApproval();
    assertThat(sent.get("status").asText()).isEqualTo("approved");
    assertThat(sent.get("comment").asText()).contains(change).contains("approved for production");

    JsonNode decisions = gateDecisions();
    assertThat(decisions).hasSize(1);
    JsonNode decision = decisions.get(0);
    assertThat(decision.get("forge").asText()).isEqualTo("gitlab");
    assertThat(decision.get("run").asText()).isEqualTo("project 15 deployment 42");
    assertThat(decision.get("askedBy").asText()).isEqualTo("gitlab:carol");
    assertThat(decision.get("commit").asText()).isEqualTo(tip);
    assertThat(decision.get("callback").get("delivered").asBoolean()).isTrue();
    assertThat(decision.get("callback").get("status").asInt()).isEqualTo(201);
  }

  @Test
  void aDeploymentToAnEnvironmentTheChangeIsNotApprovedForIsRejected() throws Exception {
    approve("[\"staging\"]");

    ServerFixture.Reply reply = deliver(event("blocked", tip, "production"));

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json().get("decision").asText()).isEqualTo("rejected");
    JsonNode sent = onlyApproval();
    assertThat(sent.get("status").asText()).isEqualTo("rejected");
    assertThat(sent.get("comment").asText()).contains("not approved for production");
  }

  @Test
  void aBlackoutWindowRejectsTheDeploymentOfAnApprovedChange() throws Exception {
    approve("[]");

    ServerFixture.Reply reply = deliver(event("blocked", tip, "freeze"));

    assertThat(reply.json().get("decision").asText()).as(reply.body()).isEqualTo("rejected");
    assertThat(onlyApproval().get("comment").asText()).contains("blackout window");
  }

  @Test
  void aCommitNoChangeHasIsRejected() throws Exception {
    approve("[]");
    String other = forge.pushBranch("unregistered");

    ServerFixture.Reply reply = deliver(event("blocked", other, "production"));

    assertThat(reply.json().get("decision").asText()).as(reply.body()).isEqualTo("rejected");
    assertThat(onlyApproval().get("comment").asText()).contains("no registered change");
  }

  @Test
  void deploymentsThatAreNotBlockedAreIgnoredAndRecordNothing() {
    approve("[\"production\"]");

    for (String status : new String[] {"created", "running", "success", "failed", "canceled"}) {
      ServerFixture.Reply reply = deliver(event(status, tip, "production"));
      assertThat(reply.status()).as(reply.body()).isEqualTo(202);
      assertThat(reply.json().get("ignored").asBoolean()).isTrue();
    }
    assertThat(forge.callbacks).isEmpty();
    assertThat(gateDecisions()).isEmpty();
  }

  @Test
  void aWrongTokenOrACommitUrlThatIsNotTheShortShasIsRefusedAndDoesNothing() {
    approve("[\"production\"]");
    String body = event("blocked", tip, "production");

    ServerFixture.Reply forged = deliver(body, "guess");
    assertThat(forged.status()).as(forged.body()).isEqualTo(401);

    ServerFixture.Reply mismatched =
        deliver(
            body.replace("\"short_sha\": \"" + tip.substring(0, 8), "\"short_sha\": \"deadbeef"));
    assertThat(mismatched.status()).as(mismatched.body()).isEqualTo(400);
    assertThat(mismatched.json().get("error").get("message").asText()).contains("commit_url");

    assertThat(forge.callbacks).isEmpty();
    assertThat(gateDecisions()).isEmpty();
  }

  @Test
  void gitLabRefusingTheApprovalIsA502SayingWhatItSaidAndIsRecorded() throws Exception {
    approve("[\"production\"]");
    forge.refusal =
        new ForgeFixture.Refusal(400, "{\"message\": \"You cannot approve your own deployment.\"}");

    ServerFixture.Reply reply = deliver(event("blocked", tip, "production"));

    assertThat(reply.status()).as(reply.body()).isEqualTo(502);
    JsonNode error = reply.json().get("error");
    assertThat(error.get("code").asText()).isEqualTo("CALLBACK_FAILED");
    assertThat(error.get("message").asText())
        .contains("did not reach gitlab")
        .contains("400")
        .contains("You cannot approve your own deployment.");
    JsonNode callback = gateDecisions().get(0).get("callback");
    assertThat(callback.get("delivered").asBoolean()).isFalse();
    assertThat(callback.get("status").asInt()).isEqualTo(400);
    assertThat(callback.get("detail").asText())
        .isEqualTo("You cannot approve your own deployment.");
  }

  // ---------------------------------------------------------------- the job turns manual

  static String job(String status, String sha, String environment) {
    return ForgeFixture.payload(
        "gitlab-job-waiting.json", "STATUS", status, "SHA", sha, "ENVIRONMENT", environment);
  }

  static String blockedDeployments(String sha, String environment) {
    return ForgeFixture.payload(
        "gitlab-deployments-blocked.json",
        "SHA",
        sha,
        "SHORT_SHA",
        sha.substring(0, 8),
        "ENVIRONMENT",
        environment);
  }

  ServerFixture.Reply deliverJob(String body) {
    return forge.hook(
        "/hooks/gitlab",
        body,
        "X-Gitlab-Event",
        "Job Hook",
        "X-Gitlab-Token",
        ForgeFixture.GITLAB_TOKEN);
  }

  @Test
  void aDeploymentJobWaitingForApprovalHasItsBlockedDeploymentApproved() throws Exception {
    approve("[\"production\"]");
    forge.deployments = blockedDeployments(tip, "production");

    ServerFixture.Reply reply = deliverJob(job("manual", tip, "production"));

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json().get("decision").asText()).isEqualTo("approved");
    assertThat(reply.json().get("deployment").asLong()).isEqualTo(42);
    assertThat(forge.callbacks).hasSize(2);
    ForgeFixture.Recorded listing = forge.callbacks.get(0);
    assertThat(listing.method()).isEqualTo("GET");
    assertThat(listing.path())
        .isEqualTo(
            "/api/v4/projects/15/deployments?environment=production&status=blocked"
                + "&order_by=id&sort=desc");
    assertThat(listing.header("PRIVATE-TOKEN")).isEqualTo("glpat-status-checks");
    ForgeFixture.Recorded approval = forge.callbacks.get(1);
    assertThat(approval.path()).isEqualTo("/api/v4/projects/15/deployments/42/approval");
    assertThat(JSON.readTree(approval.body()).get("status").asText()).isEqualTo("approved");
    JsonNode decision = gateDecisions().get(0);
    assertThat(decision.get("run").asText()).isEqualTo("project 15 deployment 42 job 796");
    assertThat(decision.get("askedBy").asText()).isEqualTo("gitlab:carol");
  }

  @Test
  void aWaitingJobOfContentNotApprovedForTheEnvironmentHasItsDeploymentRejected() throws Exception {
    approve("[\"staging\"]");
    forge.deployments = blockedDeployments(tip, "production");

    ServerFixture.Reply reply = deliverJob(job("manual", tip, "production"));

    assertThat(reply.json().get("decision").asText()).as(reply.body()).isEqualTo("rejected");
    assertThat(JSON.readTree(forge.callbacks.get(1).body()).get("status").asText())
        .isEqualTo("rejected");
  }

  @Test
  void aManualJobThatNoApprovalBlocksAndOtherJobEventsAreIgnored() {
    approve("[\"production\"]");
    forge.deployments = "[]";

    ServerFixture.Reply manual = deliverJob(job("manual", tip, "production"));
    assertThat(manual.status()).as(manual.body()).isEqualTo(202);
    assertThat(manual.json().get("reason").asText()).contains("no deployment of it");

    forge.deployments = blockedDeployments(tip, "production");
    ServerFixture.Reply running = deliverJob(job("running", tip, "production"));
    assertThat(running.status()).as(running.body()).isEqualTo(202);

    assertThat(forge.callbacks).as("only the one listing").hasSize(1);
    assertThat(gateDecisions()).isEmpty();
  }

  @Test
  void gitLabRefusingTheListingDecidesNothing() {
    approve("[\"production\"]");
    forge.refusal = new ForgeFixture.Refusal(401, "{\"message\": \"401 Unauthorized\"}");

    ServerFixture.Reply reply = deliverJob(job("manual", tip, "production"));

    assertThat(reply.status()).as(reply.body()).isEqualTo(502);
    assertThat(reply.json().get("error").get("message").asText())
        .contains("401")
        .contains("401 Unauthorized")
        .contains("nothing was decided");
    assertThat(gateDecisions()).isEmpty();
  }
}
