package io.changetrail.server;

import io.changetrail.app.lifecycle.AuditChanges;
import io.changetrail.app.lifecycle.DeploymentLog;
import io.changetrail.app.users.Role;
import io.changetrail.domain.ledger.Finding;
import io.changetrail.domain.ledger.VerificationReport;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The audit pages: verify the log, export a bundle, and reconciliation with its exceptions. */
final class AuditPage {
  private final ChangeTrailServer server;

  AuditPage(ChangeTrailServer server) {
    this.server = server;
  }

  void show(Context ctx) {
    Caller caller = ChangeTrailServer.require(ctx, Role.AUDITOR, "the audit pages");
    Html body = new Html();
    body.el("h1", "Audit");
    body.el("h2", "The ledger");
    body.form("/audit/verify", caller.csrf(), "class", "inline");
    body.el("button", "Verify the log", "type", "submit", "id", "verify");
    body.close("form");
    body.text(" ");
    body.link("/audit/export", "Export a bundle", "class", "button", "id", "export");
    body.el(
        "p",
        "The bundle is verified offline with 'changetrail audit verify --bundle FILE --key KEY'.",
        "class",
        "muted");
    Set<String> environments = new TreeSet<>(new DeploymentLog(server.reader()).environments());
    String asked = Optional.ofNullable(ctx.queryParam("environment")).orElse("").strip();
    if (!asked.isEmpty()) {
      environments.retainAll(Set.of(asked));
      environments.add(asked);
    }
    body.el("h2", "Reconciliation: deployed against approved");
    if (environments.isEmpty()) {
      body.el("p", "Nothing has been deployed yet.", "class", "muted", "id", "exceptions");
    }
    for (String environment : environments) {
      AuditChanges.Reconciliation result = new AuditChanges(server.reader()).reconcile(environment);
      body.el("h3", environment);
      body.el("p", result.deployments() + " deployment(s) checked.");
      if (result.exceptions().isEmpty()) {
        body.el("p", "No exceptions.", "class", "ok", "id", "exceptions-" + environment);
        continue;
      }
      body.open("table", "id", "exceptions-" + environment);
      body.open("thead")
          .open("tr")
          .el("th", "Kind")
          .el("th", "Subject")
          .el("th", "Detail")
          .close("tr")
          .close("thead");
      body.open("tbody");
      for (AuditChanges.Exception e : result.exceptions()) {
        body.open("tr").el("td", e.kind()).el("td", e.subject()).el("td", e.detail()).close("tr");
      }
      body.close("tbody").close("table");
    }
    Layout.page(ctx, 200, "Audit", caller, body);
  }

  void verify(Context ctx) {
    Caller caller = ChangeTrailServer.require(ctx, Role.AUDITOR, "verifying the ledger");
    VerificationReport report = server.auditLedger().verify(server.options().verifierKey());
    Html body = new Html();
    body.open("p", "class", "crumbs").link("/audit", "Audit").text(" / verification").close("p");
    body.el("h1", "Ledger verification");
    String verdict =
        switch (report.verdict()) {
          case VERIFIED ->
              "OK: all "
                  + report.entries()
                  + " entries and "
                  + report.checkpointsVerified()
                  + " checkpoint(s) verify.";
          case UNSIGNED ->
              report.checkpointsVerified() == 0
                  ? "NOT PROVEN: no checkpoint signed by the trusted key covers the "
                      + report.entries()
                      + " entries yet (sign one with 'changetrail audit checkpoint')."
                  : "Entries 0 to "
                      + (report.unsignedFrom() - 1)
                      + " verify against signed checkpoints; the "
                      + report.unsignedEntries()
                      + " entries from index "
                      + report.unsignedFrom()
                      + " on are not signed yet (not proven).";
          case OTHER_KEY -> "NOT SIGNED BY THE TRUSTED KEY: " + report.findings().get(0).message();
          case TAMPERED ->
              "TAMPERED"
                  + report.firstBadIndex().stream()
                      .mapToObj(i -> ": first bad entry index " + i)
                      .findFirst()
                      .orElse(": a checkpoint is forged or inconsistent");
        };
    body.el(
        "p",
        verdict,
        "id",
        "verdict",
        "class",
        report.ok() ? "ok" : report.intact() ? "warning" : "error");
    body.open("ul");
    for (Finding finding : report.findings()) {
      body.el("li", finding.message());
    }
    body.close("ul");
    Layout.page(ctx, report.intact() ? 200 : 409, "Ledger verification", caller, body);
  }
}
