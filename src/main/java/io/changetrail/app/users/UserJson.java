package io.changetrail.app.users;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON shape of a user and of a token (never its secret), for the API and for the command
 * line's {@code --format json} alike (docs/user.schema.json).
 */
public final class UserJson {
  private UserJson() {}

  public static Map<String, Object> user(User user, List<TokenInfo> tokens) {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("name", user.name());
    node.put("displayName", user.displayName());
    node.put("email", user.email());
    node.put("emails", user.emails());
    node.put("roles", user.roles().stream().map(Role::label).toList());
    node.put("created", user.created().toString());
    node.put("enabled", user.enabled());
    node.put("tokens", tokens.stream().map(UserJson::token).toList());
    return node;
  }

  public static Map<String, Object> token(TokenInfo token) {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("tokenId", token.tokenId());
    node.put("user", token.user());
    node.put("label", token.label());
    node.put("created", token.created().toString());
    node.put("expires", token.expires().map(Instant::toString).orElse(null));
    node.put("revoked", token.revoked().map(Instant::toString).orElse(null));
    return node;
  }
}
