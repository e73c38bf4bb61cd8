package io.changetrail.server;

import io.changetrail.app.users.AccessControl;
import io.changetrail.app.users.Principal;
import io.changetrail.app.users.Session;
import java.time.Duration;
import java.util.Optional;

/** The server's view of {@link AccessControl}: tokens and sessions to callers. */
final class AccessControlAccess implements Access {
  private final AccessControl control;

  AccessControlAccess(AccessControl control) {
    this.control = control;
  }

  @Override
  public Optional<Caller> byToken(String token) {
    return control
        .authenticate(token)
        .map(p -> new Caller(p.user(), p.person(), p.roles(), p.tokenId(), ""));
  }

  @Override
  public Optional<Caller> bySession(String sessionId) {
    return control
        .session(sessionId)
        .map(
            s -> {
              Principal p = s.principal();
              return new Caller(p.user(), p.person(), p.roles(), p.tokenId(), s.csrfToken());
            });
  }

  @Override
  public OpenedSession openSession(Caller caller, Duration lifetime) {
    Session session =
        control.openSession(
            new Principal(caller.user(), caller.person(), caller.roles(), caller.tokenId()),
            lifetime);
    return new OpenedSession(
        session.id(),
        new Caller(
            caller.user(), caller.person(), caller.roles(), caller.tokenId(), session.csrfToken()),
        // the session ends with its token when that comes first: the cookie must not outlive it
        Duration.between(java.time.Instant.now(), session.expires()).isNegative()
            ? Duration.ZERO
            : Duration.between(java.time.Instant.now(), session.expires()));
  }

  @Override
  public void closeSession(String sessionId) {
    control.closeSession(sessionId);
  }
}
