package io.changetrail.server;

import static io.changetrail.server.ChangeTrailServer.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.changetrail.app.forge.CloneFetcher;
import io.changetrail.app.forge.ForgeCallbacks;
import io.changetrail.app.forge.GitHubApp;
import io.changetrail.app.forge.WebhookSignatures;
import io.changetrail.app.lifecycle.DeploymentProtection;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What forges send: push webhooks (GitHub, GitLab) that make the node fetch its clone, GitHub's
 * {@code deployment_protection_rule} events and GitLab's external status checks, answered through
 * the forge's API with the deployment gate's decision. These routes take no API token: a forge
 * proves itself by its signature (GitHub's {@code X-Hub-Signature-256}, GitLab's {@code
 * X-Gitlab-Signature}) or its secret token ({@code X-Gitlab-Token}), checked in constant time;
 * anything unsigned or wrongly signed is a 401 and does nothing.
 */
final class ForgeRoutes {
  static final String GITHUB = "/hooks/github";
  static final String GITLAB = "/hooks/gitlab";
  static final String GITLAB_STATUS_CHECK = "/hooks/gitlab/status-check";

  private final ChangeTrailServer server;
  private final ForgeCallbacks callbacks = new ForgeCallbacks();

  ForgeRoutes(ChangeTrailServer server) {
    this.server = server;
  }

  void register(RouteTable app) {
    app.post(GITHUB, this::github);
    app.post(GITLAB, this::gitlab);
    app.post(GITLAB_STATUS_CHECK, this::gitlabStatusCheck);
  }

  private ServerOptions.Forge forge() {
    return server.options().forge();
  }

  // ---------------------------------------------------------------- GitHub

  private void github(Context ctx) {
    String secret =
        forge()
            .githubSecret()
            .orElseThrow(
                () ->
                    unsigned(
                        "GitHub webhooks are not set up on this server",
                        "start it with --github-webhook-secret-file FILE holding the webhook's"
                            + " secret"));
    byte[] body = JsonBody.read(ctx);
    if (!WebhookSignatures.githubSignatureHolds(secret, body, ctx.header("X-Hub-Signature-256"))) {
      throw unsigned(
          "the X-Hub-Signature-256 header is missing or does not match the body",
          "give the GitHub webhook the same secret as --github-webhook-secret-file");
    }
    String event = Optional.ofNullable(ctx.header("X-GitHub-Event")).orElse("");
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("event", event);
    answer.put("delivery", Optional.ofNullable(ctx.header("X-GitHub-Delivery")).orElse(""));
    switch (event) {
      case "ping" -> {
        answer.put("ok", true);
        json(ctx, 200, answer);
      }
      case "push" -> {
        JsonNode payload = payload(ctx, body);
        answer.put("ref", payload.path("ref").asText(""));
        answer.put("after", payload.path("after").asText(""));
        fetched(answer, server.fetcher().fetch());
        json(ctx, 200, answer);
      }
      case "deployment_protection_rule" ->
          deploymentProtectionRule(ctx, payload(ctx, body), answer);
      default -> {
        answer.put("ignored", true);
        json(ctx, 202, answer);
      }
    }
  }

  private void deploymentProtectionRule(Context ctx, JsonNode payload, Map<String, Object> answer) {
    if (!payload.path("action").asText("").equals("requested")) {
      answer.put("ignored", true);
      json(ctx, 202, answer);
      return;
    }
    String environment = payload.path("environment").asText("");
    String sha = payload.path("deployment").path("sha").asText(payload.path("sha").asText(""));
    String callbackUrl = payload.path("deployment_callback_url").asText("");
    URI callback =
        ForgeCallbacks.githubCallback(forge().githubApi(), callbackUrl)
            .orElseThrow(
                () ->
                    ApiError.badRequest(
                        "deployment_callback_url '"
                            + callbackUrl
                            + "' is not a GitHub deployment protection callback",
                        "expected .../repos/OWNER/REPO/actions/runs/RUN/deployment_protection_rule"));
    long installation = payload.path("installation").path("id").asLong(0);
    Optional<GitHubApp> app = server.githubApp();
    if (app.isEmpty() && forge().githubToken().isEmpty()) {
      throw notConfigured(
          "this server has no GitHub App or token to answer deployment protection rules with",
          "start it with --github-app-id ID --github-app-key-file APP.pem (or --github-token-file"
              + " FILE)");
    }
    if (app.isPresent() && installation <= 0) {
      throw ApiError.badRequest(
          "the deployment_protection_rule payload has no installation.id",
          "deliver it from the GitHub App's webhook: GitHub adds the App's installation");
    }
    String run =
        callback
            .getPath()
            .replaceFirst("^.*/repos/", "")
            .replace("/deployment_protection_rule", "");
    DeploymentProtection.Asker asker =
        new DeploymentProtection.Asker(
            "github", run, "github:" + payload.path("sender").path("login").asText(""));
    DeploymentProtection.Recorded recorded = decide(sha, environment, asker);
    DeploymentProtection.Decision decision = recorded.decision();
    ForgeCallbacks.Sent sent;
    try {
      String token =
          app.isPresent()
              ? app.get().installationToken(installation).value()
              : forge().githubToken().orElseThrow();
      sent = callbacks.github(callback, token, environment, decision.approved(), decision.reason());
    } catch (GitHubApp.TokenRefused e) {
      sent =
          new ForgeCallbacks.Sent(
              URI.create(
                  forge().githubApi() + "/app/installations/" + installation + "/access_tokens"),
              e.status(),
              e.getMessage());
    }
    answer(ctx, answer, asker, recorded, sent);
  }

