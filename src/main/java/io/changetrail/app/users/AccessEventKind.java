package io.changetrail.app.users;

import io.changetrail.domain.event.LedgerEvent;

/**
 * The kinds of ledger entry that user and token management writes (change id empty; never a secret
 * or its hash), each the kind of one record of {@link LedgerEvent}, where its fields are defined.
 * The actor is who made the change.
 */
public final class AccessEventKind {
  /** {user, displayName, email, emails[]? (their other emails), roles[]}. */
  public static final String USER_ADDED = LedgerEvent.UserAdded.KIND;

  /**
   * {user, displayName, email, emails[], previous{displayName, email, emails[]}}: who the user is
   * changed (emails: their other emails).
   */
  public static final String USER_UPDATED = LedgerEvent.UserUpdated.KIND;

  /** {user, roles[], previous[]}. */
  public static final String USER_ROLES = LedgerEvent.UserRoles.KIND;

  /** {user, tokensRevoked[], sessionsEnded}. */
  public static final String USER_DISABLED = LedgerEvent.UserDisabled.KIND;

  /** {user}. */
  public static final String USER_ENABLED = LedgerEvent.UserEnabled.KIND;

  /** {user, token, label, expires?}. */
  public static final String TOKEN_ISSUED = LedgerEvent.TokenIssued.KIND;

  /** {user, token, label, sessionsEnded}. */
  public static final String TOKEN_REVOKED = LedgerEvent.TokenRevoked.KIND;

  private AccessEventKind() {}
}
