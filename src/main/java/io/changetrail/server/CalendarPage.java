package io.changetrail.server;

import io.changetrail.app.lifecycle.DeploymentCalendar;
import io.changetrail.app.lifecycle.DeploymentLog;
import io.changetrail.domain.lifecycle.BlackoutWindow;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.javalin.http.Context;
import java.time.DayOfWeek;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Optional;

/**
 * A month of deployments and blackout windows (UTC days), with the approved changes still to be
 * deployed. {@code ?month=2026-03} shows another month.
 */
final class CalendarPage {
  private static final DateTimeFormatter TITLE =
      DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ROOT);

  private final ChangeTrailServer server;

  CalendarPage(ChangeTrailServer server) {
    this.server = server;
  }

  void show(Context ctx) {
    Caller caller = ChangeTrailServer.caller(ctx);
    String asked = Views.param(ctx, "month");
    Optional<YearMonth> month = Optional.empty();
    if (!asked.isEmpty()) {
      try {
        month = Optional.of(YearMonth.parse(asked));
      } catch (DateTimeParseException e) {
        throw ApiError.badRequest("'" + asked + "' is not a month", "write it as 2026-03");
      }
    }
    DeploymentCalendar.Month view = new DeploymentCalendar(server.reader()).month(month);
    Layout.page(ctx, 200, "Calendar", caller, render(view));
  }

  static Html render(DeploymentCalendar.Month view) {
    Html body = new Html();
    YearMonth month = view.month();
    body.el("h1", "Calendar: " + TITLE.format(month.atDay(1)), "id", "month");
    body.open("p", "class", "crumbs");
    body.link(
        "/calendar?month=" + month.minusMonths(1),
        "← " + TITLE.format(month.minusMonths(1).atDay(1)),
        "id",
        "previous");
    body.text(" · ");
    body.link(
        "/calendar?month=" + month.plusMonths(1),
        TITLE.format(month.plusMonths(1).atDay(1)) + " →",
        "id",
        "next");
    body.close("p");
    body.open("div", "class", "calendar", "id", "calendar");
    for (DayOfWeek dow : DayOfWeek.values()) {
      body.el("div", dow.getDisplayName(TextStyle.SHORT, Locale.ROOT), "class", "dow");
    }
    int lead = month.atDay(1).getDayOfWeek().getValue() - 1;
    for (int i = 0; i < lead; i++) {
      body.el("div", "", "class", "day out");
    }
    for (DeploymentCalendar.Day day : view.days()) {
      body.open(
          "div",
          "class",
          "day" + (day.date().equals(view.today()) ? " today" : ""),
          "data-date",
          day.date().toString());
      body.el("span", day.date().getDayOfMonth(), "class", "n");
      for (BlackoutWindow window : day.blackouts()) {
        body.el(
            "span",
            window.from() + "–" + window.to() + " " + window.name(),
            "class",
            "ev blackout",
            "title",
            "blackout: " + window.describe());
      }
      for (DeploymentLog.Entry entry : day.deployments()) {
        ChangeRecord.DeploymentRun run = entry.run();
        body.link(
            "/changes/" + entry.change() + "/deployments/" + run.id(),
            run.environment()
                + " "
                + entry.change().substring(Math.max(0, entry.change().length() - 4))
                + " "
                + run.status().name().toLowerCase(Locale.ROOT).replace('_', ' '),
            "class",
            "ev " + run.status() + (run.emergency() ? " emergency" : ""),
            "title",
            entry.change()
                + ": "
                + entry.title()
                + " ("
                + run.status()
                + (run.emergency() ? ", emergency" : "")
                + ")");
      }
      body.close("div");
    }
    body.close("div");

    body.el("h2", "Blackout windows");
    if (view.windows().isEmpty()) {
      body.el(
          "p",
          "None configured (blackout_windows in changetrail.yml).",
          "class",
          "muted",
          "id",
          "windows");
    } else {
      body.open("ul", "id", "windows");
      view.windows().forEach(w -> body.el("li", w.describe()));
      body.close("ul");
    }
    body.el("h2", "Approved, not deployed yet");
    if (view.upcoming().isEmpty()) {
      body.el(
          "p", "Nothing approved is waiting for a deployment.", "class", "muted", "id", "upcoming");
    } else {
      body.open("div", "id", "upcoming");
      ChangesPage.table(body, view.upcoming());
      body.close("div");
    }
    return body;
  }
}
