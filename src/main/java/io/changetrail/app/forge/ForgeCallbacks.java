package io.changetrail.app.forge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.changetrail.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers a forge's deployment protection through its API: GitHub's "review a custom deployment
 * protection rule" ({@code POST .../actions/runs/RUN/deployment_protection_rule}) and GitLab's "set
 * status of an external status check" ({@code POST
 * /projects/ID/merge_requests/IID/status_check_responses}). Requests go only to the configured API
 * base URL: of a callback URL in a payload only the path is used, and only when it has the shape
 * GitHub documents, so a payload cannot make the server post anywhere else.
 */
public final class ForgeCallbacks {
  private static final ObjectMapper JSON = Json.MAPPER;
  private static final Pattern GITHUB_CALLBACK =
      Pattern.compile(
          "/repos/[A-Za-z0-9._-]+/[A-Za-z0-9._-]+/actions/runs/[0-9]+/"
              + "deployment_protection_rule");

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /**
   * What the forge answered to the callback: its HTTP status (0 when no answer came: the network,
   * or no token to send it with) and its body (or what went wrong).
   */
  public record Sent(URI url, int status, String body) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** What the forge said (its JSON {@code message} or the body's first line), for a refusal. */
    public String detail() {
      if (ok()) {
        return "";
      }
      String said = body == null ? "" : body;
      try {
        com.fasterxml.jackson.databind.JsonNode node = JSON.readTree(said);
        if (node != null && node.isObject()) {
          String message =
              node.path("message").isTextual()
                  ? node.path("message").asText()
                  : node.path("message").isMissingNode() ? "" : node.path("message").toString();
          if (message.isEmpty() && node.has("error")) {
            message = node.path("error").asText(node.path("error").toString());
          }
          if (!message.isEmpty()) {
            said = message;
          }
        }
      } catch (IOException e) {
        // not JSON: its first line
      }
      return GitHubApp.oneLine(said);
    }
  }

  /** Where on {@code base} GitHub's {@code deployment_callback_url} is; empty if not its shape. */
  public static Optional<URI> githubCallback(URI base, String callbackUrl) {
    if (callbackUrl == null) {
      return Optional.empty();
    }
    URI given;
    try {
      given = URI.create(callbackUrl);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String path = given.getRawPath() == null ? "" : given.getRawPath();
    int at = path.indexOf("/repos/");
    if (at < 0 || given.getRawQuery() != null) {
      return Optional.empty();
    }
    Matcher matcher = GITHUB_CALLBACK.matcher(path.substring(at));
    if (!matcher.matches()) {
      return Optional.empty();
    }
    return Optional.of(URI.create(stripSlash(base.toString()) + path.substring(at)));
  }

  /** Approves or rejects a GitHub deployment waiting on the protection rule. */
  public Sent github(URI callback, String token, String environment, boolean approved, String why) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("environment_name", environment);
    body.put("state", approved ? "approved" : "rejected");
    body.put("comment", "ChangeTrail: " + limit(why, 1000));
    return post(
        callback,
        body,
        "Authorization",
        "Bearer " + token,
        "Accept",
        "application/vnd.github+json",
        "X-GitHub-Api-Version",
        "2022-11-28");
  }

  /** Sets a GitLab external status check of a merge request to passed or failed. */
  public Sent gitlab(
      URI api,
      String token,
      long project,
      long mergeRequest,
      long statusCheck,
      String sha,
      boolean passed) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sha", sha);
    body.put("external_status_check_id", statusCheck);
    body.put("status", passed ? "passed" : "failed");
    URI url =
        URI.create(
            stripSlash(api.toString())
                + "/projects/"
                + project
                + "/merge_requests/"
                + mergeRequest
                + "/status_check_responses");
    return post(url, body, "PRIVATE-TOKEN", token);
  }

  /**
   * Approves or rejects a GitLab deployment blocked by a protected environment's required approvals
   * ({@code POST /projects/ID/deployments/DEPLOYMENT/approval}).
   */
  public Sent gitlabDeploymentApproval(
      URI api, String token, long project, long deployment, boolean approved, String why) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", approved ? "approved" : "rejected");
    body.put("comment", "ChangeTrail: " + limit(why, 1000));
    URI url =
        URI.create(
            stripSlash(api.toString())
                + "/projects/"
                + project
                + "/deployments/"
                + deployment
                + "/approval");
    return post(url, body, "PRIVATE-TOKEN", token);
  }

  /**
   * What GitLab listed for a job waiting for approvals: the blocked deployment of that job (empty
   * when there is none: a manual job that no approval blocks) and GitLab's answer to the listing
   * (status 0 when none came).
   */
  public record Blocked(Optional<Long> deployment, Sent listing) {}

  /**
   * The blocked deployment of a GitLab job waiting for a protected environment's approvals: {@code
   * GET /projects/ID/deployments?environment=ENV&status=blocked}, the one whose {@code deployable}
   * is the job and whose {@code sha} is the job's commit.
   */
  public Blocked gitlabBlockedDeployment(
      URI api, String token, long project, String environment, long job, String sha) {
    URI url =
        URI.create(
            stripSlash(api.toString())
                + "/projects/"
                + project
                + "/deployments?environment="
                + java.net.URLEncoder.encode(environment, java.nio.charset.StandardCharsets.UTF_8)
                + "&status=blocked&order_by=id&sort=desc");
    Sent listing = send(url, HttpRequest.newBuilder(url).GET(), "PRIVATE-TOKEN", token);
    if (!listing.ok()) {
      return new Blocked(Optional.empty(), listing);
    }
    com.fasterxml.jackson.databind.JsonNode list;
    try {
      list = JSON.readTree(listing.body());
    } catch (IOException e) {
      list = null;
    }
    if (list == null || !list.isArray()) {
      return new Blocked(Optional.empty(), new Sent(url, 0, "GitLab's answer is not a list"));
    }
    for (com.fasterxml.jackson.databind.JsonNode deployment : list) {
      if (deployment.path("deployable").path("id").asLong(-1) == job
          && deployment.path("sha").asText("").equals(sha)
          && deployment.path("status").asText("").equals("blocked")) {
        return new Blocked(Optional.of(deployment.path("id").asLong()), listing);
      }
    }
    return new Blocked(Optional.empty(), listing);
  }

  private Sent post(URI url, Map<String, Object> body, String... headers) {
    try {
      return send(
          url,
          HttpRequest.newBuilder(url)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))),
          headers);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Sent send(URI url, HttpRequest.Builder request, String... headers) {
    try {
      request.timeout(Duration.ofSeconds(20)).header("User-Agent", "changetrail");
      for (int i = 0; i + 1 < headers.length; i += 2) {
        request.header(headers[i], headers[i + 1]);
      }
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Sent(url, response.statusCode(), limit(response.body(), 64 * 1024));
    } catch (IOException e) {
      return new Sent(
          url,
          0,
          "the forge's API at "
              + url.getAuthority()
              + " could not be reached ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + GitHubApp.oneLine(e.getMessage()))
              + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Sent(url, 0, "interrupted while calling the forge");
    }
  }

  private static String stripSlash(String text) {
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  private static String limit(String text, int max) {
    String value = text == null ? "" : text;
    return value.length() <= max ? value : value.substring(0, max);
  }
}
