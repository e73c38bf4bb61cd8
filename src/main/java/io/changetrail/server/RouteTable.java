package io.changetrail.server;

import io.javalin.Javalin;
import io.javalin.http.Handler;
import java.util.Set;
import java.util.TreeSet;

/**
 * The routes of the machine-facing surface as they are registered, so a test can hold them against
 * the OpenAPI document: nothing served undocumented, nothing documented unserved.
 */
final class RouteTable {
  private final Javalin app;
  private final Set<String> routes = new TreeSet<>();

  RouteTable(Javalin app) {
    this.app = app;
  }

  RouteTable get(String path, Handler handler) {
    app.get(path, handler);
    routes.add("GET " + path);
    return this;
  }

  RouteTable post(String path, Handler handler) {
    app.post(path, handler);
    routes.add("POST " + path);
    return this;
  }

  Set<String> routes() {
    return Set.copyOf(routes);
  }
}
