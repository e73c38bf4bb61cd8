package io.changetrail.app.users;

import io.changetrail.domain.lifecycle.Person;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A user of the team server: a unique name, who they are (a primary email, and other emails that
 * are the same person), their roles, and whether disabled.
 */
public record User(
    String name,
    String displayName,
    String email,
    Set<Role> roles,
    Instant created,
    Optional<Instant> disabled,
    List<String> emails) {
  public User {
    roles = Role.copy(roles);
    emails = List.copyOf(emails);
  }

  /** The person the ledger records when this user acts: {@code Display Name <email>}. */
  public Person person() {
    return new Person(displayName, email);
  }

  public boolean enabled() {
    return disabled.isEmpty();
  }
}
