package io.changetrail.server;

import io.changetrail.app.metrics.DeliveryMetricsReport;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.metrics.DeliveryMetrics;
import io.changetrail.domain.metrics.MetricsJson;
import io.changetrail.domain.metrics.MetricsSvg;
import io.changetrail.domain.metrics.MetricsTable;
import io.changetrail.domain.metrics.PerformanceBand;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Delivery metrics (deployment frequency, lead time for changes, change failure rate, time to
 * restore) per system and period: the JSON API and the web page with its charts.
 */
final class MetricsRoutes {
  private final ChangeTrailServer server;

  MetricsRoutes(ChangeTrailServer server) {
    this.server = server;
  }

  void register(RouteTable api, Javalin app) {
    api.get(ApiRoutes.V1 + "/metrics/delivery", this::json);
    app.get("/delivery", this::page);
  }

  private DeliveryMetrics measure(Context ctx) {
    return new DeliveryMetricsReport(server.reader())
        .report(
            new DeliveryMetricsReport.Request(
                ctx.queryParam("since"),
                ctx.queryParam("until"),
                ctx.queryParam("system"),
                ctx.queryParam("environment"),
                ctx.queryParam("granularity")));
  }

  private void json(Context ctx) {
    ChangeTrailServer.caller(ctx);
    DeliveryMetrics metrics = measure(ctx);
    String format = Optional.ofNullable(ctx.queryParam("format")).orElse("json");
    switch (format) {
      case "json" -> ChangeTrailServer.json(ctx, 200, MetricsJson.tree(metrics));
      case "text" ->
          ctx.contentType("text/plain; charset=utf-8").result(MetricsTable.text(metrics));
      case "svg" -> ctx.contentType("image/svg+xml").result(MetricsSvg.dashboard(metrics));
      default ->
          throw ApiError.badRequest("unknown format '" + format + "'", "use json, text or svg");
    }
  }

  private void page(Context ctx) {
    Caller caller = ChangeTrailServer.caller(ctx);
    DeliveryMetrics metrics = measure(ctx);
    Set<String> systems = new TreeSet<>();
    for (ChangeRecord change : server.reader().ledger().changes()) {
      change.systems().forEach(s -> systems.add(s.name()));
    }
    Html body = new Html();
    body.el("h1", "Delivery");
    body.open("form", "method", "get", "action", "/delivery", "class", "filters");
    body.el("label", "System", "for", "system");
    body.open("select", "id", "system", "name", "system");
    body.el("option", "all", "value", "");
    String chosen = Optional.ofNullable(ctx.queryParam("system")).orElse("");
    for (String system : systems) {
      if (system.equals(chosen)) {
        body.el("option", system, "value", system, "selected", "selected");
      } else {
        body.el("option", system, "value", system);
      }
    }
    body.close("select");
    input(body, ctx, "environment", "Environment", "text", metrics.query().environment());
    input(body, ctx, "since", "From", "text", "90d");
    input(body, ctx, "until", "Until", "text", "today");
    body.el("button", "Show", "type", "submit");
    body.close("form");
    body.el(
        "p",
        metrics.query().environment()
            + ", "
            + Views.when(metrics.query().from())
            + " to "
            + Views.when(metrics.query().to())
            + (metrics.query().system().isEmpty()
                ? ", all systems"
                : ", " + metrics.query().system()),
        "class",
        "muted",
        "id",
        "period");
    body.open("section", "class", "charts", "id", "charts");
    body.open("figure").raw(MetricsSvg.deployments(metrics)).close("figure");
    body.open("figure").raw(MetricsSvg.leadTime(metrics)).close("figure");
    body.close("section");

    body.el("h2", "By system");
    body.open("table", "id", "scopes");
    body.open("thead").open("tr");
    for (String heading :
        List.of(
            "System",
            "Deployments",
            "Per week",
            "Lead time (median)",
            "Change failure rate",
            "Time to restore (median)")) {
      body.el("th", heading);
    }
    body.close("tr").close("thead").open("tbody");
    row(body, metrics.overall(), true);
    metrics.systems().forEach(scope -> row(body, scope, false));
    body.close("tbody").close("table");
    if (!metrics.notes().isEmpty()) {
      body.open("ul", "class", "muted");
      metrics.notes().forEach(note -> body.el("li", note));
      body.close("ul");
    }
    body.el(
        "p",
        "Lead time starts at the "
            + MetricsJson.LEAD_TIME_START
            + ". Bands follow the DORA 2023 performance clusters.",
        "class",
        "muted");
    Layout.page(ctx, 200, "Delivery", caller, body);
  }

  private static void input(
      Html body, Context ctx, String name, String label, String type, String placeholder) {
    body.el("label", label, "for", name);
    body.open(
        "input",
        "type",
        type,
        "id",
        name,
        "name",
        name,
        "value",
        Optional.ofNullable(ctx.queryParam(name)).orElse(""),
        "placeholder",
        placeholder);
  }

  private static void row(Html body, DeliveryMetrics.Scope scope, boolean overall) {
    body.open("tr", "class", overall ? "overall" : "");
    body.el("td", overall ? "all" : scope.name());
    body.el("td", scope.frequency().deployments(), "class", "number");
    body.el(
        "td",
        String.format(Locale.ROOT, "%.1f", scope.frequency().perWeek())
            + band(scope.frequency().band()),
        "class",
        "number");
    body.el(
        "td",
        scope.leadTime().median().map(MetricsRoutes::duration).orElse("n/a")
            + band(scope.leadTime().band()),
        "class",
        "number");
    body.el(
        "td",
        scope
                .changeFailureRate()
                .rate()
                .map(r -> String.format(Locale.ROOT, "%.0f%%", r * 100))
                .orElse("n/a")
            + " ("
            + scope.changeFailureRate().failures()
            + " of "
            + scope.changeFailureRate().deployments()
            + ")"
            + band(scope.changeFailureRate().band()),
        "class",
        "number");
    body.el(
        "td",
        scope.timeToRestore().median().map(MetricsRoutes::duration).orElse("n/a")
            + band(scope.timeToRestore().band()),
        "class",
        "number");
    body.close("tr");
  }

  private static String band(Optional<PerformanceBand> band) {
    return band.map(b -> " · " + b.name().toLowerCase(Locale.ROOT)).orElse("");
  }

  static String duration(Duration d) {
    long minutes = d.toMinutes();
    if (minutes < 60) {
      return minutes + " min";
    }
    if (minutes < 48 * 60) {
      return String.format(Locale.ROOT, "%.1f h", minutes / 60.0);
    }
    return String.format(Locale.ROOT, "%.1f d", minutes / 1440.0);
  }
}
