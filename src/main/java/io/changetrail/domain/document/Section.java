package io.changetrail.domain.document;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The sections of a change document, named and ordered as in the methodology. Besides its title a
 * section is known by the other headings the methodology itself uses for it (its example commits
 * and its knowledge-transfer document): {@code Detailed Changes} is Changes Made, {@code
 * Verification Completed} and {@code Integration Testing Results} are Testing and Verification,
 * {@code Executive Summary} and {@code Why It Was Changed} are Context and Rationale, and so on.
 */
public enum Section {
  CONTEXT_AND_RATIONALE("Context and Rationale", "Executive Summary", "Why It Was Changed"),
  BUSINESS_DRIVER("Business Driver"),
  CHANGES_MADE("Changes Made", "Detailed Changes", "What Was Changed"),
  IMPACT_ASSESSMENT("Impact Assessment"),
  IMPACT_AND_BENEFITS("Impact and Benefits"),
  TESTING_AND_VERIFICATION(
      "Testing and Verification", "Verification Completed", "Integration Testing Results"),
  DEPLOYMENT_INFORMATION("Deployment Information"),
  DEPLOYMENT_READINESS("Deployment Readiness"),
  ROLLBACK_PROCEDURE("Rollback Procedure"),
  RELATED_DOCUMENTATION("Related Documentation"),
  KEY_DECISIONS("Key Decisions", "Key Decisions Made"),
  CRITICAL_KNOWLEDGE("Critical Knowledge", "Critical Knowledge for Future Developers"),
  LESSONS_LEARNED("Lessons Learned"),
  FUTURE_CONSIDERATIONS("Future Considerations");

  private static final Map<String, Section> BUILT_IN = new LinkedHashMap<>();

  static {
    for (Section section : values()) {
      BUILT_IN.put(normalize(section.title), section);
      for (String alias : section.aliases) {
        BUILT_IN.put(normalize(alias), section);
      }
    }
  }

  private final String title;
  private final String[] aliases;

  Section(String title, String... aliases) {
    this.title = title;
    this.aliases = aliases;
  }

  /** The heading as written in a document. */
  public String title() {
    return title;
  }

  /** The other headings the methodology uses for this section. */
  public java.util.List<String> aliases() {
    return java.util.List.of(aliases);
  }

  /** A stable identifier for rules and JSON: {@code context-and-rationale}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Whether the section's place is free: the methodology's changelog puts Business Driver right
   * after Context and Rationale, its example commit puts it last; both are in order.
   */
  public boolean floating() {
    return this == BUSINESS_DRIVER;
  }

  /**
   * Finds a section by its heading or one of the methodology's other names for it, ignoring case,
   * extra spaces, a trailing colon and "&amp;" for "and".
   */
  public static Optional<Section> byTitle(String heading) {
    return Optional.ofNullable(BUILT_IN.get(normalize(heading)));
  }

  /** The key headings are compared by. */
  public static String normalize(String text) {
    return text.strip()
        .toLowerCase(Locale.ROOT)
        .replace("&", "and")
        .replaceAll("[:#]+$", "")
        .replaceAll("\\s+", " ")
        .strip();
  }
}
