package io.changetrail.domain.document;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code ## Heading} of a change document with its body, kept as written so that sections the
 * methodology does not name survive a round trip unchanged.
 *
 * @param heading the heading text after {@code ## }
 * @param body the lines under it, without leading and trailing blank lines
 * @param known the methodology's section the heading names (by its title, one of the methodology's
 *     other names for it, or a team's alias from changetrail.yml), if it names one
 */
public record DocumentSection(String heading, String body, Optional<Section> known) {
  private static final Pattern CHECK =
      Pattern.compile("^\\s*[-*+]\\s+(✅|✔️|✔|☑️|❌|✖️|✗|\\[[xX ]\\])\\s*(.*)$");

  public DocumentSection {
    heading = heading == null ? "" : heading.strip();
    body = body == null ? "" : body;
    known = known == null ? Section.byTitle(heading) : known;
  }

  /** A section whose heading is read with the methodology's names only. */
  public DocumentSection(String heading, String body) {
    this(heading, body, null);
  }

  /** A section of the methodology with its body. */
  public static DocumentSection of(Section section, String body) {
    return new DocumentSection(section.title(), body);
  }

  /** The methodology's section this heading names, if it names one. */
  public Optional<Section> section() {
    return known;
  }

  public boolean isEmpty() {
    return body.isBlank();
  }

  public List<String> lines() {
    return body.isEmpty() ? List.of() : body.lines().toList();
  }

  /** Every checklist item of the body, in order. */
  public List<ChecklistItem> checklist() {
    List<ChecklistItem> items = new ArrayList<>();
    List<String> lines = lines();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = CHECK.matcher(lines.get(i));
      if (m.matches()) {
        String mark = m.group(1);
        boolean passed =
            mark.startsWith("✅")
                || mark.startsWith("✔")
                || mark.startsWith("☑")
                || mark.equalsIgnoreCase("[x]");
        items.add(new ChecklistItem(passed, m.group(2).strip(), i));
      }
    }
    return items;
  }

  /** The {@code ### Title} parts of the body (Changes Made has one per system). */
  public List<Subsection> subsections() {
    List<Subsection> parts = new ArrayList<>();
    String title = null;
    StringBuilder text = new StringBuilder();
    for (String line : lines()) {
      if (line.startsWith("### ")) {
        if (title != null) {
          parts.add(new Subsection(title, text.toString().strip()));
        }
        title = line.substring(4).strip();
        text.setLength(0);
      } else if (title != null) {
        text.append(line).append('\n');
      }
    }
    if (title != null) {
      parts.add(new Subsection(title, text.toString().strip()));
    }
    return parts;
  }

  /** A {@code ###} part of a section. */
  public record Subsection(String title, String body) {}
}
