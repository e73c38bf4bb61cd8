package io.changetrail.server;

import io.changetrail.app.document.SafeMarkdown;
import io.changetrail.app.lifecycle.AuditChanges;
import io.changetrail.app.lifecycle.DecideChange;
import io.changetrail.app.lifecycle.DeploymentLog;
import io.changetrail.app.lifecycle.FindChanges;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.app.users.Role;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.assess.Level;
import io.changetrail.domain.ledger.Finding;
import io.changetrail.domain.ledger.VerificationReport;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.lifecycle.ChangeStatus;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The web UI: server-rendered pages over the same use cases as the API. A browser logs in with an
 * API token and gets a session cookie (HttpOnly, SameSite=Strict); every form carries the session's
 * CSRF token; every text is escaped and change documents go through the sanitising Markdown
 * renderer, so nothing from a change runs in a reader's browser. No JavaScript is needed.
 */
final class WebRoutes {
  static final String SESSION_COOKIE = "ct_session";
  static final String LOGIN_COOKIE = "ct_login";
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  private static final Set<String> NOT_PAGES =
      Set.of("/api/", "/health", "/metrics", "/openapi.json", "/static/", "/hooks/");

  private final ChangeTrailServer server;
  private final ApiRoutes api;
  private final SecureRandom random = new SecureRandom();

  WebRoutes(ChangeTrailServer server) {
    this.server = server;
    this.api = new ApiRoutes(server);
  }

  void register(Javalin app) {
    app.before(this::authenticatePage);
    app.get("/", ctx -> ctx.redirect("/changes", io.javalin.http.HttpStatus.SEE_OTHER));
    app.get("/login", this::loginPage);
    app.post("/login", this::login);
    app.post("/logout", this::logout);
    app.get("/changes", this::changesPage);
    app.get("/changes/{id}", this::changePage);
    app.post("/changes/{id}/approve", ctx -> decide(ctx, true));
    app.post("/changes/{id}/reject", ctx -> decide(ctx, false));
    app.get("/deployments", this::deploymentsPage);
    app.get("/audit", this::auditPage);
    app.post("/audit/verify", this::verifyPage);
    app.get("/audit/export", api::export);
  }

  static boolean isPage(Context ctx) {
    String path = ctx.path();
    return NOT_PAGES.stream().noneMatch(path::startsWith);
  }

  // ---------------------------------------------------------------- sessions

  private void authenticatePage(Context ctx) {
    String path = ctx.path();
    if (!isPage(ctx) || path.equals("/login")) {
      return;
    }
    String session = ctx.cookie(SESSION_COOKIE);
    Optional<Caller> caller =
        session == null || session.isBlank()
            ? Optional.empty()
            : server.access().bySession(session);
    if (caller.isEmpty()) {
      if (ctx.method().name().equals("GET")) {
        String next = ctx.queryString() == null ? path : path + "?" + ctx.queryString();
        ctx.redirect(
            "/login?next=" + java.net.URLEncoder.encode(next, StandardCharsets.UTF_8),
            io.javalin.http.HttpStatus.SEE_OTHER);
        ctx.skipRemainingHandlers();
        return;
      }
      throw new ApiError(
          401, "UNAUTHENTICATED", "your session has ended", "log in again at /login");
    }
    ctx.attribute(ChangeTrailServer.CALLER, caller.get());
    if (ctx.method().name().equals("POST")) {
      requireSameOrigin(ctx);
      String presented = ctx.formParam("_csrf");
      if (presented == null
          || !MessageDigest.isEqual(
              presented.getBytes(StandardCharsets.UTF_8),
              caller.get().csrf().getBytes(StandardCharsets.UTF_8))) {
        throw new ApiError(
            403,
            "CSRF",
            "the form's CSRF token is missing or wrong",
            "reload the page and try again");
      }
    }
  }

