package io.changetrail.domain.changelog;

import java.time.LocalDate;
import java.util.List;

/**
 * The changes of one release, newest first.
 *
 * @param title the version or name ("v1.4.0", "Unreleased")
 * @param range the commits it covers ({@code v1.3.0..v1.4.0})
 * @param date the date of its tagged commit (of its newest change when untagged), or null when it
 *     has none
 * @param entries its changes, newest first
 * @param commits how many commits the range holds (merges included)
 * @param tag the tag that names it, or empty for the changes after the newest tag
 */
public record Release(
    String title,
    String range,
    LocalDate date,
    List<ReleaseEntry> entries,
    int commits,
    String tag) {
  public Release {
    entries = List.copyOf(entries);
    tag = tag == null ? "" : tag;
  }

  public Release(
      String title, String range, LocalDate date, List<ReleaseEntry> entries, int commits) {
    this(title, range, date, entries, commits, "");
  }

  public boolean tagged() {
    return !tag.isEmpty();
  }
}
