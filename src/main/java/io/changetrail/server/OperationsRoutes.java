package io.changetrail.server;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.OrderedMap;
import io.changetrail.ledger.LedgerStore;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What operators and machines need: liveness, readiness, Prometheus metrics, the API's contract.
 */
final class OperationsRoutes {
  private final ChangeTrailServer server;
  private final String openApi;

  OperationsRoutes(ChangeTrailServer server) {
    this.server = server;
    this.openApi = resource("/io/changetrail/server/openapi.json");
  }

  void register(RouteTable app) {
    app.get("/health/live", ctx -> ChangeTrailServer.json(ctx, 200, Map.of("status", "UP")));
    app.get("/health", this::health);
    app.get("/metrics", this::metrics);
    app.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
  }

  /** Ready when the ledger's database answers; 503 (and why) when it does not. */
  private void health(Context ctx) {
    Map<String, Object> body = new LinkedHashMap<>();
    try {
      long size = server.store().read(LedgerStore.Reader::size);
      body.put("status", "UP");
      body.put(
          "ledger", OrderedMap.of("status", "UP", "entries", size, "at", server.store().label()));
      ChangeTrailServer.json(ctx, 200, body);
    } catch (ChangeTrailException e) {
      body.put("status", "DOWN");
      body.put("ledger", OrderedMap.of("status", "DOWN", "reason", e.getMessage()));
      ctx.header("Retry-After", "5");
      ChangeTrailServer.json(ctx, 503, body);
    }
  }

  private void metrics(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(server.metrics().scrape());
  }

  static String resource(String name) {
    try (InputStream in = OperationsRoutes.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