  // ---------------------------------------------------------------- GitLab

  private String gitlabSecret() {
    return forge()
        .gitlabToken()
        .orElseThrow(
            () ->
                unsigned(
                    "GitLab webhooks are not set up on this server",
                    "start it with --gitlab-webhook-token-file FILE holding the webhook's secret"
                        + " token"));
  }

  private void gitlab(Context ctx) {
    String secret = gitlabSecret();
    if (!WebhookSignatures.sameToken(secret, ctx.header("X-Gitlab-Token"))) {
      throw unsigned(
          "the X-Gitlab-Token header is missing or is not this server's webhook token",
          "give the GitLab webhook the secret token of --gitlab-webhook-token-file");
    }
    byte[] body = JsonBody.read(ctx);
    String event = Optional.ofNullable(ctx.header("X-Gitlab-Event")).orElse("");
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("event", event);
    if (event.equals("Push Hook") || event.equals("Tag Push Hook")) {
      JsonNode payload = payload(ctx, body);
      answer.put("ref", payload.path("ref").asText(""));
      answer.put("after", payload.path("after").asText(""));
      fetched(answer, server.fetcher().fetch());
      json(ctx, 200, answer);
      return;
    }
    if (event.equals("Job Hook")) {
      JsonNode payload = payload(ctx, body);
      if (payload.path("build_status").asText("").equals("manual")
          && !payload.path("environment").path("name").asText("").isBlank()) {
        gitlabWaitingJob(ctx, payload);
        return;
      }
      answer.put("status", payload.path("build_status").asText(""));
    }
    if (event.equals("Deployment Hook")) {
      JsonNode payload = payload(ctx, body);
      if (payload.path("object_kind").asText("").equals("deployment")
          && payload.path("status").asText("").equals("blocked")) {
        gitlabDeploymentApproval(ctx, payload);
        return;
      }
      answer.put("status", payload.path("status").asText(""));
    }
    answer.put("ignored", true);
    json(ctx, 202, answer);
  }

  /** An external status check: GitLab sends the merge request; the check passes or fails. */
  private void gitlabStatusCheck(Context ctx) {
    String secret = gitlabSecret();
    byte[] body = JsonBody.read(ctx);
    if (!WebhookSignatures.gitlabSignatureHolds(secret, body, ctx.header("X-Gitlab-Signature"))) {
      throw unsigned(
          "the X-Gitlab-Signature header is missing or does not match the body",
          "give the external status check the shared secret of --gitlab-webhook-token-file");
    }
    String environment = Optional.ofNullable(ctx.queryParam("environment")).orElse("").strip();
    if (environment.isEmpty()) {
      throw ApiError.badRequest(
          "the status check's URL names no environment",
          "set the check's external URL to " + GITLAB_STATUS_CHECK + "?environment=production");
    }
    JsonNode payload = payload(ctx, body);
    JsonNode attributes = payload.path("object_attributes");
    long project =
        attributes.path("target_project_id").asLong(payload.path("project").path("id").asLong(0));
    long mergeRequest = attributes.path("iid").asLong(0);
    long check = payload.path("external_approval_rule").path("id").asLong(0);
    String sha = attributes.path("last_commit").path("id").asText("");
    if (project <= 0 || mergeRequest <= 0 || check <= 0) {
      throw ApiError.badRequest(
          "the payload lacks object_attributes.target_project_id, object_attributes.iid or"
              + " external_approval_rule.id",
          "point a GitLab external status check (a merge request event) at this URL");
    }
    URI api = gitlabApi("answer status checks");
    String token = apiToken(forge().gitlabApiToken(), "--gitlab-api-token-file");
    DeploymentProtection.Asker asker =
        new DeploymentProtection.Asker(
            "gitlab",
            "project " + project + " merge request !" + mergeRequest + " status check " + check,
            "gitlab:" + payload.path("user").path("username").asText(""));
    DeploymentProtection.Recorded recorded = decide(sha, environment, asker);
    ForgeCallbacks.Sent sent =
        callbacks.gitlab(
            api, token, project, mergeRequest, check, sha, recorded.decision().approved());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("event", "external_status_check");
    answer(ctx, answer, asker, recorded, sent);
  }

