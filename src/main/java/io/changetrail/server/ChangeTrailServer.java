package io.changetrail.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.changetrail.app.Workspace;
import io.changetrail.app.api.LocalChangeTrail;
import io.changetrail.app.audit.AuditLedger;
import io.changetrail.app.idempotency.IdempotentWrites;
import io.changetrail.app.keys.KeyFiles;
import io.changetrail.app.lifecycle.EntryCache;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.app.lifecycle.RunningState;
import io.changetrail.app.users.AccessControl;
import io.changetrail.app.users.Role;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.ledger.VerifierKey;
import io.changetrail.json.Json;
import io.changetrail.ledger.LedgerStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One stateless server node: the JSON API, the web UI, health and metrics over a repository and its
 * ledger. Every piece of state lives in the ledger's database (changes, users, tokens, sessions),
 * so any number of nodes can share one PostgreSQL. Meant to be shared across threads.
 */
public final class ChangeTrailServer implements AutoCloseable {
  static final ObjectMapper JSON = Json.MAPPER;

  /** Change documents kept by commit range for search and the change page, at most this many. */
  static final int DOCUMENT_CACHE = 2_000;

  static final String CALLER = "changetrail.caller";
  static final String MAX_BODY = "changetrail.maxBody";

  /** Jetty's threads per node (a few accept and select; the rest handle requests). */
  static final int MAX_THREADS = 40;

