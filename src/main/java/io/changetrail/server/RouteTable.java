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
  private final IdempotentPosts idempotency;
  private final Set<String> routes = new TreeSet<>();

  RouteTable(Javalin app, IdempotentPosts idempotency) {
    this.app = app;
    this.idempotency = idempotency;
  }

  RouteTable get(String path, Handler handler) {
    app.get(path, handler);
    routes.add("GET " + path);
    return this;
  }

  /**
   * A POST that honours {@code Idempotency-Key}; a retry whose first answer was lost gets a 409
   * {@code ALREADY_APPLIED}.
   */
  RouteTable post(String path, Handler handler) {
    return post(path, handler, IdempotentPosts.NONE);
  }

  /**
   * A POST that honours {@code Idempotency-Key}, rebuilding a lost first answer by {@code lost}.
   */
  RouteTable post(String path, Handler handler, IdempotentPosts.Recovery lost) {
    app.post(path, idempotency.wrap(handler, lost, lost != IdempotentPosts.SECRET));
    routes.add("POST " + path);
    return this;
  }

  Set<String> routes() {
    return Set.copyOf(routes);
  }
}