  /**
   * A deployment blocked by a protected environment's required approvals ({@code Deployment Hook},
   * {@code object_kind} deployment, {@code status} blocked): approved or rejected through GitLab's
   * deployment approval API with the gate's decision on the deployment's commit.
   */
  private void gitlabDeploymentApproval(Context ctx, JsonNode payload) {
    long project = payload.path("project").path("id").asLong(0);
    long deployment = payload.path("deployment_id").asLong(0);
    String environment = payload.path("environment").asText("");
    String commitUrl = payload.path("commit_url").asText("");
    String sha = commitUrl.replaceFirst("^.*/", "");
    String shortSha = payload.path("short_sha").asText("");
    if (project <= 0 || deployment <= 0 || environment.isBlank()) {
      throw ApiError.badRequest(
          "the deployment event lacks project.id, deployment_id or environment",
          "point a GitLab project webhook with deployment events at " + GITLAB);
    }
    if (!sha.matches("[0-9a-f]{40}|[0-9a-f]{64}")
        || shortSha.isEmpty()
        || !sha.startsWith(shortSha)) {
      throw ApiError.badRequest(
          "the deployment event's commit_url '"
              + commitUrl
              + "' does not end with the full id of its short_sha '"
              + shortSha
              + "'",
          "deliver GitLab's own deployment event: its commit_url names the deployed commit");
    }
    answerGitLabDeployment(
        ctx,
        "Deployment Hook",
        project,
        deployment,
        environment,
        sha,
        "project " + project + " deployment " + deployment,
        payload.path("user").path("username").asText(""));
  }

  /**
   * A deployment job waiting for a protected environment's approvals ({@code Job Hook}, {@code
   * build_status} manual, with an environment): GitLab sends no deployment event while a deployment
   * is blocked, but the job turns manual. Its blocked deployment is looked up through GitLab's API
   * and approved or rejected as a blocked deployment event would be.
   */
  private void gitlabWaitingJob(Context ctx, JsonNode payload) {
    long project = payload.path("project_id").asLong(payload.path("project").path("id").asLong(0));
    long job = payload.path("build_id").asLong(0);
    String sha = payload.path("sha").asText("");
    String environment = payload.path("environment").path("name").asText("");
    if (project <= 0 || job <= 0 || !sha.matches("[0-9a-f]{40}|[0-9a-f]{64}")) {
      throw ApiError.badRequest(
          "the job event lacks project_id, build_id or a full sha",
          "point a GitLab project webhook with job events at " + GITLAB);
    }
    URI api = gitlabApi("approve deployments");
    String token = apiToken(forge().gitlabApiToken(), "--gitlab-api-token-file");
    ForgeCallbacks.Blocked blocked =
        callbacks.gitlabBlockedDeployment(api, token, project, environment, job, sha);
    if (!blocked.listing().ok()) {
      throw new ApiError(
          502,
          "CALLBACK_FAILED",
          "GitLab's list of blocked deployments did not come ("
              + (blocked.listing().status() == 0 ? "" : blocked.listing().status() + " from ")
              + blocked.listing().url()
              + ": "
              + blocked.listing().detail()
              + "): nothing was decided",
          "check the API token (read_api or api scope) and --gitlab-api-url");
    }
    if (blocked.deployment().isEmpty()) {
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("event", "Job Hook");
      answer.put("ignored", true);
      answer.put(
          "reason",
          "job " + job + " is manual, but no deployment of it to " + environment + " is blocked");
      json(ctx, 202, answer);
      return;
    }
    long deployment = blocked.deployment().get();
    JsonNode user = payload.path("user");
    answerGitLabDeployment(
        ctx,
        "Job Hook",
        project,
        deployment,
        environment,
        sha,
        "project " + project + " deployment " + deployment + " job " + job,
        user.path("username").asText(user.path("email").asText("")));
  }

  /** Decides on a blocked GitLab deployment, records it, and approves or rejects it on GitLab. */
  private void answerGitLabDeployment(
      Context ctx,
      String event,
      long project,
      long deployment,
      String environment,
      String sha,
      String run,
      String user) {
    URI api = gitlabApi("approve deployments");
    String token = apiToken(forge().gitlabApiToken(), "--gitlab-api-token-file");
    DeploymentProtection.Asker asker =
        new DeploymentProtection.Asker("gitlab", run, "gitlab:" + user);
    DeploymentProtection.Recorded recorded = decide(sha, environment, asker);
    ForgeCallbacks.Sent sent =
        callbacks.gitlabDeploymentApproval(
            api,
            token,
            project,
            deployment,
            recorded.decision().approved(),
            recorded.decision().reason());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("event", event);
    answer.put("deployment", deployment);
    answer(ctx, answer, asker, recorded, sent);
  }

