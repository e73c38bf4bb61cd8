package io.changetrail.server;

import io.changetrail.app.lifecycle.FindChanges;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.domain.assess.Level;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.lifecycle.ChangeStatus;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The list of changes, filtered by status, risk, system and period, and searched by words. */
final class ChangesPage {
  /** What the page shows: the filter as asked, the systems to choose from, the changes found. */
  record View(
      String status,
      String risk,
      String system,
      String since,
      String until,
      String q,
      List<String> systems,
      List<ChangeRecord> changes) {}

  private final ChangeTrailServer server;
  private final ApiRoutes api;

  ChangesPage(ChangeTrailServer server, ApiRoutes api) {
    this.server = server;
    this.api = api;
  }

  void show(Context ctx) {
    Caller caller = ChangeTrailServer.caller(ctx);
    String status = Views.param(ctx, "status");
    String risk = Views.param(ctx, "risk");
    String system = Views.param(ctx, "system");
    String since = Views.param(ctx, "since");
    String until = Views.param(ctx, "until");
    String q = Views.param(ctx, "q");
    Lifecycle reader = server.reader();
    List<ChangeRecord> changes =
        api.finder(reader).find(FindChanges.Filter.parse(status, risk, system, since, until, q));
    Set<String> systems = new TreeSet<>();
    reader.ledger().changes().forEach(c -> c.systems().forEach(s -> systems.add(s.name())));
    View view = new View(status, risk, system, since, until, q, List.copyOf(systems), changes);
    Layout.page(ctx, 200, "Changes", caller, render(view));
  }

  static Html render(View view) {
    Html body = new Html();
    body.el("h1", "Changes");
    body.open("form", "method", "get", "action", "/changes", "class", "filters", "role", "search");
    body.select("status", "Status", view.status(), Views.enumNames(ChangeStatus.values()));
    body.select("risk", "Risk", view.risk(), Views.enumNames(Level.values()));
    body.select("system", "System", view.system(), view.systems());
    body.el("label", "From", "for", "since");
    body.open("input", "type", "date", "id", "since", "name", "since", "value", view.since());
    body.el("label", "Until", "for", "until");
    body.open("input", "type", "date", "id", "until", "name", "until", "value", view.until());
    body.el("label", "Search", "for", "q");
    body.open(
        "input",
        "type",
        "search",
        "id",
        "q",
        "name",
        "q",
        "value",
        view.q(),
        "placeholder",
        "words in titles and change documents");
    body.el("button", "Filter", "type", "submit");
    body.close("form");
    body.el("p", view.changes().size() + " change(s)", "class", "muted", "id", "count");
    table(body, view.changes());
    return body;
  }

  /** The table of changes (also the approval queue's). */
  static void table(Html body, List<ChangeRecord> changes) {
    body.open("table", "class", "changes");
    body.open("thead").open("tr");
    for (String heading :
        List.of("Change", "Title", "Status", "Risk", "Systems", "Registered", "Implementer")) {
      body.el("th", heading);
    }
    body.close("tr").close("thead").open("tbody");
    for (ChangeRecord change : changes) {
      body.open("tr", "data-change", change.id());
      body.open("td").link("/changes/" + change.id(), change.id()).close("td");
      body.el("td", change.title());
      body.el("td", change.status().name(), "class", "status status-" + change.status().name());
      body.el("td", change.risk().name(), "class", "risk risk-" + change.risk().name());
      body.el(
          "td",
          String.join(
              ", ",
              change.systems().stream()
                  .filter(ChangeRecord.SystemRef::direct)
                  .map(ChangeRecord.SystemRef::name)
                  .toList()));
      body.el("td", Views.when(change.registered()));
      body.el("td", change.implementer().display());
      body.close("tr");
    }
    body.close("tbody").close("table");
  }
}
