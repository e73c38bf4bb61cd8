package io.changetrail.server;

import static io.changetrail.server.ChangeTrailServer.json;

import io.changetrail.app.lifecycle.RunningState;
import io.changetrail.app.users.Role;
import io.changetrail.domain.OrderedMap;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What runs in each environment: snapshots from changetrail.yml's running commands. */
final class RunningRoutes {
  private final ChangeTrailServer server;

  RunningRoutes(ChangeTrailServer server) {
    this.server = server;
  }

  void register(RouteTable app) {
    app.post(ApiRoutes.V1 + "/running/{environment}", this::snapshot);
    app.get(ApiRoutes.V1 + "/running/{environment}", this::show);
  }

  /** Runs the environment's command now; records a snapshot if what runs changed. */
  private void snapshot(Context ctx) {
    Caller caller = ChangeTrailServer.caller(ctx);
    if (!caller.has(Role.DEPLOYER) && !caller.has(Role.AUDITOR)) {
      throw ApiError.forbidden(
          "taking a running-state snapshot needs the deployer or auditor role; "
              + caller.user()
              + " has "
              + ChangeTrailServer.roles(caller),
          "ask an admin: 'changetrail users roles " + caller.user() + " ...'");
    }
    JsonBody.of(ctx, java.util.Set.of());
    RunningState running = new RunningState(server.lifecycle(caller));
    RunningState.Taken taken = running.snapshot(ctx.pathParam("environment"));
    json(ctx, 200, body(taken.snapshot(), taken.recorded(), running.reconcile(taken.snapshot())));
  }

  private void show(Context ctx) {
    ChangeTrailServer.caller(ctx);
    String environment = ctx.pathParam("environment");
    RunningState running = new RunningState(server.reader());
    Optional<RunningState.Snapshot> last = running.last(environment);
    if (last.isEmpty()) {
      throw new ApiError(
          404,
          "NOT_FOUND",
          "no running-state snapshot of '" + environment + "' is recorded",
          "take one: POST " + ApiRoutes.V1 + "/running/" + environment);
    }
    json(ctx, 200, body(last.get(), false, running.reconcile(last.get())));
  }

  private static Map<String, Object> body(
      RunningState.Snapshot snapshot, boolean recorded, List<RunningState.Uncovered> uncovered) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("schema", "changetrail.running/v1");
    body.put("environment", snapshot.environment());
    body.put("recorded", recorded);
    body.put("entry", snapshot.entry().orElse(null));
    body.put("at", snapshot.at());
    body.put("systems", snapshot.systems());
    body.put("clean", uncovered.isEmpty());
    body.put(
        "uncovered",
        uncovered.stream()
            .map(
                u ->
                    OrderedMap.of(
                        "system", u.system(), "revision", u.revision(), "detail", u.detail()))
            .toList());
    return body;
  }
}