  private URI gitlabApi(String what) {
    return forge()
        .gitlabApi()
        .orElseThrow(
            () ->
                notConfigured(
                    "this server has no GitLab API URL to " + what + " through",
                    "start it with --gitlab-api-url https://gitlab.example.com/api/v4"));
  }

  // ---------------------------------------------------------------- shared

  /** The gate's decision on {@code sha} (fetching first if need be), recorded in the ledger. */
  private DeploymentProtection.Recorded decide(
      String sha, String environment, DeploymentProtection.Asker asker) {
    return GateRoutes.decideAndRecord(server, recorder(asker), sha, environment, asker);
  }

  /** The webhook's actor in the ledger: what the forge asked through. */
  private io.changetrail.app.lifecycle.Lifecycle recorder(DeploymentProtection.Asker asker) {
    return server.forge(
        asker.forge().equals("github")
            ? "GitHub deployment protection rule"
            : asker.run().contains(" deployment ")
                ? "GitLab deployment approval"
                : "GitLab external status check");
  }

  /**
   * Records how the forge took the decision sent to it, then answers the forge's request: 200 when
   * the forge accepted the answer, 502 {@code CALLBACK_FAILED} saying what it (or the network) said
   * otherwise. The decision is in the ledger either way.
   */
  private void answer(
      Context ctx,
      Map<String, Object> answer,
      DeploymentProtection.Asker asker,
      DeploymentProtection.Recorded recorded,
      ForgeCallbacks.Sent sent) {
    String forgeName = asker.forge();
    DeploymentProtection.Decision decision = recorded.decision();
    String said = sent.ok() ? "" : sent.detail();
    long answerEntry =
        new DeploymentProtection(recorder(asker))
            .recordAnswer(
                recorded, forgeName, sent.url().toString(), sent.status(), sent.ok(), said);
    answer.put("environment", recorded.environment());
    answer.put("commit", recorded.commit());
    answer.put("decision", decision.approved() ? "approved" : "rejected");
    answer.put("change", decision.change().orElse(null));
    answer.put("reason", decision.reason());
    answer.put("entry", recorded.entry());
    Map<String, Object> callback = new LinkedHashMap<>();
    callback.put("url", sent.url().toString());
    callback.put("status", sent.status());
    callback.put("delivered", sent.ok());
    callback.put("entry", answerEntry);
    answer.put("callback", callback);
    if (!sent.ok()) {
      String decided = decision.approved() ? "approved" : "rejected";
      throw new ApiError(
          502,
          "CALLBACK_FAILED",
          "the decision ("
              + decided
              + ", ledger entry "
              + recorded.entry()
              + ") did not reach "
              + forgeName
              + ": "
              + (sent.status() == 0 ? "" : sent.status() + " from " + sent.url() + ": ")
              + said,
          forgeName.equals("github")
              ? "check --github-app-id, the App's key, its installation and permissions"
                  + " (Deployments: read and write), and --github-api-url; GitHub re-sends the"
                  + " rule or times out"
              : "check the API token (an approver of the protected environment, api scope) and"
                  + " --gitlab-api-url");
    }
    json(ctx, 200, answer);
  }

  private static void fetched(Map<String, Object> answer, CloneFetcher.Fetch fetch) {
    answer.put("fetched", true);
    answer.put("remote", fetch.remote());
    answer.put("updates", fetch.updates());
  }

  private static String apiToken(Optional<String> token, String option) {
    return token.orElseThrow(
        () ->
            notConfigured(
                "this server has no API token to answer the forge with",
                "start it with " + option + " FILE"));
  }

  private static ApiError notConfigured(String message, String hint) {
    return new ApiError(500, "NOT_CONFIGURED", message, hint);
  }

  private static JsonNode payload(Context ctx, byte[] body) {
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw new ApiError(
          415,
          "UNSUPPORTED_MEDIA_TYPE",
          "the webhook's body is " + type + ", not application/json",
          "set the webhook's content type to application/json");
    }
    try {
      JsonNode node = ChangeTrailServer.JSON.readTree(body);
      if (node == null || !node.isObject()) {
        throw ApiError.badRequest("the webhook's body is not a JSON object", "");
      }
      return node;
    } catch (IOException e) {
      throw new ApiError(400, "MALFORMED_JSON", "the webhook's body is not valid JSON", "");
    }
  }

  private static ApiError unsigned(String message, String hint) {
    return new ApiError(401, "UNAUTHENTICATED", message, hint);
  }
}
