package io.changetrail.app.users;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;

/** A live web session: who it acts as, its CSRF token and when it expires. */
public record SessionPrincipal(Principal principal, String csrfToken, Instant expires) {
  /** Whether {@code presented} is this session's CSRF token (compared in constant time). */
  public boolean csrfMatches(String presented) {
    return presented != null
        && MessageDigest.isEqual(
            csrfToken.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "SessionPrincipal[" + principal + " until " + expires + ", csrf token hidden]";
  }
}
