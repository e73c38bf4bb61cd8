package io.changetrail.server;

import io.javalin.Javalin;
import io.javalin.http.HttpStatus;

/**
 * The web UI's routes: server-rendered pages over the same use cases as the API. Sessions and CSRF
 * are {@link WebSessions}; each page is a class that reads through use cases into a view and
 * renders it with {@link Html} inside the one {@link Layout}. No JavaScript is needed.
 */
final class WebRoutes {
  static final String SESSION_COOKIE = WebSessions.SESSION_COOKIE;
  static final String LOGIN_COOKIE = WebSessions.LOGIN_COOKIE;

  private final ChangeTrailServer server;
  private final ApiRoutes api;

  /**
   * @param api the node's one set of API routes (the export is served from it)
   */
  WebRoutes(ChangeTrailServer server, ApiRoutes api) {
    this.server = server;
    this.api = api;
  }

  void register(Javalin app) {
    WebSessions sessions = new WebSessions(server);
    ChangePage change = new ChangePage(server, api);
    AuditPage audit = new AuditPage(server);
    app.before(sessions::authenticatePage);
    app.get("/", ctx -> ctx.redirect("/changes", HttpStatus.SEE_OTHER));
    app.get("/login", sessions::loginPage);
    app.post("/login", sessions::login);
    app.post("/logout", sessions::logout);
    app.get("/changes", new ChangesPage(server, api)::show);
    app.get("/changes/{id}", change::show);
    app.post("/changes/{id}/approve", ctx -> change.decide(ctx, true));
    app.post("/changes/{id}/reject", ctx -> change.decide(ctx, false));
    DeploymentPage deployment = new DeploymentPage(server);
    app.post("/changes/{id}/signoff", deployment::signOff);
    app.post("/changes/{id}/deployments", deployment::start);
    app.get("/changes/{id}/deployments/{deployment}", deployment::show);
    app.post("/changes/{id}/deployments/{deployment}/steps", deployment::step);
    app.post("/changes/{id}/deployments/{deployment}/issues", deployment::issue);
    app.post("/changes/{id}/deployments/{deployment}/finish", deployment::finish);
    app.post("/changes/{id}/deployments/{deployment}/rollback", deployment::rollback);
    app.get("/deployments", new DeploymentsPage(server)::show);
    app.get("/queue", new QueuePage(server)::show);
    app.get("/calendar", new CalendarPage(server)::show);
    UsersPage users = new UsersPage(server);
    app.get("/users", users::show);
    app.post("/users/{name}/roles", users::roles);
    app.post("/users/{name}/disable", ctx -> users.enabled(ctx, false));
    app.post("/users/{name}/enable", ctx -> users.enabled(ctx, true));
    app.get("/audit", audit::show);
    app.post("/audit/verify", audit::verify);
    app.get("/audit/export", api::export);
  }
}
