package io.changetrail.domain.changelog;

import io.changetrail.domain.assess.ChangeType;
import java.time.LocalDate;
import java.util.List;

/**
 * One line of a release changelog: a change, as its commit (or one entry of a squash commit)
 * describes it.
 *
 * @param sha the commit it comes from
 * @param type the change type
 * @param scope the Conventional Commits scope, or empty
 * @param summary what the change does
 * @param breaking whether it is a breaking change
 * @param systems the systems its files belong to, in name order
 * @param tickets ticket ids found in its message
 * @param author who made it
 * @param date when
 */
public record ReleaseEntry(
    String sha,
    ChangeType type,
    String scope,
    String summary,
    boolean breaking,
    List<String> systems,
    List<String> tickets,
    String author,
    LocalDate date) {
  public ReleaseEntry {
    systems = List.copyOf(systems);
    tickets = List.copyOf(tickets);
  }

  public String shortSha() {
    return sha.length() > 7 ? sha.substring(0, 7) : sha;
  }

  /** The Keep a Changelog category of the entry. */
  public Category category() {
    return Category.of(type);
  }

  /** Keep a Changelog's categories, in the order a release lists them. */
  public enum Category {
    ADDED("Added"),
    CHANGED("Changed"),
    REMOVED("Removed"),
    FIXED("Fixed"),
    SECURITY("Security");

    private final String title;

    Category(String title) {
      this.title = title;
    }

    public String title() {
      return title;
    }

    static Category of(ChangeType type) {
      return switch (type) {
        case FEATURE -> ADDED;
        case BUGFIX -> FIXED;
        case SECURITY -> SECURITY;
        case CLEANUP -> REMOVED;
        default -> CHANGED;
      };
    }
  }
}
