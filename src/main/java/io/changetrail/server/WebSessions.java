package io.changetrail.server;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Sessions and CSRF of the web UI: a browser signs in with an API token and gets a session cookie
 * (HttpOnly, SameSite=Strict, Secure with --secure-cookies); the session lives in the database, so
 * any node serves it. Every page needs a session; every form post needs the session's CSRF token
 * and no foreign Origin. Pages and forms never see a caller that did not pass here.
 */
final class WebSessions {
  static final String SESSION_COOKIE = "ct_session";
  static final String LOGIN_COOKIE = "ct_login";
  private static final Set<String> NOT_PAGES =
      Set.of("/api/", "/health", "/metrics", "/openapi.json", "/static/", "/hooks/");

  private final ChangeTrailServer server;
  private final SecureRandom random = new SecureRandom();

  WebSessions(ChangeTrailServer server) {
    this.server = server;
  }

  /** Whether a request is for a page (HTML, session) rather than the API or operations. */
  static boolean isPage(Context ctx) {
    String path = ctx.path();
    return NOT_PAGES.stream().noneMatch(path::startsWith);
  }

  void authenticatePage(Context ctx) {
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
            "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
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

  void loginPage(Context ctx) {
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
    Layout.page(ctx, 200, "Sign in", null, body);
  }

  void login(Context ctx) {
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
          "/login?failed=1&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8),
          HttpStatus.SEE_OTHER);
      return;
    }
    Access.OpenedSession session =
        server.access().openSession(caller.get(), server.options().sessionLifetime());
    setCookie(ctx, SESSION_COOKIE, session.id(), session.lifetime().toSeconds());
    setCookie(ctx, LOGIN_COOKIE, "", 0);
    ctx.redirect(next, HttpStatus.SEE_OTHER);
  }

  void logout(Context ctx) {
    String session = ctx.cookie(SESSION_COOKIE);
    if (session != null) {
      server.access().closeSession(session);
    }
    setCookie(ctx, SESSION_COOKIE, "", 0);
    ctx.redirect("/login", HttpStatus.SEE_OTHER);
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
}
