package io.changetrail.app.users;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.lifecycle.Person;
import java.util.Objects;
import java.util.Set;

/**
 * Who an authenticated request acts as: the user's name, the person the ledger records as actor
 * ({@link Person#display()}), their roles at the moment of authentication, and the API token that
 * proved it (directly, or through the web session opened with it).
 */
public record Principal(String user, Person person, Set<Role> roles, String tokenId) {
  public Principal {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(person, "person");
    Objects.requireNonNull(tokenId, "tokenId");
    roles = Role.copy(roles);
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  /** Refuses (problem {@link Problem#NOT_PERMITTED}) unless this principal has {@code role}. */
  public void require(Role role) {
    if (!has(role)) {
      throw new ChangeTrailException(
          Problem.NOT_PERMITTED,
          user + " does not have the " + role.label() + " role",
          "an admin can grant it: changetrail users roles " + user + " ...");
    }
  }
}
