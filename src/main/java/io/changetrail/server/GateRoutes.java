package io.changetrail.server;

import static io.changetrail.server.ChangeTrailServer.json;
import static io.changetrail.server.ChangeTrailServer.require;

import io.changetrail.app.api.GateAnswer;
import io.changetrail.app.api.Requests;
import io.changetrail.app.lifecycle.DeploymentProtection;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.app.users.Role;
import io.changetrail.domain.ChangeTrailException;
import io.javalin.http.Context;

/**
 * The deployment gate as a pipeline asks it ({@code changetrail deploy gate --server}): may this
 * commit be deployed to this environment? The same use case answers GitHub's deployment protection
 * rules and GitLab's status checks ({@link ForgeRoutes}); every answer is recorded in the ledger.
 */
final class GateRoutes {
  static final String PATH = ApiRoutes.V1 + "/deployment-gate";
  private final ChangeTrailServer server;

  GateRoutes(ChangeTrailServer server) {
    this.server = server;
  }

  void register(RouteTable app) {
    app.post(PATH, this::ask);
  }

  /** Decides, records the answer, and says it: 200 whatever the answer (the question was heard). */
  private void ask(Context ctx) {
    Caller caller = require(ctx, Role.DEPLOYER, "asking the deployment gate");
    JsonBody body = JsonBody.of(ctx, Requests.Gate.FIELDS);
    String environment =
        body.requiredText("environment", "{\"environment\": \"production\", \"commit\": \"...\"}");
    String commit =
        body.requiredText("commit", "{\"environment\": \"production\", \"commit\": \"<40 hex>\"}");
    if (!commit.matches("[0-9a-f]{40}|[0-9a-f]{64}")) {
      throw ApiError.badRequest(
          "commit '" + commit + "' is not a full commit id (40 or 64 lower-case hex digits)",
          "send the full id of the commit the pipeline deploys, e.g. $GITHUB_SHA or $CI_COMMIT_SHA");
    }
    DeploymentProtection.Asker asker = new DeploymentProtection.Asker("api", body.text("run"), "");
    DeploymentProtection.Recorded recorded =
        decideAndRecord(server, server.lifecycle(caller), commit, environment, asker);
    json(ctx, 200, GateAnswer.of(recorded));
  }

  /**
   * The gate's decision on {@code sha}, fetching the node's clone once first when it does not have
   * the commit yet, recorded in the ledger by {@code recorder} for {@code asker}.
   */
  static DeploymentProtection.Recorded decideAndRecord(
      ChangeTrailServer server,
      Lifecycle recorder,
      String sha,
      String environment,
      DeploymentProtection.Asker asker) {
    DeploymentProtection.Decision decision =
        new DeploymentProtection(server.reader()).decide(sha, environment);
    if (!decision.approved() && decision.change().isEmpty() && sha.matches("[0-9a-f]{40,64}")) {
      boolean fetched;
      try {
        server.fetcher().fetch();
        fetched = true;
      } catch (ChangeTrailException e) {
        fetched = false; // the decision says the clone lacks the commit; the failure is logged
      }
      if (fetched) {
        decision = new DeploymentProtection(server.reader()).decide(sha, environment);
      }
    }
    return new DeploymentProtection(recorder).record(decision, sha, environment, asker);
  }
}
