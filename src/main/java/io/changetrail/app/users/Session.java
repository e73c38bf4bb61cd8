package io.changetrail.app.users;

import java.time.Instant;

/**
 * A newly opened web session: its id (the cookie value, shown only here: the store keeps a hash),
 * the CSRF token the browser must echo on every state-changing request, and when it expires.
 */
public record Session(String id, String csrfToken, Instant expires) {
  @Override
  public String toString() {
    return "Session[until " + expires + ", id and csrf token hidden]";
  }
}
