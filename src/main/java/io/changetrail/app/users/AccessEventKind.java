package io.changetrail.app.users;

/**
 * The kinds of ledger entry that user and token management writes (change id empty; never a secret
 * or its hash); their data is documented per kind. The actor is who made the change.
 */
public final class AccessEventKind {
  /** {user, displayName, email, emails[]? (their other emails), roles[]}. */
  public static final String USER_ADDED = "user.added";

  /**
   * {user, displayName, email, emails[], previous{displayName, email, emails[]}}: who the user is
   * changed (emails: their other emails).
   */
  public static final String USER_UPDATED = "user.updated";

  /** {user, roles[], previous[]}. */
  public static final String USER_ROLES = "user.roles";

  /** {user, tokensRevoked[], sessionsEnded}. */
  public static final String USER_DISABLED = "user.disabled";

  /** {user}. */
  public static final String USER_ENABLED = "user.enabled";

  /** {user, token, label, expires?}. */
  public static final String TOKEN_ISSUED = "token.issued";

  /** {user, token, label, sessionsEnded}. */
  public static final String TOKEN_REVOKED = "token.revoked";

  private AccessEventKind() {}
}
