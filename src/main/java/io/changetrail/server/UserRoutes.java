package io.changetrail.server;

import static io.changetrail.server.ChangeTrailServer.json;
import static io.changetrail.server.ChangeTrailServer.require;

import io.changetrail.app.api.TokenLifetime;
import io.changetrail.app.users.AccessControl;
import io.changetrail.app.users.IssuedToken;
import io.changetrail.app.users.Role;
import io.changetrail.app.users.TokenInfo;
import io.changetrail.app.users.User;
import io.changetrail.app.users.UserJson;
import io.changetrail.domain.OrderedMap;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** User administration over the API, for admins: users, roles, tokens. */
final class UserRoutes {
  private final ChangeTrailServer server;

  UserRoutes(ChangeTrailServer server) {
    this.server = server;
  }

  void register(RouteTable app) {
    app.get(ApiRoutes.V1 + "/users", this::list);
    app.post(ApiRoutes.V1 + "/users", this::add);
    app.post(ApiRoutes.V1 + "/users/{name}/roles", this::roles);
    app.post(ApiRoutes.V1 + "/users/{name}/emails", this::emails);
    // its answer shows the token's secret once: never kept for Idempotency-Key retries
    app.post(ApiRoutes.V1 + "/users/{name}/tokens", this::issue, IdempotentPosts.SECRET);
    app.post(ApiRoutes.V1 + "/tokens/{tokenId}/revoke", this::revoke);
  }

  private AccessControl control() {
    return server.accessControl();
  }

  private void list(Context ctx) {
    require(ctx, Role.ADMIN, "listing users");
    List<Map<String, Object>> users =
        control().users().stream().map(u -> user(u, control().tokens(u.name()))).toList();
    json(ctx, 200, OrderedMap.of("schema", "changetrail.users/v1", "users", users));
  }

  private void add(Context ctx) {
    Caller caller = require(ctx, Role.ADMIN, "adding a user");
    JsonBody body = JsonBody.of(ctx, Set.of("name", "displayName", "email", "emails", "roles"));
    String name =
        body.requiredText(
            "name",
            "{\"name\": \"alice\", \"email\": \"alice@example.com\", \"roles\": [\"developer\"]}");
    User user =
        control()
            .addUser(
                name,
                body.optionalText("displayName").filter(d -> !d.isBlank()).orElse(name),
                body.requiredText("email", "alice@example.com"),
                body.texts("emails"),
                roles(body.texts("roles")),
                caller.person());
    json(ctx, 201, user(user, List.of()));
  }

  private void roles(Context ctx) {
    Caller caller = require(ctx, Role.ADMIN, "setting roles");
    JsonBody body = JsonBody.of(ctx, Set.of("roles"));
    User user =
        control().setRoles(ctx.pathParam("name"), roles(body.texts("roles")), caller.person());
    json(ctx, 200, user(user, control().tokens(user.name())));
  }

  private void emails(Context ctx) {
    Caller caller = require(ctx, Role.ADMIN, "changing a user's emails");
    JsonBody body = JsonBody.of(ctx, Set.of("add", "remove"));
    User user =
        control()
            .changeEmails(
                ctx.pathParam("name"), body.texts("add"), body.texts("remove"), caller.person());
    json(ctx, 200, user(user, control().tokens(user.name())));
  }

  private void issue(Context ctx) {
    Caller caller = require(ctx, Role.ADMIN, "issuing a token");
    JsonBody body = JsonBody.of(ctx, Set.of("label", "expiresInDays", "expires"));
    Optional<Long> days = body.number("expiresInDays");
    Optional<String> expires = body.optionalText("expires").filter(e -> !e.isBlank());
    if (days.isPresent() && expires.isPresent()) {
      throw ApiError.badRequest(
          "name either expires or expiresInDays, not both", "{\"expires\": \"30d\"}");
    }
    if (days.isPresent() && (days.get() < 1 || days.get() > 3650)) {
      throw ApiError.badRequest(
          "expiresInDays must be 1 to 3650, not " + days.get(),
          "or send \"expires\": \"never\" for a token that lives until revoked");
    }
    // the command line's lifetime: 90 days unless told otherwise, "never" until revoked
    Optional<Duration> lifetime =
        days.isPresent()
            ? days.map(Duration::ofDays)
            : expires.map(TokenLifetime::parse).orElseGet(TokenLifetime::standard);
    IssuedToken issued =
        control().issueToken(ctx.pathParam("name"), body.text("label"), lifetime, caller.person());
    Map<String, Object> node = token(issued.token());
    node.put("token", issued.plaintext());
    node.put("warning", "this is the only time the token is shown: it is stored hashed");
    json(ctx, 201, node);
  }

  private void revoke(Context ctx) {
    Caller caller = require(ctx, Role.ADMIN, "revoking a token");
    JsonBody.of(ctx, Set.of());
    json(ctx, 200, token(control().revokeToken(ctx.pathParam("tokenId"), caller.person())));
  }

  private static Set<Role> roles(List<String> names) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    names.forEach(n -> roles.add(Role.parse(n)));
    return roles;
  }

  private static Map<String, Object> user(User user, List<TokenInfo> tokens) {
    return UserJson.user(user, tokens);
  }

  private static Map<String, Object> token(TokenInfo token) {
    return UserJson.token(token);
  }
}
