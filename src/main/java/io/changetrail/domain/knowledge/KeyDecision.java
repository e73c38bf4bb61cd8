package io.changetrail.domain.knowledge;

import io.changetrail.domain.document.DocumentSection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One key decision of a change: what was decided, why, and what else was considered. Authors write
 * them as {@code ###} sub-headings, as {@code Decision:/Rationale:/Alternatives:} lines or as plain
 * bullets; the structure they gave is kept, and a decision written as prose keeps its text.
 *
 * @param title the sub-heading, empty when there was none
 * @param decision what was decided, empty when not labelled
 * @param rationale why, empty when not labelled
 * @param alternatives what else was considered, empty when not labelled
 * @param text unlabelled text (the whole decision when the author used no labels)
 */
public record KeyDecision(
    String title, String decision, String rationale, String alternatives, String text) {
  private static final Pattern LABEL =
      Pattern.compile(
          "^\\s*(?:[-*+]\\s+)?(?:\\*\\*|__)?(decision|decided|rationale|why|reason|alternatives?"
              + "(?: considered)?|options? considered)(?:\\s*:\\s*(?:\\*\\*|__)|(?:\\*\\*|__)?\\s*:)"
              + "\\s*(.*)$",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern BULLET = Pattern.compile("^(?:[-*+]|\\d+[.)])\\s+(.*)$");

  public KeyDecision {
    title = title == null ? "" : title.strip();
    decision = decision == null ? "" : decision.strip();
    rationale = rationale == null ? "" : rationale.strip();
    alternatives = alternatives == null ? "" : alternatives.strip();
    text = text == null ? "" : text.strip();
  }

  /** Whether the author gave the decision its decision / rationale / alternatives structure. */
  public boolean structured() {
    return !decision.isEmpty() || !rationale.isEmpty() || !alternatives.isEmpty();
  }

  /** One line that names the decision: its title, what was decided, or its first line. */
  public String summary() {
    String first = !title.isEmpty() ? title : !decision.isEmpty() ? decision : text;
    return first.lines().findFirst().orElse("").strip();
  }

  /** The decisions of a Key Decisions section body. */
  public static List<KeyDecision> parse(String body) {
    if (body == null || body.isBlank()) {
      return List.of();
    }
    List<DocumentSection.Subsection> parts =
        new DocumentSection("Key Decisions", body).subsections();
    if (!parts.isEmpty()) {
      List<KeyDecision> decisions = new ArrayList<>();
      String before = body.substring(0, body.indexOf("### ")).strip();
      if (!before.isEmpty()) {
        decisions.addAll(parseFlat(before));
      }
      for (DocumentSection.Subsection part : parts) {
        List<KeyDecision> inner = parseLabelled(part.body());
        if (inner.isEmpty()) {
          decisions.add(new KeyDecision(part.title(), "", "", "", part.body()));
        } else {
          KeyDecision first = inner.get(0);
          decisions.add(
              new KeyDecision(
                  part.title(),
                  first.decision(),
                  first.rationale(),
                  first.alternatives(),
                  first.text()));
          decisions.addAll(inner.subList(1, inner.size()));
        }
      }
      return decisions;
    }
    return parseFlat(body);
  }

  private static List<KeyDecision> parseFlat(String body) {
    List<KeyDecision> labelled = parseLabelled(body);
    return labelled.isEmpty() ? parseBullets(body) : labelled;
  }

  /** Decisions written with labels; empty when the text has no label at all. */
  private static List<KeyDecision> parseLabelled(String body) {
    if (body.lines().noneMatch(l -> LABEL.matcher(l).matches())) {
      return List.of();
    }
    List<KeyDecision> decisions = new ArrayList<>();
    Draft draft = new Draft();
    String field = "text";
    for (String line : body.lines().toList()) {
      Matcher m = LABEL.matcher(line);
      if (m.matches()) {
        String label = m.group(1).toLowerCase(Locale.ROOT);
        field =
            label.startsWith("decision") || label.equals("decided")
                ? "decision"
                : label.equals("why") || label.startsWith("rationale") || label.equals("reason")
                    ? "rationale"
                    : "alternatives";
        if (field.equals("decision") && draft.started()) {
          decisions.add(draft.build());
          draft = new Draft();
        }
        draft.append(field, m.group(2));
      } else {
        draft.append(field, line);
      }
    }
    if (draft.started()) {
      decisions.add(draft.build());
    }
    return decisions;
  }

  /** Decisions written as a list: one per top-level item; prose is one decision. */
  private static List<KeyDecision> parseBullets(String body) {
    List<KeyDecision> decisions = new ArrayList<>();
    StringBuilder current = null;
    StringBuilder preamble = new StringBuilder();
    for (String line : body.lines().toList()) {
      Matcher m = BULLET.matcher(line);
      if (m.matches()) {
        if (current != null) {
          decisions.add(new KeyDecision("", "", "", "", current.toString()));
        }
        current = new StringBuilder(m.group(1));
      } else if (current != null) {
        current.append('\n').append(line);
      } else {
        preamble.append(line).append('\n');
      }
    }
    if (current != null) {
      decisions.add(new KeyDecision("", "", "", "", current.toString()));
    }
    if (!preamble.toString().isBlank()) {
      decisions.add(0, new KeyDecision("", "", "", "", preamble.toString()));
    }
    return decisions;
  }

  private static final class Draft {
    private final StringBuilder decision = new StringBuilder();
    private final StringBuilder rationale = new StringBuilder();
    private final StringBuilder alternatives = new StringBuilder();
    private final StringBuilder text = new StringBuilder();

    void append(String field, String line) {
      StringBuilder target =
          switch (field) {
            case "decision" -> decision;
            case "rationale" -> rationale;
            case "alternatives" -> alternatives;
            default -> text;
          };
      if (target.length() > 0 || !line.isBlank()) {
        if (target.length() > 0) {
          target.append('\n');
        }
        target.append(line);
      }
    }

    boolean started() {
      return decision.length() + rationale.length() + alternatives.length() + text.length() > 0;
    }

    KeyDecision build() {
      return new KeyDecision(
          "",
          decision.toString(),
          rationale.toString(),
          dedent(alternatives.toString()),
          text.toString());
    }

    private static String dedent(String value) {
      return value.lines().map(String::strip).reduce((a, b) -> a + "\n" + b).orElse("");
    }
  }
}