  private final ServerOptions options;
  private final String ledgerUrl;
  private final Workspace workspace;
  private final LedgerStore store;
  private final AccessControl accessControl;
  private final Access access;
  private final Clock clock;
  private final PrometheusMeterRegistry metrics;
  private final EntryCache entries = new EntryCache();
  private final PrintStream log;
  private final PrintStream accessLog = System.out;
  private final Counter unavailable;
  private final io.changetrail.app.forge.CloneFetcher fetcher;
  private final Optional<io.changetrail.app.forge.GitHubApp> githubApp;
  private final AuditLedger auditLedger;
  private final io.changetrail.domain.change.ForgeLinks forgeLinks;
  private final Map<String, String> documents =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
              return size() > DOCUMENT_CACHE;
            }
          });
  private ApiRoutes api;
  private java.util.concurrent.ScheduledExecutorService fetching;
  private java.util.concurrent.ScheduledExecutorService polling;
  private Javalin app;
  private java.util.Set<String> routes = java.util.Set.of();

  public ChangeTrailServer(
      ServerOptions options,
      Workspace workspace,
      String ledgerUrl,
      LedgerStore store,
      AccessControl accessControl,
      Clock clock,
      PrintStream log) {
    this.options = options;
    this.ledgerUrl = ledgerUrl;
    this.workspace = workspace;
    this.store = store;
    this.accessControl = accessControl;
    this.access = new AccessControlAccess(accessControl);
    this.clock = clock;
    this.log = log;
    this.fetcher =
        new io.changetrail.app.forge.CloneFetcher(
            workspace.git(), options.forge().remote(), options.forge().refspecs(), clock);
    this.githubApp =
        options
            .forge()
            .githubApp()
            .map(
                app ->
                    new io.changetrail.app.forge.GitHubApp(
                        options.forge().githubApi(), app.appId(), app.key(), clock));
    // read once per node: the audit use cases borrow the node's pooled store, the change page
    // uses the forge settings of changetrail.yml as they were at start
    this.auditLedger = new AuditLedger(workspace.git(), store);
    this.forgeLinks = io.changetrail.app.lifecycle.ChangeContent.forgeLinks(workspace);
    this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);
    new UptimeMetrics().bindTo(metrics);
    io.micrometer.core.instrument.Gauge.builder(
            "changetrail_ledger_entries",
            store,
            s -> {
              try {
                return s.read(LedgerStore.Reader::size);
              } catch (RuntimeException e) {
                return Double.NaN; // unreachable now: /health says why
              }
            })
        .description("entries in the ledger, read at each scrape")
        .register(metrics);
    this.unavailable =
        Counter.builder("changetrail_ledger_unavailable")
            .description("requests answered 503 because the ledger's database was unreachable")
            .register(metrics);
  }

  /** Starts listening; returns once the port is bound. */
  public ChangeTrailServer start() {
    app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              // bounds the requests a node works on at once, and so its database connections
              // (one per request in flight): more requests wait in Jetty's queue
              config.jetty.threadPool =
                  new org.eclipse.jetty.util.thread.QueuedThreadPool(MAX_THREADS, 4, 60_000);
              config.http.maxRequestSize = options.maxBodyBytes();
              config.http.defaultContentType = "application/json";
              config.router.ignoreTrailingSlashes = true;
              config.router.treatMultipleSlashesAsSingleSlash = true;
              config.staticFiles.add(
                  files -> {
                    files.hostedPath = "/static";
                    files.directory = "/io/changetrail/server/static";
                    files.location = Location.CLASSPATH;
                    files.precompress = false;
                  });
              config.requestLogger.http(this::measure);
              // Jetty refuses some requests before any route runs: those errors get the API's
              // JSON shape too
              config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            });
    app.before(this::securityHeaders);
    app.before(this::refuseOversizedBodies);
    app.before("/api/*", this::authenticateApi);
    RouteTable table = new RouteTable(app, new IdempotentPosts(new IdempotentWrites(store, clock)));
    api = new ApiRoutes(this);
    api.register(table);
    new UserRoutes(this).register(table);
    new OperationsRoutes(this).register(table);
    new ForgeRoutes(this).register(table);
    new RunningRoutes(this).register(table);
    new GateRoutes(this).register(table);
    new AttestationRoutes(this).register(table);
    new WebRoutes(this, api).register(app);
    new MetricsRoutes(this).register(table, app);
    routes = table.routes();
    app.exception(
        ApiError.class, (e, ctx) -> fail(ctx, e.status(), e.code(), e.getMessage(), e.hint()));
    app.exception(
        ChangeTrailException.class,
        (e, ctx) -> {
          int status = HttpProblem.status(e.problem());
          if (status == 500) {
            // the server's own failure (its key, its files, git): the operator must see it
            log.println(
                "server error on "
                    + ctx.method()
                    + " "
                    + ctx.path()
                    + ": "
                    + e.problem()
                    + ": "
                    + e.getMessage());
          }
          if (status == 503) {
            unavailable.increment();
            ctx.header("Retry-After", "5");
          }
          fail(ctx, status, e.problem().name(), e.getMessage(), e.hint());
        });
    app.exception(
        HttpResponseException.class,
        (e, ctx) ->
            fail(ctx, e.getStatus(), codeOf(e.getStatus()), e.getMessage(), hintOf(e.getStatus())));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          log.println("internal error on " + ctx.method() + " " + ctx.path() + ": " + e);
          e.printStackTrace(log);
          fail(ctx, 500, "INTERNAL", "the server failed: " + e.getClass().getSimpleName(), "");
        });
    app.error(
        404,
        ctx -> {
          if (ctx.result() == null || ctx.result().isEmpty()) {
            fail(
                ctx,
                404,
                "NOT_FOUND",
                "no such route: " + ctx.method() + " " + ctx.path(),
                "see /openapi.json");
          }
        });
    app.start(options.host(), options.port());
    startFetching();
    startPolling();
    return this;
  }

  /** The API and operations routes, as "METHOD /path" (the web UI's pages are not listed). */
  public java.util.Set<String> routes() {
    return routes;
  }

  public int port() {
    return app.port();
  }

  public String url() {
    String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
    return "http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":" + port();
  }

  /** Fetches the clone every {@code --fetch-interval}, on one daemon thread, logging failures. */
  private void startFetching() {
    Duration every = options.forge().fetchInterval();
    if (every.isZero() || every.isNegative()) {
      return;
    }
    fetching =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            work -> {
              Thread thread = new Thread(work, "changetrail-fetch");
              thread.setDaemon(true);
              return thread;
            });
    fetching.scheduleWithFixedDelay(
        () -> {
          try {
            fetcher.fetch();
          } catch (RuntimeException e) {
            log.println("fetch of " + fetcher.remote() + " failed: " + e.getMessage());
          }
        },
        0,
        every.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * Runs each environment's running-state command every {@code interval} of changetrail.yml (none
   * by default), on one daemon thread: a snapshot is recorded only when what runs changed, and a
   * failure is one line in the log (the next run tries again).
   */
  private void startPolling() {
    Map<String, Duration> intervals;
    try {
      intervals = new RunningState(reader()).intervals();
    } catch (RuntimeException e) {
      log.println("running-state polling is off: " + e.getMessage());
      return;
    }
    if (intervals.isEmpty()) {
      return;
    }
    polling =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            work -> {
              Thread thread = new Thread(work, "changetrail-running");
              thread.setDaemon(true);
              return thread;
            });
    intervals.forEach(
        (environment, every) ->
            polling.scheduleWithFixedDelay(
                () -> {
                  try {
                    new RunningState(forge("ChangeTrail running-state poller"))
                        .snapshot(environment);
                  } catch (RuntimeException e) {
                    log.println(
                        "running-state snapshot of " + environment + " failed: " + e.getMessage());
                  }
                },
                0,
                every.toMillis(),
                TimeUnit.MILLISECONDS));
  }

  @Override
  public void close() {
    if (polling != null) {
      polling.shutdownNow();
    }
    if (fetching != null) {
      fetching.shutdownNow();
    }
    if (app != null) {
      app.stop();
    }
    metrics.close();
  }

  // ---------------------------------------------------------------- shared with the routes

  ServerOptions options() {
    return options;
  }

  Workspace workspace() {
    return workspace;
  }

  io.changetrail.app.forge.CloneFetcher fetcher() {
    return fetcher;
  }

  /** The GitHub App that mints installation tokens for deployment protection answers, if set. */
  Optional<io.changetrail.app.forge.GitHubApp> githubApp() {
    return githubApp;
  }

  LedgerStore store() {
    return store;
  }

  AccessControl accessControl() {
    return accessControl;
  }

  Access access() {
    return access;
  }

  Clock clock() {
    return clock;
  }

  /** The audit use cases on this node's ledger (its shared store, never closed by them). */
  AuditLedger auditLedger() {
    return auditLedger;
  }

  /** The forge links of changetrail.yml, read at start. */
  io.changetrail.domain.change.ForgeLinks forgeLinks() {
    return forgeLinks;
  }

  /** The node's change documents by commit range: one bounded cache for the API and the pages. */
  Map<String, String> documents() {
    return documents;
  }

  /** The application as the caller asks it: the use cases on this node's store. */
  LocalChangeTrail api(Caller caller) {
    return new LocalChangeTrail(lifecycle(caller), settings());
  }

  /** The application for a read-only request. */
  LocalChangeTrail readApi() {
    return new LocalChangeTrail(reader(), settings());
  }

  private LocalChangeTrail.Settings settings() {
    return new LocalChangeTrail.Settings(true, this::verifierKey, documents, Optional.empty());
  }

  /**
   * The key checkpoints are verified with: a missing key is a 500 that says how to configure it.
   */
  VerifierKey verifierKey() {
    return KeyFiles.loadVerifierKey(options.verifierKey());
  }

  PrometheusMeterRegistry metrics() {
    return metrics;
  }

  /**
   * The lifecycle for one request, acting as the caller. It borrows the node's store: closing it
   * leaves the store open.
   */
  Lifecycle lifecycle(Caller caller) {
    return new Lifecycle(workspace, store, caller::person, clock, entries)
        .borrowed()
        .authenticated(caller.user());
  }

  /**
   * A lifecycle acting as a forge's webhook: it proved itself by its signature, not a token, and
   * records only what the forge asked (a deployment gate's answer).
   */
  Lifecycle forge(String name) {
    io.changetrail.domain.lifecycle.Person webhook =
        new io.changetrail.domain.lifecycle.Person(name, "");
    return new Lifecycle(workspace, store, () -> webhook, clock, entries);
  }

  /** A lifecycle for reading only: any attempt to record something fails. */
  Lifecycle reader() {
    return new Lifecycle(
            workspace,
            store,
            () -> {
              throw new IllegalStateException("a read-only request tried to record something");
            },
            clock,
            entries)
        .borrowed();
  }

  static Caller caller(Context ctx) {
    Caller caller = ctx.attribute(CALLER);
    if (caller == null) {
      throw ApiError.unauthorized("this needs a signed-in caller");
    }
    return caller;
  }

  /** The caller, when they hold the role; a 403 that names the role otherwise. */
  static Caller require(Context ctx, Role role, String action) {
    Caller caller = caller(ctx);
    if (!caller.has(role)) {
      throw ApiError.forbidden(
          action
              + " needs the "
              + role.label()
              + " role; "
              + caller.user()
              + " has "
              + roles(caller),
          "ask an admin: 'changetrail users roles " + caller.user() + " ...'");
    }
    return caller;
  }

  static String roles(Caller caller) {
    return caller.roles().isEmpty()
        ? "no roles"
        : String.join(", ", caller.roles().stream().map(Role::label).sorted().toList());
  }

  static void json(Context ctx, int status, Object tree) {
    ctx.status(status)
        .contentType("application/json; charset=utf-8")
        .result(Json.pretty(tree) + "\n");
  }

  // ---------------------------------------------------------------- filters

  private void securityHeaders(Context ctx) {
    ctx.header(
        "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    // Not no-referrer: under it browsers send "Origin: null" with every form post, and the web
    // UI's same-origin check then refuses its own forms.
    ctx.header("Referrer-Policy", "same-origin");
    ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    ctx.header("Cross-Origin-Resource-Policy", "same-origin");
    ctx.header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (!ctx.path().startsWith("/static/")) {
      ctx.header("Cache-Control", "no-store");
    }
    if (options.secureCookies()) {
      ctx.header("Strict-Transport-Security", "max-age=31536000");
    }
  }

  private void refuseOversizedBodies(Context ctx) {
    ctx.attribute(MAX_BODY, options.maxBodyBytes());
    long length = ctx.req().getContentLengthLong();
    if (length > options.maxBodyBytes()) {
      throw new ApiError(
          413,
          "PAYLOAD_TOO_LARGE",
          "the request body has "
              + length
              + " bytes; this server takes at most "
              + options.maxBodyBytes(),
          "send less, or start the server with a larger --max-body");
    }
  }

  private void authenticateApi(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || header.isBlank()) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"changetrail\"");
      throw ApiError.unauthorized("no API token: the request has no Authorization header");
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"changetrail\"");
      throw ApiError.unauthorized("the Authorization header is not 'Bearer <token>'");
    }
    Optional<Caller> caller = access.byToken(header.substring(7).strip());
    if (caller.isEmpty()) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"changetrail\", error=\"invalid_token\"");
      throw ApiError.unauthorized("the API token is unknown, revoked or expired");
    }
    ctx.attribute(CALLER, caller.get());
  }

  // ---------------------------------------------------------------- errors and metrics

  /** Writes an error: JSON for the API and machines, an HTML page for a browser on the web UI. */
  void fail(Context ctx, int status, String code, String message, String hint) {
    if (WebSessions.isPage(ctx)) {
      Layout.errorPage(ctx, status, message, hint);
      return;
    }
    json(ctx, status, ApiError.body(status, code, message, hint));
  }

  static String codeOf(int status) {
    return switch (status) {
      case 400 -> "INVALID_INPUT";
      case 414 -> "URI_TOO_LONG";
      case 431 -> "HEADERS_TOO_LARGE";
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "FORBIDDEN";
      case 404 -> "NOT_FOUND";
      case 405 -> "METHOD_NOT_ALLOWED";
      case 413 -> "PAYLOAD_TOO_LARGE";
      case 415 -> "UNSUPPORTED_MEDIA_TYPE";
      default -> "HTTP_" + status;
    };
  }

  private static String hintOf(int status) {
    return switch (status) {
      case 404, 405 -> "see /openapi.json";
      case 413 -> "send less, or start the server with a larger --max-body";
      default -> "";
    };
  }

  private void measure(Context ctx, Float millis) {
    if (options.accessLog()) {
      Caller caller = ctx.attribute(CALLER);
      accessLog.printf(
          java.util.Locale.ROOT,
          "%s %s %s %d %.1fms %s%n",
          clock.instant(),
          ctx.method().name(),
          ctx.path(),
          ctx.statusCode(),
          millis,
          caller == null ? "-" : caller.user());
    }
    String route;
    try {
      route = ctx.endpointHandlerPath();
    } catch (IllegalStateException e) {
      route = ctx.matchedPath(); // answered by a before-handler (401, 413): no endpoint was reached
    }
    Timer.builder("changetrail_http_requests")
        .description("HTTP requests by route and status")
        .tag("method", ctx.method().name())
        .tag("route", route == null || route.isEmpty() || route.equals("*") ? "unmatched" : route)
        .tag("status", Integer.toString(ctx.statusCode()))
        .publishPercentileHistogram(false)
        .register(metrics)
        .record(Duration.ofNanos((long) (millis * 1_000_000L)).toNanos(), TimeUnit.NANOSECONDS);
  }

  static Map<String, Object> ok() {
    return Map.of("ok", true);
  }
}
