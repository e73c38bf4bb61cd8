package io.changetrail.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push webhooks make the server fetch its clone: GitHub (X-Hub-Signature-256) and GitLab
 * (X-Gitlab-Token) deliveries with their documented payload shapes, against a real bare repository
 * the test pushes to. Unsigned or wrongly signed deliveries are 401 and fetch nothing.
 */
class ForgeWebhookTest {
  @TempDir Path dir;
  ForgeFixture forge;

  ForgeFixture start(Duration interval) throws Exception {
    forge = new ForgeFixture(dir, "jdbc:sqlite:" + dir.resolve("ledger.db"), "", interval);
    return forge;
  }

  @AfterEach
  void stop() {
    if (forge != null) {
      forge.close();
    }
  }

  ServerFixture.Reply register(String range) {
    return forge.users.postTo(
        forge.node.url(), "alice", "/api/v1/changes", "{\"range\": \"" + range + "\"}");
  }

  @Test
  void aSignedGitHubPushMakesTheServerFetchWhatWasPushed() throws Exception {
    start(Duration.ZERO);
    String sha = forge.pushBranch("pushed");
    // (registering now would fetch the clone itself, since 'register fetches an unknown
    // revision once': the webhook alone must bring it)
    assertThat(forge.cloneHas("refs/remotes/origin/pushed")).isFalse();

    ServerFixture.Reply reply =
        forge.github("push", ForgeFixture.payload("github-push.json", "AFTER", sha));

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    JsonNode body = reply.json();
    assertThat(body.get("fetched").asBoolean()).isTrue();
    assertThat(body.get("after").asText()).isEqualTo(sha);
    assertThat(body.get("updates").toString()).contains("origin/pushed");
    assertThat(forge.cloneHas("refs/remotes/origin/pushed")).isTrue();
    ServerFixture.Reply registered = register("origin/main..origin/pushed");
    assertThat(registered.status()).as(registered.body()).isEqualTo(201);
    assertThat(registered.json().get("tip").asText()).isEqualTo(sha);
  }

  @Test
  void registeringCommitsTheCloneLacksFetchesOnceFirst() throws Exception {
    start(Duration.ZERO);
    String sha = forge.pushBranch("pushed");
    assertThat(forge.cloneHas(sha + "^{commit}")).isFalse();

    ServerFixture.Reply registered = register("origin/main.." + sha);

    assertThat(registered.status()).as(registered.body()).isEqualTo(201);
    assertThat(registered.json().get("tip").asText()).isEqualTo(sha);
    assertThat(forge.cloneHas("refs/remotes/origin/pushed")).isTrue();
    ServerFixture.Reply unknown = register("origin/main.." + "0".repeat(40));
    assertThat(unknown.status()).as(unknown.body()).isEqualTo(422);
  }

  @Test
  void anUnsignedOrWronglySignedGitHubDeliveryIs401AndFetchesNothing() throws Exception {
    start(Duration.ZERO);
    String sha = forge.pushBranch("pushed");
    String body = ForgeFixture.payload("github-push.json", "AFTER", sha);

    ServerFixture.Reply unsigned = forge.hook("/hooks/github", body, "X-GitHub-Event", "push");
    ServerFixture.Reply otherSecret =
        forge.hook(
            "/hooks/github",
            body,
            "X-GitHub-Event",
            "push",
            "X-Hub-Signature-256",
            ForgeFixture.githubSignature("another secret", body));
    ServerFixture.Reply otherBody =
        forge.hook(
            "/hooks/github",
            body.replace("pushed", "pushes"),
            "X-GitHub-Event",
            "push",
            "X-Hub-Signature-256",
            ForgeFixture.githubSignature(ForgeFixture.GITHUB_SECRET, body));
    ServerFixture.Reply sha1Only =
        forge.hook(
            "/hooks/github",
            body,
            "X-GitHub-Event",
            "push",
            "X-Hub-Signature",
            "sha1=" + "0".repeat(40));

    for (ServerFixture.Reply reply :
        java.util.List.of(unsigned, otherSecret, otherBody, sha1Only)) {
      assertThat(reply.status()).as(reply.body()).isEqualTo(401);
      JsonNode error = reply.json().get("error");
      assertThat(error.get("code").asText()).isEqualTo("UNAUTHENTICATED");
      assertThat(error.get("message").asText()).contains("X-Hub-Signature-256");
    }
    assertThat(forge.cloneHas("refs/remotes/origin/pushed")).isFalse();
  }

  @Test
  void aGitHubPingIsAnsweredAndOtherEventsAreIgnored() throws Exception {
    start(Duration.ZERO);
    ServerFixture.Reply ping = forge.github("ping", ForgeFixture.payload("github-ping.json"));
    assertThat(ping.status()).as(ping.body()).isEqualTo(200);
    assertThat(ping.json().get("ok").asBoolean()).isTrue();
    ServerFixture.Reply star = forge.github("star", "{\"action\": \"created\"}");
    assertThat(star.status()).as(star.body()).isEqualTo(202);
    assertThat(star.json().get("ignored").asBoolean()).isTrue();
  }

  @Test
  void aGitLabPushHookWithItsTokenFetchesAndAWrongTokenIs401() throws Exception {
    start(Duration.ZERO);
    String sha = forge.pushBranch("pushed");
    String body = ForgeFixture.payload("gitlab-push.json", "AFTER", sha);

    ServerFixture.Reply wrong =
        forge.hook("/hooks/gitlab", body, "X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", "guess");
    ServerFixture.Reply none = forge.hook("/hooks/gitlab", body, "X-Gitlab-Event", "Push Hook");
    assertThat(wrong.status()).as(wrong.body()).isEqualTo(401);
    assertThat(none.status()).as(none.body()).isEqualTo(401);
    assertThat(wrong.json().get("error").get("message").asText()).contains("X-Gitlab-Token");
    assertThat(forge.cloneHas("refs/remotes/origin/pushed")).isFalse();

    ServerFixture.Reply reply =
        forge.hook(
            "/hooks/gitlab",
            body,
            "X-Gitlab-Event",
            "Push Hook",
            "X-Gitlab-Token",
            ForgeFixture.GITLAB_TOKEN);

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json().get("after").asText()).isEqualTo(sha);
    assertThat(forge.cloneHas("refs/remotes/origin/pushed")).isTrue();
  }

  @Test
  void theFetchIntervalBringsPushedBranchesWithoutAnyWebhook() throws Exception {
    start(Duration.ofMillis(200));
    String sha = forge.pushBranch("pushed");
    // waits for the condition (no time is asserted): the interval fetch brings the branch
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!forge.cloneHas("refs/remotes/origin/pushed") && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(forge.cloneHas("refs/remotes/origin/pushed")).isTrue();
    ServerFixture.Reply registered = register("origin/main..origin/pushed");
    assertThat(registered.status()).as(registered.body()).isEqualTo(201);
    assertThat(registered.json().get("tip").asText()).isEqualTo(sha);
  }
}
