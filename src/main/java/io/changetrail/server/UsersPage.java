package io.changetrail.server;

import io.changetrail.app.users.AccessControl;
import io.changetrail.app.users.Role;
import io.changetrail.app.users.TokenInfo;
import io.changetrail.app.users.User;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The users page for admins: every user with their roles, state and tokens; roles changed and users
 * disabled or enabled through the same AccessControl as the API and the command line (each change a
 * ledger entry naming the admin). Tokens are issued on the command line or the API, so a secret
 * never lands in a page.
 */
final class UsersPage {
  /** Every user with their tokens, and the notice of a change just made. */
  record View(List<User> users, Map<String, List<TokenInfo>> tokens, Instant now, String notice) {}

  private final ChangeTrailServer server;

  UsersPage(ChangeTrailServer server) {
    this.server = server;
  }

  void show(Context ctx) {
    Caller caller = ChangeTrailServer.require(ctx, Role.ADMIN, "the users page");
    AccessControl control = server.accessControl();
    List<User> users = control.users();
    Map<String, List<TokenInfo>> tokens = new java.util.LinkedHashMap<>();
    users.forEach(u -> tokens.put(u.name(), control.tokens(u.name())));
    String done = Views.param(ctx, "done");
    View view =
        new View(
            users,
            tokens,
            Instant.now(),
            Set.of("roles", "disabled", "enabled").contains(done) ? done : "");
    Layout.page(ctx, 200, "Users", caller, render(view, caller));
  }

  static Html render(View view, Caller caller) {
    Html body = new Html();
    body.el("h1", "Users");
    if (!view.notice().isEmpty()) {
      body.el("p", "Recorded: " + view.notice() + ".", "class", "notice", "role", "status");
    }
    body.el(
        "p",
        "Roles imply nothing else: an admin approves nothing unless also an approver. Issue tokens"
            + " with 'changetrail users token NAME' (shown once, never on a page).",
        "class",
        "muted");
    body.open("table", "class", "users", "id", "users");
    body.open("thead").open("tr");
    for (String heading : List.of("User", "Name", "Email", "Roles", "Tokens", "State")) {
      body.el("th", heading);
    }
    body.close("tr").close("thead").open("tbody");
    for (User user : view.users()) {
      List<TokenInfo> tokens = view.tokens().getOrDefault(user.name(), List.of());
      long active = tokens.stream().filter(t -> t.activeAt(view.now())).count();
      body.open("tr", "data-user", user.name());
      body.el("td", user.name());
      body.el("td", user.displayName());
      body.el("td", user.email());
      body.open("td");
      body.form("/users/" + user.name() + "/roles", caller.csrf(), "class", "inline roles");
      for (Role role : Role.values()) {
        String id = "role-" + user.name() + "-" + role.label();
        if (user.roles().contains(role)) {
          body.open(
              "input",
              "type",
              "checkbox",
              "id",
              id,
              "name",
              "roles",
              "value",
              role.label(),
              "checked",
              "checked");
        } else {
          body.open("input", "type", "checkbox", "id", id, "name", "roles", "value", role.label());
        }
        body.el("label", role.label(), "for", id);
      }
      body.el("button", "Save roles", "type", "submit", "id", "save-" + user.name());
      body.close("form");
      body.close("td");
      body.el("td", active + " active of " + tokens.size(), "class", "number");
      body.open("td");
      body.el(
          "span",
          user.enabled() ? "enabled" : "disabled",
          "class",
          user.enabled() ? "ok" : "error");
      body.form(
          "/users/" + user.name() + (user.enabled() ? "/disable" : "/enable"),
          caller.csrf(),
          "class",
          "inline");
      body.el(
          "button",
          user.enabled() ? "Disable" : "Enable",
          "type",
          "submit",
          "id",
          (user.enabled() ? "disable-" : "enable-") + user.name());
      body.close("form");
      body.close("td");
      body.close("tr");
    }
    body.close("tbody").close("table");
    return body;
  }

  void roles(Context ctx) {
    Caller caller = ChangeTrailServer.require(ctx, Role.ADMIN, "setting roles");
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : ctx.formParams("roles")) {
      roles.add(Role.parse(name));
    }
    server.accessControl().setRoles(ctx.pathParam("name"), roles, caller.person());
    ctx.redirect("/users?done=roles", HttpStatus.SEE_OTHER);
  }

  void enabled(Context ctx, boolean enable) {
    Caller caller =
        ChangeTrailServer.require(ctx, Role.ADMIN, enable ? "enabling a user" : "disabling a user");
    Optional<String> name = Optional.of(ctx.pathParam("name"));
    if (enable) {
      server.accessControl().enable(name.get(), caller.person());
    } else {
      server.accessControl().disable(name.get(), caller.person());
    }
    ctx.redirect("/users?done=" + (enable ? "enabled" : "disabled"), HttpStatus.SEE_OTHER);
  }
}
