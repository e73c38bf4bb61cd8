package io.changetrail.domain.changelog;

import java.time.LocalDate;
import java.util.List;

/**
 * The changes of one release, newest first.
 *
 * @param title the version or name ("v1.4.0", "Unreleased")
 * @param range the commits it covers ({@code v1.3.0..HEAD})
 * @param date the date of its newest change, or null when it has none
 * @param entries its changes, newest first
 * @param commits how many commits the range holds (merges included)
 */
public record Release(
    String title, String range, LocalDate date, List<ReleaseEntry> entries, int commits) {
  public Release {
    entries = List.copyOf(entries);
  }
}
