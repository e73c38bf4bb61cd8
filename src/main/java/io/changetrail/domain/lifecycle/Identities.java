package io.changetrail.domain.lifecycle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One canonical identity per person: the case-insensitive email, with aliases from the repository's
 * {@code .mailmap} (git's format) and the ledger's users (their name, email and other emails).
 * Every comparison of people (approvals counted, segregation of duties, sign-off, the audit record)
 * is made on canonical persons.
 */
public final class Identities {
  /**
   * A user of the ledger as identities know them: the login name, the person (with their primary
   * email) and their other emails, each of which is the same person.
   */
  public record Known(String login, Person person, List<String> emails) {
    public Known {
      emails = List.copyOf(emails);
    }

    public Known(String login, Person person) {
      this(login, person, List.of());
    }
  }

  private record Alias(
      String commitName, String commitEmail, String properName, String properEmail) {}

  private static final Identities NONE = new Identities(List.of(), List.of());

  private final List<Alias> aliases;
  private final Map<String, Known> byEmail = new LinkedHashMap<>();
  private final Map<String, Known> byName = new LinkedHashMap<>();
  private final List<Known> users;

  private Identities(List<Alias> aliases, List<Known> users) {
    this.aliases = List.copyOf(aliases);
    this.users = List.copyOf(users);
    for (Known user : users) {
      if (!user.person().email().isEmpty()) {
        byEmail.putIfAbsent(lower(user.person().email()), user);
      }
      for (String email : user.emails()) {
        byEmail.putIfAbsent(lower(email), user);
      }
      byName.putIfAbsent(lower(user.login()), user);
      if (!user.person().name().isEmpty()) {
        byName.putIfAbsent(lower(user.person().name()), user);
      }
    }
  }

  public static Identities none() {
    return NONE;
  }

  /**
   * @param mailmap the text of {@code .mailmap} (empty when there is none)
   * @param users the ledger's users
   */
  public static Identities of(String mailmap, List<Known> users) {
    return new Identities(parseMailmap(mailmap == null ? "" : mailmap), users);
  }

  public List<Known> users() {
    return users;
  }

  /** Whether the ledger has users: then every decision is made by one. */
  public boolean hasUsers() {
    return !users.isEmpty();
  }

  /** The person as one identity: mailmap applied, then the ledger user they are, if any. */
  public Person canonical(Person person) {
    Person mapped = mailmapped(person);
    return user(mapped).map(Known::person).orElse(mapped);
  }

  /** The other emails of the ledger user this person is (empty for anyone else). */
  public List<String> emails(Person person) {
    return user(person).map(Known::emails).orElse(List.of());
  }

  /**
   * The ledger user this person is: by email (after the mailmap), or, for a bare name, by login or
   * display name.
   */
  public Optional<Known> user(Person person) {
    Person mapped = mailmapped(person);
    if (!mapped.email().isEmpty()) {
      return Optional.ofNullable(byEmail.get(lower(mapped.email())));
    }
    return Optional.ofNullable(byName.get(lower(mapped.name())));
  }

  private Person mailmapped(Person person) {
    if (person.email().isEmpty()) {
      return person;
    }
    Alias match = null;
    for (Alias alias : aliases) {
      if (!alias.commitEmail().equalsIgnoreCase(person.email())) {
        continue;
      }
      if (!alias.commitName().isEmpty() && !alias.commitName().equalsIgnoreCase(person.name())) {
        continue;
      }
      // an entry naming the commit name too is more specific; otherwise the last one wins
      if (match == null || !alias.commitName().isEmpty() || match.commitName().isEmpty()) {
        match = alias;
      }
    }
    if (match == null) {
      return person;
    }
    return new Person(
        match.properName().isEmpty() ? person.name() : match.properName(),
        match.properEmail().isEmpty() ? person.email() : match.properEmail());
  }

  /**
   * git's mailmap lines: {@code Proper Name <proper@email>}, {@code <proper@email> <commit@email>},
   * {@code Proper Name <proper@email> <commit@email>}, {@code Proper Name <proper@email> Commit
   * Name <commit@email>}; {@code #} starts a comment.
   */
  static List<Alias> parseMailmap(String text) {
    List<Alias> aliases = new ArrayList<>();
    for (String raw : text.split("\n", -1)) {
      String line = raw.contains("#") ? raw.substring(0, raw.indexOf('#')) : raw;
      List<String> names = new ArrayList<>();
      List<String> emails = new ArrayList<>();
      int at = 0;
      while (true) {
        int open = line.indexOf('<', at);
        int close = open < 0 ? -1 : line.indexOf('>', open);
        if (open < 0 || close < 0) {
          break;
        }
        names.add(line.substring(at, open).strip());
        emails.add(line.substring(open + 1, close).strip());
        at = close + 1;
      }
      if (emails.size() == 1) {
        // Proper Name <commit@email>: the name for that email
        aliases.add(new Alias("", emails.get(0), names.get(0), ""));
      } else if (emails.size() >= 2) {
        aliases.add(new Alias(names.get(1), emails.get(1), names.get(0), emails.get(0)));
      }
    }
    return aliases;
  }

  private static String lower(String text) {
    return text.strip().toLowerCase(Locale.ROOT);
  }
}
