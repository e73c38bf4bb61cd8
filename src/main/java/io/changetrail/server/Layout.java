package io.changetrail.server;

import io.changetrail.app.users.Role;
import io.changetrail.domain.html.HtmlPage;
import io.javalin.http.Context;

/**
 * The one layout of the web UI: the page shell ({@link HtmlPage}) with the style sheet, the top bar
 * (navigation by role, who is signed in, sign out) and the page's body in {@code main}.
 */
final class Layout {
  private Layout() {}

  static void page(Context ctx, int status, String title, Caller caller, Html body) {
    Html top = new Html();
    top.open("header", "class", "top");
    top.link("/changes", "ChangeTrail", "class", "brand");
    if (caller != null) {
      top.open("nav");
      top.link("/changes", "Changes");
      if (caller.has(Role.APPROVER)) {
        top.link("/queue", "Waiting for me", "id", "nav-queue");
      }
      top.link("/deployments", "Deployments").link("/calendar", "Calendar");
      top.link("/delivery", "Delivery");
      if (caller.has(Role.AUDITOR)) {
        top.link("/audit", "Audit");
      }
      if (caller.has(Role.ADMIN)) {
        top.link("/users", "Users", "id", "nav-users");
      }
      top.close("nav");
      top.open("span", "class", "who", "id", "who")
          .text(caller.person().display() + " · " + ChangeTrailServer.roles(caller))
          .close("span");
      top.form("/logout", caller.csrf(), "class", "inline");
      top.el("button", "Sign out", "type", "submit", "id", "sign-out");
      top.close("form");
    }
    top.close("header");
    top.open("main").raw(body.toString()).close("main");
    String html =
        HtmlPage.document(
            title + " · ChangeTrail",
            "<link rel=\"stylesheet\" href=\"/static/app.css\">\n",
            top.toString());
    ctx.status(status).contentType("text/html; charset=utf-8").result(html);
  }

  static void errorPage(Context ctx, int status, String message, String hint) {
    Caller caller = ctx.attribute(ChangeTrailServer.CALLER);
    Html body = new Html();
    body.el(
        "h1",
        status == 404
            ? "Not found"
            : status == 403 ? "Not allowed" : status == 409 ? "Refused" : "Something went wrong");
    body.el("p", message, "class", "error", "role", "alert", "id", "error");
    if (hint != null && !hint.isBlank()) {
      body.el("p", hint, "class", "muted");
    }
    body.open("p").link("/changes", "Back to the changes").close("p");
    page(ctx, status, "Error", caller, body);
  }
}
