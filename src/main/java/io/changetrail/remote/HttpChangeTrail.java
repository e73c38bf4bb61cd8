package io.changetrail.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.changetrail.app.api.ChangePage;
import io.changetrail.app.api.ChangeQuery;
import io.changetrail.app.api.ChangeTrailApi;
import io.changetrail.app.api.ChangeView;
import io.changetrail.app.api.DeploymentList;
import io.changetrail.app.api.DeploymentView;
import io.changetrail.app.api.GateAnswer;
import io.changetrail.app.api.MetricsQuery;
import io.changetrail.app.api.Proofs;
import io.changetrail.app.api.Reconciliation;
import io.changetrail.app.api.Requests;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.OrderedMap;
import io.changetrail.domain.Problem;
import io.changetrail.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link ChangeTrailApi} on a team server: each call is one request of the JSON API (openapi.json),
 * with the requests' records as bodies and the answers read back into the same views the local use
 * cases answer with. Ids in paths are URL-encoded.
 */
public final class HttpChangeTrail implements ChangeTrailApi {
  static final String V1 = "/api/v1";
  private final ServerClient client;

  public HttpChangeTrail(ServerClient client) {
    this.client = client;
  }

  /** One path segment, encoded (a change id from a user is not trusted to be one). */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String changePath(String id) {
    return V1 + "/changes/" + segment(id);
  }

  private static String runPath(String change, String deployment) {
    return changePath(change) + "/deployments/" + segment(deployment);
  }

  private <T> T read(JsonNode json, Class<T> type) {
    try {
      return Json.MAPPER.treeToValue(json, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new ChangeTrailException(
          Problem.LEDGER_UNAVAILABLE,
          "the server's answer is not a " + type.getSimpleName() + ": " + e.getMessage(),
          "is the server the same version as this command line? ('changetrail --version')");
    }
  }

  private JsonNode post(String path, Object request) {
    return client.post(path, Json.tree(request));
  }

  // ---------------------------------------------------------------- changes

  @Override
  public ChangeView change(String id) {
    return read(client.getJson(changePath(id), Map.of()), ChangeView.class);
  }

  @Override
  public String changeMarkdown(String id) {
    return client.get(changePath(id), Map.of("format", "markdown"));
  }

  @Override
  public ChangePage changes(ChangeQuery query) {
    return read(client.getJson(V1 + "/changes", query.parameters()), ChangePage.class);
  }

  /**
   * Registers a range of the server's clone (which it fetches when it lacks the commits): the range
   * must be named, and no document is written into a checkout from there.
   */
  @Override
  public ChangeView register(Requests.Register request) {
    if (request.range().isBlank()) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "with --server, name the commits: --range A..B",
          "the server registers a range of its own clone, e.g. --range"
              + " \"$BEFORE..$GITHUB_SHA\" on a push");
    }
    if (request.writeDocument()) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "--write-doc writes into this checkout and does not work with --server",
          "register locally with --write-doc, or write changes/<id>.md yourself");
    }
    return read(post(V1 + "/changes", request), ChangeView.class);
  }

  @Override
  public ChangeView update(String id, Requests.Update request) {
    return read(post(changePath(id) + "/update", request), ChangeView.class);
  }

  @Override
  public ChangeView approve(String id, Requests.Approve request) {
    return read(post(changePath(id) + "/approve", request), ChangeView.class);
  }

  @Override
  public ChangeView reject(String id, Requests.Comment request) {
    return read(post(changePath(id) + "/reject", request), ChangeView.class);
  }

  @Override
  public ChangeView signOff(String id, Requests.Comment request) {
    return read(post(changePath(id) + "/signoff", request), ChangeView.class);
  }

  @Override
  public ChangeView close(String id, Requests.Comment request) {
    return read(post(changePath(id) + "/close", request), ChangeView.class);
  }

  // ---------------------------------------------------------------- deployments

  @Override
  public DeploymentView startDeployment(String change, Requests.StartDeployment request) {
    return read(post(changePath(change) + "/deployments", request), DeploymentView.class);
  }

  @Override
  public DeploymentView recordStep(String change, String deployment, Requests.Step request) {
    return read(post(runPath(change, deployment) + "/steps", request), DeploymentView.class);
  }

  @Override
  public DeploymentView recordIssue(String change, String deployment, Requests.Issue request) {
    return read(post(runPath(change, deployment) + "/issues", request), DeploymentView.class);
  }

  @Override
  public DeploymentView finishDeployment(
      String change, String deployment, Requests.Finish request) {
    return read(post(runPath(change, deployment) + "/finish", request), DeploymentView.class);
  }

  @Override
  public DeploymentList deployments(String environment) {
    return read(
        client.getJson(
            V1 + "/deployments", Map.of("environment", environment == null ? "" : environment)),
        DeploymentList.class);
  }

  /** The deployment's path; "latest" names the change's latest deployment. */
  private static String deploymentPath(String change, String deployment) {
    return runPath(
        change, deployment == null || deployment.isBlank() ? LATEST_DEPLOYMENT : deployment);
  }

  @Override
  public JsonNode deployment(String change, String deployment) {
    return client.getJson(deploymentPath(change, deployment), Map.of());
  }

  @Override
  public String deploymentDocument(String change, String deployment, String format) {
    return client.get(deploymentPath(change, deployment), Map.of("format", format));
  }

  @Override
  public GateAnswer gate(Requests.Gate request) {
    return read(post(V1 + "/deployment-gate", request), GateAnswer.class);
  }

  @Override
  public DeploymentView rollBack(String change, String deployment, Requests.RollBack request) {
    return read(post(runPath(change, deployment) + "/rollback", request), DeploymentView.class);
  }

  // ---------------------------------------------------------------- audit

  @Override
  public JsonNode auditRecord(String change) {
    return client.getJson(changePath(change) + "/audit", Map.of());
  }

  @Override
  public String auditRecordMarkdown(String change) {
    return client.get(changePath(change) + "/audit", Map.of("format", "markdown"));
  }

  @Override
  public JsonNode methodologyRecord(String change) {
    return client.getJson(changePath(change) + "/audit", Map.of("format", "methodology"));
  }

  @Override
  public Reconciliation reconcile(String environment) {
    return read(
        client.getJson(V1 + "/audit/reconcile", Map.of("environment", environment)),
        Reconciliation.class);
  }

  @Override
  public JsonNode population(String from, String to) {
    return client
        .getJson(V1 + "/audit/population", OrderedMap.texts("from", from, "to", to))
        .path("changes");
  }

  @Override
  public String populationCsv(String from, String to) {
    return client.get(
        V1 + "/audit/population", OrderedMap.texts("from", from, "to", to, "format", "csv"));
  }

  @Override
  public Proofs proofs(String change) {
    return read(client.getJson(changePath(change) + "/proof", Map.of()), Proofs.class);
  }

  // ---------------------------------------------------------------- metrics

  @Override
  public String deliveryMetrics(MetricsQuery query, String format) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("since", query.since());
    parameters.put("until", query.until());
    parameters.put("system", query.system());
    parameters.put("environment", query.environment());
    parameters.put("granularity", query.bucket());
    parameters.put("format", format);
    String path = V1 + "/metrics/delivery";
    return format.equals("json")
        ? Json.pretty(client.getJson(path, parameters))
        : client.get(path, parameters);
  }

  @Override
  public void close() {
    // nothing held between requests
  }
}
