package io.changetrail.app.lifecycle;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.assess.Level;
import io.changetrail.domain.change.CommitInfo;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.lifecycle.ChangeStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The use case "find changes": filter the ledger's changes by status, risk, system and period, and
 * search their words: id, title, people, systems, and the change documents (the messages of the
 * change's commits). Newest first.
 */
public final class FindChanges {
  private final Lifecycle lifecycle;
  private final Map<String, String> documents;

  /**
   * @param documents a cache of change documents by commit range, shared between calls: the commits
   *     of a range never change, so their text is read from git once
   */
  public FindChanges(Lifecycle lifecycle, Map<String, String> documents) {
    this.lifecycle = lifecycle;
    this.documents = documents;
  }

  /**
   * What to look for; empty means any.
   *
   * @param since registered at or after (inclusive)
   * @param until registered before (exclusive)
   * @param text every word must occur (case-insensitive)
   */
  public record Filter(
      Optional<ChangeStatus> status,
      Optional<Level> risk,
      Optional<String> system,
      Optional<Instant> since,
      Optional<Instant> until,
      String text) {
    public static Filter any() {
      return new Filter(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          "");
    }

    /** A filter from query-string-like values; blank means any. Bad values are named. */
    public static Filter parse(
        String status, String risk, String system, String since, String until, String text) {
      return new Filter(
          blank(status)
              ? Optional.empty()
              : Optional.of(parseEnum(ChangeStatus.class, "status", status)),
          blank(risk) ? Optional.empty() : Optional.of(parseEnum(Level.class, "risk", risk)),
          blank(system) ? Optional.empty() : Optional.of(system.strip()),
          blank(since) ? Optional.empty() : Optional.of(day("since", since)),
          blank(until) ? Optional.empty() : Optional.of(day("until", until)),
          text == null ? "" : text.strip());
    }
  }

  public List<ChangeRecord> find(Filter filter) {
    List<String> words =
        Arrays.stream(filter.text().toLowerCase(Locale.ROOT).split("\\s+"))
            .filter(w -> !w.isEmpty())
            .toList();
    List<ChangeRecord> found = new ArrayList<>();
    for (ChangeRecord change : lifecycle.ledger().changes()) {
      if (filter.status().isPresent() && change.status() != filter.status().get()) {
        continue;
      }
      if (filter.risk().isPresent() && change.risk() != filter.risk().get()) {
        continue;
      }
      if (filter.system().isPresent()
          && change.systems().stream().noneMatch(s -> s.name().equals(filter.system().get()))) {
        continue;
      }
      if (filter.since().isPresent() && change.registered().isBefore(filter.since().get())) {
        continue;
      }
      if (filter.until().isPresent() && !change.registered().isBefore(filter.until().get())) {
        continue;
      }
      if (!words.isEmpty() && !matches(change, words)) {
        continue;
      }
      found.add(change);
    }
    found.sort((a, b) -> b.registered().compareTo(a.registered()));
    return found;
  }

  /** The change documents of a change: its commits' messages, oldest first. */
  public String documents(ChangeRecord change) {
    if (change.base().isEmpty() || change.tip().isEmpty()) {
      return "";
    }
    String range = change.base() + ".." + change.tip();
    String text = documents.get(range);
    if (text == null) {
      try {
        text =
            lifecycle.workspace().git().commits(range).stream()
                .map(CommitInfo::message)
                .collect(Collectors.joining("\n\n"));
      } catch (ChangeTrailException e) {
        text = ""; // the commits are gone from this clone: search what the ledger has
      }
      documents.put(range, text);
    }
    return text;
  }

  private boolean matches(ChangeRecord change, List<String> words) {
    StringBuilder haystack = new StringBuilder();
    haystack.append(change.id()).append('\n').append(change.title()).append('\n');
    haystack.append(change.implementer().display()).append('\n').append(change.type());
    change.systems().forEach(s -> haystack.append('\n').append(s.name()));
    change.authors().forEach(a -> haystack.append('\n').append(a.display()));
    String cheap = haystack.toString().toLowerCase(Locale.ROOT);
    if (words.stream().allMatch(cheap::contains)) {
      return true;
    }
    String all = cheap + "\n" + documents(change).toLowerCase(Locale.ROOT);
    return words.stream().allMatch(all::contains);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static <E extends Enum<E>> E parseEnum(Class<E> type, String name, String value) {
    try {
      return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          name + " '" + value + "' is not one of " + Arrays.toString(type.getEnumConstants()),
          "use one of them, or leave " + name + " out");
    }
  }

  /** A day (YYYY-MM-DD, UTC midnight) or an instant (2026-11-24T10:00:00Z). */
  private static Instant day(String name, String value) {
    String v = value.strip();
    try {
      return v.length() == 10
          ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          name + " '" + value + "' is not a date",
          "write it as 2026-11-24 or 2026-11-24T10:00:00Z");
    }
  }
}
