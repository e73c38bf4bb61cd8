package io.changetrail.domain.assess;

import io.changetrail.domain.document.Section;
import java.util.List;

/**
 * What in a change document shows that a documentation item is there: a section, a part of a
 * section (a {@code ### Title} or a list item starting with the label, such as {@code ###
 * Integration Points} under Changes Made), a link, passed results, a checklist, or a step that
 * mentions a word.
 *
 * @param kind what is looked for
 * @param section the section it is looked for in
 * @param labels for {@link Kind#PART} the titles (prefixes) that count, for {@link Kind#MENTION}
 *     the word stems; empty otherwise
 * @param count for {@link Kind#RESULTS} and {@link Kind#CHECKLIST}, how many items at least
 */
public record Evidence(Kind kind, Section section, List<String> labels, int count) {
  /** What is looked for. */
  public enum Kind {
    /** The section is present and filled in. */
    SECTION,
    /** A {@code ### label} heading, or a list item starting with the label, in the section. */
    PART,
    /** A Markdown link {@code [title](path)} in the section. */
    LINK,
    /** At least {@code count} passed results ({@code - ✅ ...}) in the section. */
    RESULTS,
    /** At least {@code count} checklist items ({@code - [ ] ...}, {@code - ✅ ...}). */
    CHECKLIST,
    /** A line of the section mentions one of the words. */
    MENTION
  }

  public Evidence {
    labels = List.copyOf(labels);
  }

  public static Evidence section(Section section) {
    return new Evidence(Kind.SECTION, section, List.of(), 0);
  }

  public static Evidence part(Section section, String... labels) {
    return new Evidence(Kind.PART, section, List.of(labels), 0);
  }

  public static Evidence link(Section section) {
    return new Evidence(Kind.LINK, section, List.of(), 0);
  }

  public static Evidence results(Section section, int count) {
    return new Evidence(Kind.RESULTS, section, List.of(), Math.max(1, count));
  }

  public static Evidence checklist(Section section, int count) {
    return new Evidence(Kind.CHECKLIST, section, List.of(), Math.max(1, count));
  }

  public static Evidence mention(Section section, String... words) {
    return new Evidence(Kind.MENTION, section, List.of(words), 0);
  }

  /** For people: {@code '### Integration Points' under '## Changes Made'}. */
  public String describe() {
    String where = "'## " + section.title() + "'";
    return switch (kind) {
      case SECTION -> where;
      case PART ->
          "'### " + labels.get(0) + "' (or a '- " + labels.get(0) + ": ...' item) under " + where;
      case LINK -> "a link '- [title](path)' in " + where;
      case RESULTS -> (count == 1 ? "a ✅ result" : count + " ✅ results") + " in " + where;
      case CHECKLIST ->
          (count == 1 ? "a checklist item" : count + " checklist items")
              + " ('- [ ] ...') in "
              + where;
      case MENTION -> "a step in " + where + " that says how it is verified";
    };
  }
}
