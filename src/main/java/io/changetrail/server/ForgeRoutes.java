package io.changetrail.server;

import static io.changetrail.server.ChangeTrailServer.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.changetrail.app.forge.CloneFetcher;
import io.changetrail.app.forge.ForgeCallbacks;
import io.changetrail.app.forge.WebhookSignatures;
import io.changetrail.app.lifecycle.DeploymentProtection;
import io.changetrail.domain.OrderedMap;
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
    String token = apiToken(forge().githubToken(), "--github-token-file");
    String run =
        callback
            .getPath()
            .replaceFirst("^.*/repos/", "")
            .replace("/deployment_protection_rule", "");
    DeploymentProtection.Decision decision =
        decide(
            sha,
            environment,
            "github",
            new DeploymentProtection.Asker(
                "github", run, "github:" + payload.path("sender").path("login").asText("")));
    ForgeCallbacks.Sent sent =
        callbacks.github(callback, token, environment, decision.approved(), decision.reason());
    answer(ctx, answer, environment, sha, decision, sent);
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
    URI api =
        forge()
            .gitlabApi()
            .orElseThrow(
                () ->
                    new ApiError(
                        500,
                        "NOT_CONFIGURED",
                        "this server has no GitLab API URL to answer status checks through",
                        "start it with --gitlab-api-url https://gitlab.example.com/api/v4"));
    String token = apiToken(forge().gitlabApiToken(), "--gitlab-api-token-file");
    DeploymentProtection.Decision decision =
        decide(
            sha,
            environment,
            "gitlab",
            new DeploymentProtection.Asker(
                "gitlab",
                "project " + project + " merge request !" + mergeRequest + " status check " + check,
                "gitlab:" + payload.path("user").path("username").asText("")));
    ForgeCallbacks.Sent sent =
        callbacks.gitlab(api, token, project, mergeRequest, check, sha, decision.approved());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("event", "external_status_check");
    answer(ctx, answer, environment, sha, decision, sent);
  }

  // ---------------------------------------------------------------- shared

  /** The gate's decision on {@code sha} (fetching first if need be), recorded in the ledger. */
  private DeploymentProtection.Decision decide(
      String sha, String environment, String forgeName, DeploymentProtection.Asker asker) {
    return GateRoutes.decideAndRecord(
            server,
            server.forge(
                forgeName.equals("github")
                    ? "GitHub deployment protection rule"
                    : "GitLab external status check"),
            sha,
            environment,
            asker)
        .decision();
  }

  private static void answer(
      Context ctx,
      Map<String, Object> answer,
      String environment,
      String sha,
      DeploymentProtection.Decision decision,
      ForgeCallbacks.Sent sent) {
    answer.put("environment", environment);
    answer.put("commit", sha);
    answer.put("decision", decision.approved() ? "approved" : "rejected");
    answer.put("change", decision.change().orElse(null));
    answer.put("reason", decision.reason());
    answer.put("callback", OrderedMap.of("url", sent.url().toString(), "status", sent.status()));
    if (!sent.ok()) {
      throw new ApiError(
          502,
          "CALLBACK_FAILED",
          "the forge answered "
              + sent.status()
              + " to the decision ("
              + (decision.approved() ? "approved" : "rejected")
              + ") sent to "
              + sent.url()
              + ": "
              + sent.body().lines().findFirst().orElse(""),
          "check the API token's permissions and the API URL; the forge retries or times out");
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
            new ApiError(
                500,
                "NOT_CONFIGURED",
                "this server has no API token to answer the forge with",
                "start it with " + option + " FILE"));
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
