package io.changetrail.domain.lifecycle;

import java.util.Locale;

/**
 * Someone who acts on a change, as git and the ledger know them: a name and an email, either of
 * which may be empty. Two people are the same when their emails match, or, without emails, their
 * names do (case and spaces ignored).
 */
public record Person(String name, String email) {
  public Person {
    name = name == null ? "" : name.strip();
    email = email == null ? "" : email.strip();
  }

  /** Parses {@code Name <email>}, a bare email or a bare name. */
  public static Person parse(String text) {
    String value = text == null ? "" : text.strip();
    int open = value.indexOf('<');
    int close = value.lastIndexOf('>');
    if (open >= 0 && close > open) {
      return new Person(value.substring(0, open), value.substring(open + 1, close));
    }
    return value.contains("@") && !value.contains(" ")
        ? new Person("", value)
        : new Person(value, "");
  }

  public boolean sameAs(Person other) {
    if (!email.isEmpty() && !other.email.isEmpty()) {
      return email.equalsIgnoreCase(other.email);
    }
    return !name.isEmpty() && normalize(name).equals(normalize(other.name));
  }

  /**
   * What identifies this person when people are counted or compared: the email in lower case, or,
   * without one, the name (case and spaces ignored).
   */
  public String key() {
    return email.isEmpty() ? "name:" + normalize(name) : email.toLowerCase(Locale.ROOT);
  }

  /** How the ledger records this person: {@code Name <email>}. */
  public String display() {
    if (email.isEmpty()) {
      return name;
    }
    return name.isEmpty() ? email : name + " <" + email + ">";
  }

  private static String normalize(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
  }

  @Override
  public String toString() {
    return display();
  }
}
