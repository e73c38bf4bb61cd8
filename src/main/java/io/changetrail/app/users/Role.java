package io.changetrail.app.users;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a user of the team server may do. Roles are explicit and do not imply each other: an admin
 * manages users but approves nothing unless also an approver (segregation of duties).
 */
public enum Role {
  /** Registers and documents changes. */
  DEVELOPER,
  /** Approves or rejects other people's changes. */
  APPROVER,
  /** Runs deployments, verifications and rollbacks. */
  DEPLOYER,
  /** Reads, verifies and exports the audit trail. */
  AUDITOR,
  /** Manages users, their roles and their API tokens. */
  ADMIN;

  /** The role named {@code text}, in any case. */
  public static Role parse(String text) {
    String name = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
    for (Role role : values()) {
      if (role.name().equals(name)) {
        return role;
      }
    }
    throw new ChangeTrailException(
        Problem.INVALID_INPUT,
        "'" + (text == null ? "" : text.strip()) + "' is not a role",
        "the roles are " + names(EnumSet.allOf(Role.class)));
  }

  /**
   * The roles of a comma-separated list such as {@code approver,Deployer}; {@code none} or an empty
   * text is no role.
   */
  public static Set<Role> parseList(String text) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    String list = text == null ? "" : text.strip();
    if (list.isEmpty() || list.equalsIgnoreCase("none")) {
      return Collections.unmodifiableSet(roles);
    }
    for (String name : list.split(",", -1)) {
      roles.add(parse(name));
    }
    return Collections.unmodifiableSet(roles);
  }

  /** The name people write: lower case. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The roles as {@code approver, deployer}, in the order of this enum. */
  public static String names(Set<Role> roles) {
    return roles.isEmpty()
        ? "none"
        : Arrays.stream(values())
            .filter(roles::contains)
            .map(Role::label)
            .collect(Collectors.joining(", "));
  }

  static Set<Role> copy(Set<Role> roles) {
    Set<Role> copy = EnumSet.noneOf(Role.class);
    copy.addAll(roles);
    return Collections.unmodifiableSet(copy);
  }
}
