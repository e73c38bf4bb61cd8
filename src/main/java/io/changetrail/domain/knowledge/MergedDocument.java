package io.changetrail.domain.knowledge;

import io.changetrail.domain.document.ChangeDocument;
import io.changetrail.domain.document.DocumentSection;
import io.changetrail.domain.document.Section;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documents of one change read as one: {@code changes/<id>.md} first, then its commit messages
 * oldest first. Each methodology section is the concatenation of what every document wrote under
 * it, each text once; Changes Made is kept per system.
 */
public final class MergedDocument {
  private final Map<Section, List<String>> bodies = new EnumMap<>(Section.class);
  private final Map<String, List<String>> changesBySystem = new LinkedHashMap<>();
  private final List<String> changeNotes = new ArrayList<>();
  private final List<String> intros = new ArrayList<>();

  private MergedDocument() {}

  /** Merges documents given in reading order. */
  public static MergedDocument of(List<ChangeDocument> documents) {
    MergedDocument merged = new MergedDocument();
    for (ChangeDocument document : documents) {
      addOnce(merged.intros, document.intro());
      for (DocumentSection section : document.sections()) {
        Section known = section.section().orElse(null);
        if (known == null || section.isEmpty()) {
          continue;
        }
        addOnce(merged.bodies.computeIfAbsent(known, k -> new ArrayList<>()), section.body());
        if (known == Section.CHANGES_MADE) {
          merged.addChanges(section);
        }
      }
    }
    return merged;
  }

  private void addChanges(DocumentSection section) {
    List<DocumentSection.Subsection> parts = section.subsections();
    String body = section.body();
    int first = body.startsWith("### ") ? 0 : body.indexOf("\n### ");
    String loose = parts.isEmpty() ? body : first < 0 ? body : body.substring(0, first);
    addOnce(changeNotes, loose);
    for (DocumentSection.Subsection part : parts) {
      addOnce(changesBySystem.computeIfAbsent(part.title(), k -> new ArrayList<>()), part.body());
    }
  }

  private static void addOnce(List<String> texts, String text) {
    String value = text == null ? "" : text.strip();
    if (value.isEmpty()) {
      return;
    }
    String key = normalize(value);
    if (texts.stream().noneMatch(t -> normalize(t).equals(key))) {
      texts.add(value);
    }
  }

  private static String normalize(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }

  /** Everything written under {@code section}, each text once, blank-line separated. */
  public String text(Section section) {
    return String.join("\n\n", bodies.getOrDefault(section, List.of()));
  }

  public boolean has(Section section) {
    return bodies.containsKey(section);
  }

  /** Changes Made per system ({@code ### system}), in the order first written. */
  public Map<String, String> changesBySystem() {
    Map<String, String> out = new LinkedHashMap<>();
    changesBySystem.forEach((system, texts) -> out.put(system, String.join("\n", texts)));
    return out;
  }

  /** Changes Made text that is not under a system heading. */
  public String changeNotes() {
    return String.join("\n\n", changeNotes);
  }

  /** Free text between header and first section (a plain commit message's body lives here). */
  public String intro() {
    return String.join("\n\n", intros);
  }

  /** The key decisions of every document, each document's section read on its own. */
  public List<KeyDecision> decisions() {
    List<KeyDecision> decisions = new ArrayList<>();
    for (String body : bodies.getOrDefault(Section.KEY_DECISIONS, List.of())) {
      decisions.addAll(KeyDecision.parse(body));
    }
    return decisions;
  }

  /**
   * The first paragraph of the rationale: Context and Rationale, else the free text of a message
   * written without sections.
   */
  public String rationale() {
    String text =
        has(Section.CONTEXT_AND_RATIONALE) ? text(Section.CONTEXT_AND_RATIONALE) : intro();
    return firstParagraph(text);
  }

  static String firstParagraph(String text) {
    StringBuilder out = new StringBuilder();
    for (String line : text.strip().lines().toList()) {
      if (line.isBlank()) {
        break;
      }
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(line.strip());
    }
    return out.toString();
  }
}
