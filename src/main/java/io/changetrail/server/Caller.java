package io.changetrail.server;

import io.changetrail.app.users.Role;
import io.changetrail.domain.lifecycle.Person;
import java.util.Set;

/**
 * Who is calling, as the server authenticated them: the user, the person facts are recorded under,
 * their roles, and (for a browser session) the CSRF token every form must carry.
 *
 * @param csrf empty for API tokens: bearer tokens are not sent by browsers on their own
 */
public record Caller(String user, Person person, Set<Role> roles, String tokenId, String csrf) {
  public boolean has(Role role) {
    return roles.contains(role);
  }
}
