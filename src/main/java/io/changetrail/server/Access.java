package io.changetrail.server;

import java.time.Duration;
import java.util.Optional;

/** How the server tells who is calling: API tokens, and browser sessions opened with a token. */
public interface Access {
  /** The caller a presented bearer token stands for; empty for anything not a live token. */
  Optional<Caller> byToken(String token);

  /** The caller of a browser session; empty when unknown, expired or its token was revoked. */
  Optional<Caller> bySession(String sessionId);

  /** A new browser session for a caller who logged in with a token. */
  OpenedSession openSession(Caller caller, Duration lifetime);

  void closeSession(String sessionId);

  /** A session id (shown once, as the cookie's value) and the caller it now stands for. */
  record OpenedSession(String id, Caller caller, Duration lifetime) {}
}
