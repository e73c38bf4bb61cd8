package io.changetrail.server;

import io.changetrail.app.lifecycle.DeploymentLog;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;

/** Every deployment, newest first, with its change, environment, status and deployer. */
final class DeploymentsPage {
  private final ChangeTrailServer server;

  DeploymentsPage(ChangeTrailServer server) {
    this.server = server;
  }

  void show(Context ctx) {
    Caller caller = ChangeTrailServer.caller(ctx);
    List<DeploymentLog.Entry> rows =
        new DeploymentLog(server.reader()).deployments(Optional.empty());
    Html body = new Html();
    body.el("h1", "Deployments");
    body.open("table", "class", "deployments");
    body.open("thead").open("tr");
    for (String heading :
        List.of("Started", "Change", "Environment", "Status", "Deployer", "Finished")) {
      body.el("th", heading);
    }
    body.close("tr").close("thead").open("tbody");
    for (DeploymentLog.Entry row : rows) {
      ChangeRecord.DeploymentRun run = row.run();
      body.open("tr");
      body.open("td")
          .link("/changes/" + row.change() + "/deployments/" + run.id(), Views.when(run.started()))
          .close("td");
      body.open("td")
          .link("/changes/" + row.change(), row.change())
          .text(" " + row.title())
          .close("td");
      body.el("td", run.environment());
      body.el("td", run.status(), "class", "status-" + run.status());
      body.el("td", run.deployer().display());
      body.el("td", Views.when(run.finished()));
      body.close("tr");
    }
    body.close("tbody").close("table");
    Layout.page(ctx, 200, "Deployments", caller, body);
  }
}