  /** A form post must come from a page of this server: a foreign Origin is refused. */
  private static void requireSameOrigin(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin == null) {
      return; // no Origin header (older browsers): the CSRF token alone decides
    }
    String host = ctx.header("Host");
    String originHost;
    try {
      originHost = URI.create(origin).getAuthority();
    } catch (IllegalArgumentException e) {
      originHost = null;
    }
    if (originHost == null || !originHost.equalsIgnoreCase(host)) {
      throw new ApiError(
          403,
          "CSRF",
          "the form was posted from another site (" + origin + ")",
          "use this server's own pages");
    }
  }

  private void loginPage(Context ctx) {
    // Keep this browser's pending nonce: a second GET /login (another tab, or the favicon a
    // browser fetches and is redirected here) must not invalidate the form already on screen.
    String nonce =
        Optional.ofNullable(ctx.cookie(LOGIN_COOKIE))
            .filter(pending -> pending.matches("[A-Za-z0-9_-]{32}"))
            .orElseGet(this::token);
    setCookie(ctx, LOGIN_COOKIE, nonce, 600);
    Html body = new Html();
    body.open("section", "class", "login");
    body.el("h1", "Sign in to ChangeTrail");
    if (ctx.queryParam("failed") != null) {
      body.el("p", "That token is unknown, revoked or expired.", "class", "error", "role", "alert");
    }
    body.open("form", "method", "post", "action", "/login");
    body.hidden("_login", nonce);
    body.hidden("next", safeNext(ctx.queryParam("next")));
    body.el("label", "API token", "for", "token");
    body.open(
        "input",
        "type",
        "password",
        "id",
        "token",
        "name",
        "token",
        "autocomplete",
        "off",
        "required",
        "required");
    body.el("button", "Sign in", "type", "submit", "id", "sign-in");
    body.close("form");
    body.el(
        "p",
        "An admin issues tokens with 'changetrail users token NAME'. The token is sent once and"
            + " exchanged for a session cookie.",
        "class",
        "muted");
    body.close("section");
    page(ctx, 200, "Sign in", null, body);
  }

  private void login(Context ctx) {
    String nonce = ctx.cookie(LOGIN_COOKIE);
    String presented = ctx.formParam("_login");
    if (nonce == null
        || presented == null
        || !MessageDigest.isEqual(
            nonce.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8))) {
      throw new ApiError(
          403,
          "CSRF",
          "the sign-in form is stale or was posted from elsewhere",
          "open /login again");
    }
    String next = safeNext(ctx.formParam("next"));
    Optional<Caller> caller =
        server.access().byToken(Optional.ofNullable(ctx.formParam("token")).orElse("").strip());
    if (caller.isEmpty()) {
      ctx.redirect(
          "/login?failed=1&next=" + java.net.URLEncoder.encode(next, StandardCharsets.UTF_8),
          io.javalin.http.HttpStatus.SEE_OTHER);
      return;
    }
    Access.OpenedSession session =
        server.access().openSession(caller.get(), server.options().sessionLifetime());
    setCookie(ctx, SESSION_COOKIE, session.id(), session.lifetime().toSeconds());
    setCookie(ctx, LOGIN_COOKIE, "", 0);
    ctx.redirect(next, io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private void logout(Context ctx) {
    String session = ctx.cookie(SESSION_COOKIE);
    if (session != null) {
      server.access().closeSession(session);
    }
    setCookie(ctx, SESSION_COOKIE, "", 0);
    ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  /**
   * Only a path on this server: never an absolute or protocol-relative URL (no open redirect).
   * Browsers drop tabs and line breaks from a Location and read a backslash as a slash, so "/\t/x"
   * would lead to host x: a next holding anything but visible ASCII other than a backslash is
   * refused.
   */
  static String safeNext(String next) {
    if (next == null
        || !next.startsWith("/")
        || next.startsWith("//")
        || !next.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '\\')) {
      return "/changes";
    }
    return next;
  }

  private void setCookie(Context ctx, String name, String value, long maxAgeSeconds) {
    StringBuilder cookie = new StringBuilder();
    cookie.append(name).append('=').append(value).append("; Path=/; HttpOnly; SameSite=Strict");
    cookie.append("; Max-Age=").append(Math.max(0, maxAgeSeconds));
    if (server.options().secureCookies()) {
      cookie.append("; Secure");
    }
    ctx.res().addHeader("Set-Cookie", cookie.toString());
  }

  private String token() {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  // ---------------------------------------------------------------- changes

  private void changesPage(Context ctx) {
    Caller caller = ChangeTrailServer.caller(ctx);
    String status = param(ctx, "status");
    String risk = param(ctx, "risk");
    String system = param(ctx, "system");
    String since = param(ctx, "since");
    String until = param(ctx, "until");
    String q = param(ctx, "q");
    Lifecycle reader = server.reader();
    List<ChangeRecord> changes =
        api.finder(reader).find(FindChanges.Filter.parse(status, risk, system, since, until, q));
    Set<String> systems = new TreeSet<>();
    reader.ledger().changes().forEach(c -> c.systems().forEach(s -> systems.add(s.name())));

    Html body = new Html();
    body.el("h1", "Changes");
    body.open("form", "method", "get", "action", "/changes", "class", "filters", "role", "search");
    select(body, "status", "Status", status, enumNames(ChangeStatus.values()));
    select(body, "risk", "Risk", risk, enumNames(Level.values()));
    select(body, "system", "System", system, List.copyOf(systems));
    body.el("label", "From", "for", "since");
    body.open("input", "type", "date", "id", "since", "name", "since", "value", since);
    body.el("label", "Until", "for", "until");
    body.open("input", "type", "date", "id", "until", "name", "until", "value", until);
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
        q,
        "placeholder",
        "words in titles and change documents");
    body.el("button", "Filter", "type", "submit");
    body.close("form");
    body.el("p", changes.size() + " change(s)", "class", "muted", "id", "count");
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
      body.el("td", when(change.registered()));
      body.el("td", change.implementer().display());
      body.close("tr");
    }
    body.close("tbody").close("table");
    page(ctx, 200, "Changes", caller, body);
  }

  private void changePage(Context ctx) {
    Caller caller = ChangeTrailServer.caller(ctx);
    Lifecycle reader = server.reader();
    ChangeRecord change = reader.ledger().change(ctx.pathParam("id"));
    Html body = new Html();
    body.open("p", "class", "crumbs")
        .link("/changes", "Changes")
        .text(" / " + change.id())
        .close("p");
    body.el("h1", change.title());
    String notice = ctx.queryParam("done");
    if (notice != null && Set.of("approved", "rejected").contains(notice)) {
      body.el("p", "You " + notice + " " + change.id() + ".", "class", "notice", "role", "status");
    }
    body.open("dl", "class", "facts");
    fact(body, "Change", change.id());
    body.open("dt").text("Status").close("dt");
    body.el(
        "dd",
        change.status().name(),
        "id",
        "status",
        "class",
        "status status-" + change.status().name());
    fact(body, "Class", change.changeClass().name());
    fact(body, "Type", change.type());
    fact(body, "Implementer", change.implementer().display());
    fact(body, "Registered", when(change.registered()));
    fact(
        body,
        "Approvals",
        change.currentApprovals() + " of " + change.requiredApprovals() + " required");
    fact(
        body,
        "Commits",
        change.base().isEmpty()
            ? ""
            : shortSha(change.base())
                + ".."
                + shortSha(change.tip())
                + " ("
                + change.commits().size()
                + ")");
    body.close("dl");

    decisionForms(body, caller, change);
    assessment(body, change);

    body.el("h2", "Change documents");
    String documents = api.finder(reader).documents(change);
    if (documents.isBlank()) {
      body.el(
          "p",
          "No documents: the change's commits are not in this server's clone.",
          "class",
          "muted");
    } else {
      body.open("article", "class", "document", "id", "documents");
      body.raw(SafeMarkdown.toHtml(documents));
      body.close("article");
    }

    body.el("h2", "Approvals and rejections");
    if (change.approvals().isEmpty() && change.rejections().isEmpty()) {
      body.el("p", "None yet.", "class", "muted");
    } else {
      body.open("ul", "class", "decisions");
      change.approvals().forEach(a -> decision(body, "approved", a));
      change.rejections().forEach(r -> decision(body, "rejected", r));
      body.close("ul");
    }

    body.el("h2", "Verification");
    if (change.verifications().isEmpty()) {
      body.el("p", "Not verified yet.", "class", "muted");
    } else {
      body.open("ul");
      for (ChangeRecord.Verification v : change.verifications()) {
        body.open("li")
            .text(
                when(v.time())
                    + " by "
                    + v.by().display()
                    + ": "
                    + (v.passed() ? "passed" : v.label()));
        body.open("ul");
        for (Map<String, Object> check : v.checks()) {
          boolean ran = ChangeRecord.Verification.ran(check);
          body.el(
              "li",
              (ran ? "executed: " : "")
                  + check.getOrDefault("name", "")
                  + ": "
                  + (ChangeRecord.Verification.checkPassed(check) ? "passed" : "failed")
                  + " "
                  + check.getOrDefault("detail", "")
                  + (ran && check.get("digest") != null ? " output " + check.get("digest") : ""),
              "class",
              ChangeRecord.Verification.checkPassed(check) ? "check passed" : "check failed");
        }
        for (String claim : v.claimed()) {
          body.el("li", "claimed, not run by ChangeTrail: " + claim, "class", "check claimed");
        }
        v.postHocNote().ifPresent(note -> body.el("li", note, "class", "check post-hoc"));
        body.close("ul").close("li");
      }
      body.close("ul");
    }
    for (ChangeRecord.SignOff s : change.signOffs()) {
      body.el(
          "p",
          "Signed off "
              + when(s.time())
              + " by "
              + s.by().display()
              + (s.comment().isBlank() ? "" : ": " + s.comment()));
    }

    body.el("h2", "Deployments");
    if (change.deployments().isEmpty()) {
      body.el("p", "Not deployed yet.", "class", "muted");
    } else {
      body.open("ol", "class", "timeline");
      for (ChangeRecord.DeploymentRun run : change.deployments()) {
        body.open("li", "class", "deployment status-" + run.status());
        body.el("strong", run.environment() + ": " + run.status());
        body.text(" started " + when(run.started()) + " by " + run.deployer().display());
        if (run.finished() != null) {
          body.text(", finished " + when(run.finished()));
        }
        body.text(" (" + run.steps().size() + " step(s), " + run.issues().size() + " issue(s))");
        if (run.emergency()) {
          body.el("span", " EMERGENCY: " + run.reason(), "class", "risk-HIGH");
        }
        body.close("li");
      }
      body.close("ol");
    }

    body.el("h2", "Ledger proof");
    proofs(body, change);
    page(ctx, 200, change.id(), caller, body);
  }

  private void decisionForms(Html body, Caller caller, ChangeRecord change) {
    if (!caller.has(Role.APPROVER)) {
      return;
    }
    if (!(change.status() == ChangeStatus.ASSESSED || change.status() == ChangeStatus.APPROVED)) {
      return;
    }
    Optional<String> conflict = change.dutiesConflict(caller.person(), "approve");
    if (conflict.isPresent()) {
      body.el(
          "p",
          "You cannot decide on this change: " + conflict.get(),
          "class",
          "muted",
          "id",
          "duties");
      return;
    }
    body.open("section", "class", "decide");
    body.el("h2", "Decide");
    body.form("/changes/" + change.id() + "/approve", caller.csrf(), "class", "inline");
    body.el("label", "Comment", "for", "approve-comment");
    body.open("input", "type", "text", "id", "approve-comment", "name", "comment");
    body.el("button", "Approve", "type", "submit", "id", "approve", "class", "approve");
    body.close("form");
    body.form("/changes/" + change.id() + "/reject", caller.csrf(), "class", "inline");
    body.el("label", "Reason", "for", "reject-comment");
    body.open(
        "input", "type", "text", "id", "reject-comment", "name", "comment", "required", "required");
    body.el("button", "Reject", "type", "submit", "id", "reject", "class", "reject");
    body.close("form");
    body.close("section");
  }

  private void decide(Context ctx, boolean approve) {
    Caller caller =
        ChangeTrailServer.require(ctx, Role.APPROVER, approve ? "approving" : "rejecting");
    String id = ctx.pathParam("id");
    String comment = Optional.ofNullable(ctx.formParam("comment")).orElse("");
    DecideChange decide = new DecideChange(server.lifecycle(caller));
    ChangeRecord record =
        approve ? decide.approve(id, comment, List.of()) : decide.reject(id, comment);
    ctx.redirect(
        "/changes/" + record.id() + "?done=" + (approve ? "approved" : "rejected"),
        io.javalin.http.HttpStatus.SEE_OTHER);
  }

  @SuppressWarnings("unchecked")
  private static void assessment(Html body, ChangeRecord change) {
    Map<String, Object> assessment = change.assessment();
    body.el("h2", "Assessment");
    Map<String, Object> risk = (Map<String, Object>) assessment.getOrDefault("risk", Map.of());
    body.open("p");
    body.text("Risk ");
    body.el(
        "strong", change.risk().name(), "class", "risk risk-" + change.risk().name(), "id", "risk");
    body.text(
        " (score " + risk.getOrDefault("score", "?") + "), rollback " + change.rollback().name());
    body.close("p");
    List<Map<String, Object>> factors =
        (List<Map<String, Object>>) risk.getOrDefault("factors", List.of());
    if (!factors.isEmpty()) {
      body.open("table", "class", "factors", "id", "factors");
      body.open("thead")
          .open("tr")
          .el("th", "Factor")
          .el("th", "Weight")
          .el("th", "Why")
          .close("tr")
          .close("thead");
      body.open("tbody");
      for (Map<String, Object> factor : factors) {
        body.open("tr");
        body.el("td", factor.getOrDefault("id", ""));
        body.el("td", factor.getOrDefault("weight", ""), "class", "number");
        body.el("td", factor.getOrDefault("description", ""));
        body.close("tr");
      }
      body.close("tbody").close("table");
    }
    body.el("h3", "Systems");
    body.open("ul");
    for (ChangeRecord.SystemRef system : change.systems()) {
      body.el(
          "li",
          system.name()
              + " (tier "
              + system.tier()
              + (system.direct() ? ", direct" : ", through dependencies")
              + ")");
    }
    body.close("ul");
    List<Map<String, Object>> testing =
        (List<Map<String, Object>>) assessment.getOrDefault("testing", List.of());
    if (!testing.isEmpty()) {
      body.el("h3", "Testing required");
      body.open("ul");
      for (Map<String, Object> test : testing) {
        body.el("li", test.getOrDefault("kind", "") + ": " + test.getOrDefault("description", ""));
      }
      body.close("ul");
    }
    if (!change.documentation().isEmpty()) {
      body.el("h3", "Documentation required");
      body.open("ul");
      change.documentation().forEach(d -> body.el("li", d));
      body.close("ul");
    }
  }

  @SuppressWarnings("unchecked")
  private void proofs(Html body, ChangeRecord change) {
    Map<String, Object> proofs;
    try {
      proofs = api.proofs(change);
    } catch (ChangeTrailException e) {
      body.el(
          "p", "No proof: " + e.getMessage() + " " + e.hint(), "class", "muted", "id", "proofs");
      return;
    }
    body.el(
        "p",
        "Inclusion of each of this change's ledger entries in a signed checkpoint (key "
            + proofs.get("key")
            + ").",
        "class",
        "muted");
    body.open("table", "class", "proofs", "id", "proofs");
    body.open("thead")
        .open("tr")
        .el("th", "Entry")
        .el("th", "Tree size")
        .el("th", "Proof")
        .close("tr")
        .close("thead");
    body.open("tbody");
    for (Map<String, Object> proof : (List<Map<String, Object>>) proofs.get("proofs")) {
      body.open("tr");
      body.el("td", proof.get("index"), "class", "number");
      body.el("td", proof.getOrDefault("treeSize", ""), "class", "number");
      boolean verified = Boolean.TRUE.equals(proof.get("verified"));
      body.el(
          "td",
          verified
              ? "verified ("
                  + ((List<?>) proof.get("path")).size()
                  + " hashes to root "
                  + proof.get("rootHash")
                  + ")"
              : "not proven: " + proof.getOrDefault("reason", ""),
          "class",
          verified ? "ok" : "muted");
      body.close("tr");
    }
    body.close("tbody").close("table");
  }

  // ---------------------------------------------------------------- deployments and audit

  private void deploymentsPage(Context ctx) {
    Caller caller = ChangeTrailServer.caller(ctx);
    List<DeploymentLog.Entry> rows =
        new DeploymentLog(server.reader()).deployments(Optional.empty());
    Html body = new Html();
    body.el("h1", "Deployments");
    body.open("table", "class", "deployments");
    body.open("thead").open("tr");
    for (String heading :
        List.of("Started", "Change", "Environment", "Status", "Deployer", "Finished")) {
      body.el("th", heading);
    }
    body.close("tr").close("thead").open("tbody");
    for (DeploymentLog.Entry row : rows) {
      ChangeRecord.DeploymentRun run = row.run();
      body.open("tr");
      body.el("td", when(run.started()));
      body.open("td")
          .link("/changes/" + row.change(), row.change())
          .text(" " + row.title())
          .close("td");
      body.el("td", run.environment());
      body.el("td", run.status(), "class", "status-" + run.status());
      body.el("td", run.deployer().display());
      body.el("td", when(run.finished()));
      body.close("tr");
    }
    body.close("tbody").close("table");
    page(ctx, 200, "Deployments", caller, body);
  }

  private void auditPage(Context ctx) {
    Caller caller = ChangeTrailServer.require(ctx, Role.AUDITOR, "the audit pages");
    Html body = new Html();
    body.el("h1", "Audit");
    body.el("h2", "The ledger");
    body.form("/audit/verify", caller.csrf(), "class", "inline");
    body.el("button", "Verify the log", "type", "submit", "id", "verify");
    body.close("form");
    body.text(" ");
    body.link("/audit/export", "Export a bundle", "class", "button", "id", "export");
    body.el(
        "p",
        "The bundle is verified offline with 'changetrail audit verify --bundle FILE --key KEY'.",
        "class",
        "muted");
    Set<String> environments = new TreeSet<>(new DeploymentLog(server.reader()).environments());
    String asked = Optional.ofNullable(ctx.queryParam("environment")).orElse("").strip();
    if (!asked.isEmpty()) {
      environments.retainAll(Set.of(asked));
      environments.add(asked);
    }
    body.el("h2", "Reconciliation: deployed against approved");
    if (environments.isEmpty()) {
      body.el("p", "Nothing has been deployed yet.", "class", "muted", "id", "exceptions");
    }
    for (String environment : environments) {
      AuditChanges.Reconciliation result = new AuditChanges(server.reader()).reconcile(environment);
      body.el("h3", environment);
      body.el("p", result.deployments() + " deployment(s) checked.");
      if (result.exceptions().isEmpty()) {
        body.el("p", "No exceptions.", "class", "ok", "id", "exceptions-" + environment);
        continue;
      }
      body.open("table", "id", "exceptions-" + environment);
      body.open("thead")
          .open("tr")
          .el("th", "Kind")
          .el("th", "Subject")
          .el("th", "Detail")
          .close("tr")
          .close("thead");
      body.open("tbody");
      for (AuditChanges.Exception e : result.exceptions()) {
        body.open("tr").el("td", e.kind()).el("td", e.subject()).el("td", e.detail()).close("tr");
      }
      body.close("tbody").close("table");
    }
    page(ctx, 200, "Audit", caller, body);
  }

  private void verifyPage(Context ctx) {
    Caller caller = ChangeTrailServer.require(ctx, Role.AUDITOR, "verifying the ledger");
    VerificationReport report = server.auditLedger().verify(server.options().verifierKey());
    Html body = new Html();
    body.open("p", "class", "crumbs").link("/audit", "Audit").text(" / verification").close("p");
    body.el("h1", "Ledger verification");
    String verdict =
        switch (report.verdict()) {
          case VERIFIED ->
              "OK: all "
                  + report.entries()
                  + " entries and "
                  + report.checkpointsVerified()
                  + " checkpoint(s) verify.";
          case UNSIGNED ->
              report.checkpointsVerified() == 0
                  ? "NOT PROVEN: no checkpoint signed by the trusted key covers the "
                      + report.entries()
                      + " entries yet (sign one with 'changetrail audit checkpoint')."
                  : "Entries 0 to "
                      + (report.unsignedFrom() - 1)
                      + " verify against signed checkpoints; the "
                      + report.unsignedEntries()
                      + " entries from index "
                      + report.unsignedFrom()
                      + " on are not signed yet (not proven).";
          case OTHER_KEY -> "NOT SIGNED BY THE TRUSTED KEY: " + report.findings().get(0).message();
          case TAMPERED ->
              "TAMPERED"
                  + report.firstBadIndex().stream()
                      .mapToObj(i -> ": first bad entry index " + i)
                      .findFirst()
                      .orElse(": a checkpoint is forged or inconsistent");
        };
    body.el(
        "p",
        verdict,
        "id",
        "verdict",
        "class",
        report.ok() ? "ok" : report.intact() ? "warning" : "error");
    body.open("ul");
    for (Finding finding : report.findings()) {
      body.el("li", finding.message());
    }
    body.close("ul");
    page(ctx, report.intact() ? 200 : 409, "Ledger verification", caller, body);
  }

  // ---------------------------------------------------------------- layout

  static void page(Context ctx, int status, String title, Caller caller, Html body) {
    Html html = new Html();
    html.raw("<!DOCTYPE html>\n");
    html.open("html", "lang", "en").open("head");
    html.open("meta", "charset", "utf-8");
    html.open("meta", "name", "viewport", "content", "width=device-width, initial-scale=1");
    html.el("title", title + " · ChangeTrail");
    html.open("link", "rel", "stylesheet", "href", "/static/app.css");
    html.close("head").open("body");
    html.open("header", "class", "top");
    html.link("/changes", "ChangeTrail", "class", "brand");
    if (caller != null) {
      html.open("nav");
      html.link("/changes", "Changes")
          .link("/deployments", "Deployments")
          .link("/delivery", "Delivery");
      if (caller.has(Role.AUDITOR)) {
        html.link("/audit", "Audit");
      }
      html.close("nav");
      html.open("span", "class", "who", "id", "who")
          .text(caller.person().display() + " · " + ChangeTrailServer.roles(caller))
          .close("span");
      html.form("/logout", caller.csrf(), "class", "inline");
      html.el("button", "Sign out", "type", "submit", "id", "sign-out");
      html.close("form");
    }
    html.close("header");
    html.open("main").raw(body.toString()).close("main");
    html.close("body").close("html");
    ctx.status(status).contentType("text/html; charset=utf-8").result(html.toString());
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

  // ---------------------------------------------------------------- small pieces

  private static void select(
      Html body, String name, String label, String chosen, List<String> options) {
    body.el("label", label, "for", name);
    body.open("select", "id", name, "name", name);
    body.el("option", "any", "value", "");
    for (String option : options) {
      if (option.equals(chosen)) {
        body.el("option", option, "value", option, "selected", "selected");
      } else {
        body.el("option", option, "value", option);
      }
    }
    body.close("select");
  }

  private static List<String> enumNames(Enum<?>[] values) {
    return java.util.Arrays.stream(values).map(Enum::name).toList();
  }

  private static void fact(Html body, String name, String value) {
    body.el("dt", name).el("dd", value);
  }

  private static void decision(Html body, String verb, ChangeRecord.Decision d) {
    body.el(
        "li",
        when(d.time())
            + ": "
            + verb
            + " by "
            + d.by().display()
            + io.changetrail.domain.lifecycle.AuditRecord.identityNote(d.identity())
            + (d.comment().isBlank() ? "" : ": " + d.comment())
            + (d.current() ? "" : " (for older content: no longer counts)"),
        "class",
        "decision " + verb);
  }

  private static String param(Context ctx, String name) {
    String value = ctx.queryParam(name);
    return value == null ? "" : value.strip();
  }

  static String when(Instant instant) {
    return instant == null ? "" : WHEN.format(instant);
  }

  private static String shortSha(String sha) {
    return sha.substring(0, Math.min(10, sha.length()));
  }
}
