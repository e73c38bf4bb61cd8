package io.changetrail.app.users;

import java.time.Instant;
import java.util.Optional;

/** What may be shown of an API token: everything except its secret, which is never kept. */
public record TokenInfo(
    String tokenId,
    String user,
    String label,
    Instant created,
    Optional<Instant> expires,
    Optional<Instant> revoked) {

  /** Whether the token is neither revoked nor expired at {@code now}. */
  public boolean activeAt(Instant now) {
    return revoked.isEmpty() && expires.map(now::isBefore).orElse(true);
  }
}
