package io.changetrail.app.lifecycle;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.assess.Level;
import io.changetrail.domain.change.CommitInfo;
import io.changetrail.domain.ledger.LedgerEntry;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.lifecycle.ChangeStage;
import io.changetrail.domain.lifecycle.ChangeStatus;
import io.changetrail.ledger.LedgerStore;
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

  /**
   * Every change that passes {@code filter}, newest first: every change of the ledger projected.
   */
  public List<ChangeRecord> find(Filter filter) {
    java.util.function.Predicate<ChangeRecord> accepts = accepts(filter);
    List<ChangeRecord> found = new ArrayList<>();
    for (ChangeRecord change : lifecycle.ledger().changes()) {
      if (accepts.test(change)) {
        found.add(change);
      }
    }
    found.sort((a, b) -> b.registered().compareTo(a.registered()));
    return found;
  }

  /**
   * One page of the changes that pass {@code filter}, in the order of {@link #find} (newest first)
   * or its reverse, after the change {@code after} ("" for the first page): read from the ledger's
   * change states, projecting only the changes they say may pass. Empty while the states are being
   * rebuilt (then {@link #find} is the way).
   */
  public Optional<ChangeLedger.Page> page(
      Filter filter, String after, boolean newestFirst, int limit) {
    LedgerStore.StateFilter narrow =
        new LedgerStore.StateFilter(
            filter
                .status()
                .map(
                    s ->
                        ChangeStage.couldBe(s).stream()
                            .map(Enum::name)
                            .collect(Collectors.toCollection(java.util.LinkedHashSet::new)))
                .orElse(new java.util.LinkedHashSet<>()),
            filter.risk().map(Enum::name).orElse(""),
            filter.since().map(LedgerEntry.TIME::format).orElse(""),
            filter.until().map(LedgerEntry.TIME::format).orElse(""));
    return lifecycle.ledger().filtered(narrow, accepts(filter), after, newestFirst, limit);
  }

  /** Whether a change passes {@code filter}. */
  public java.util.function.Predicate<ChangeRecord> accepts(Filter filter) {
    List<String> words =
        Arrays.stream(filter.text().toLowerCase(Locale.ROOT).split("\\s+"))
            .filter(w -> !w.isEmpty())
            .toList();
    return change -> {
      if (filter.status().isPresent() && change.status() != filter.status().get()) {
        return false;
      }
      if (filter.risk().isPresent() && change.risk() != filter.risk().get()) {
        return false;
      }
      if (filter.system().isPresent()
          && change.systems().stream().noneMatch(s -> s.name().equals(filter.system().get()))) {
        return false;
      }
      if (filter.since().isPresent() && change.registered().isBefore(filter.since().get())) {
        return false;
      }
      if (filter.until().isPresent() && !change.registered().isBefore(filter.until().get())) {
        return false;
      }
      return words.isEmpty() || matches(change, words);
    };
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
