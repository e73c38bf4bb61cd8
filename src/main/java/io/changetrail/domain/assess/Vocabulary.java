package io.changetrail.domain.assess;

import io.changetrail.domain.document.Section;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The words a team writes change documents with: the methodology's types and headings, plus the
 * team's own aliases from changetrail.yml ({@code aliases: types:} and {@code aliases: sections:}).
 *
 * @param types header word (any case) to the change type it means
 * @param sections heading to the methodology's section it means
 */
public record Vocabulary(Map<String, ChangeType> types, Map<String, Section> sections) {
  public Vocabulary {
    Map<String, ChangeType> upper = new LinkedHashMap<>();
    types.forEach((word, type) -> upper.put(word.strip().toUpperCase(Locale.ROOT), type));
    types = Map.copyOf(upper);
    sections = Map.copyOf(sections);
  }

  /** The methodology's words only. */
  public static Vocabulary methodology() {
    return new Vocabulary(Map.of(), Map.of());
  }

  /** The type a header word names: the team's alias first, then the methodology's. */
  public Optional<ChangeType> type(String word) {
    ChangeType alias = types.get(word.strip().toUpperCase(Locale.ROOT));
    return alias != null ? Optional.of(alias) : ChangeType.fromHeaderWord(word);
  }

  /** The header words accepted, for messages. */
  public String acceptedTypes() {
    List<String> names = new java.util.ArrayList<>();
    for (ChangeType type : ChangeType.values()) {
      names.add(type.name());
    }
    names.addAll(types.keySet().stream().sorted().toList());
    return String.join(", ", names) + " (or feat, fix, perf, refactor, chore, docs...)";
  }
}
