package io.changetrail.domain.document;

import java.util.Locale;
import java.util.Optional;

/** The sections of a change document, named and ordered as in the methodology. */
public enum Section {
  CONTEXT_AND_RATIONALE("Context and Rationale"),
  BUSINESS_DRIVER("Business Driver"),
  CHANGES_MADE("Changes Made"),
  IMPACT_ASSESSMENT("Impact Assessment"),
  TESTING_AND_VERIFICATION("Testing and Verification"),
  DEPLOYMENT_INFORMATION("Deployment Information"),
  ROLLBACK_PROCEDURE("Rollback Procedure"),
  RELATED_DOCUMENTATION("Related Documentation"),
  KEY_DECISIONS("Key Decisions"),
  CRITICAL_KNOWLEDGE("Critical Knowledge"),
  LESSONS_LEARNED("Lessons Learned"),
  FUTURE_CONSIDERATIONS("Future Considerations");

  private final String title;

  Section(String title) {
    this.title = title;
  }

  /** The heading as written in a document. */
  public String title() {
    return title;
  }

  /** A stable identifier for rules and JSON: {@code context-and-rationale}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Finds a section by its heading, ignoring case, extra spaces and "&amp;" for "and". */
  public static Optional<Section> byTitle(String heading) {
    String wanted = normalize(heading);
    for (Section section : values()) {
      if (normalize(section.title).equals(wanted)) {
        return Optional.of(section);
      }
    }
    return Optional.empty();
  }

  private static String normalize(String text) {
    return text.strip()
        .toLowerCase(Locale.ROOT)
        .replace("&", "and")
        .replaceAll("[:#]+$", "")
        .replaceAll("\\s+", " ")
        .strip();
  }
}
