package io.changetrail.domain.assess;

import io.changetrail.domain.document.Section;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The documentation a change needs, per the methodology: base requirements for every change, more
 * for FEATURE, CLEANUP and INTEGRATION changes and for HIGH risk, and a Rollback Procedure whenever
 * rollback complexity is MEDIUM or HIGH. Requirements are in document order, one per section.
 */
public record DocumentationPlan(List<DocumentationRequirement> requirements) {
  public DocumentationPlan {
    requirements = List.copyOf(requirements);
  }

  public boolean requires(Section section) {
    return requirements.stream().anyMatch(r -> r.section() == section);
  }

  /** Builds the plan for a change of this type, risk and rollback complexity. */
  public static DocumentationPlan plan(ChangeType type, Level risk, Level rollback) {
    Map<Section, DocumentationRequirement> plan = new EnumMap<>(Section.class);
    String base = "every change";
    add(
        plan,
        Section.CONTEXT_AND_RATIONALE,
        base,
        "Why is this change needed? What problem does it solve, and why this way?");
    add(plan, Section.CHANGES_MADE, base, "What changed, by system.");
    add(
        plan,
        Section.IMPACT_ASSESSMENT,
        base,
        "Risk level, affected systems, rollback complexity.");
    add(
        plan,
        Section.TESTING_AND_VERIFICATION,
        base,
        "Tests run and their results (- ✅ passed / - ❌ failed).");
    switch (type) {
      case FEATURE -> {
        add(
            plan,
            Section.BUSINESS_DRIVER,
            "FEATURE change",
            "Which business need or request does this serve?");
        add(
            plan,
            Section.RELATED_DOCUMENTATION,
            "FEATURE change",
            "User, API or runbook documentation updated, tickets.");
      }
      case CLEANUP -> {
        add(
            plan,
            Section.KEY_DECISIONS,
            "CLEANUP change",
            "Why is it safe to remove? What replaces it, who still used it?");
        add(
            plan,
            Section.FUTURE_CONSIDERATIONS,
            "CLEANUP change",
            "What is left to remove later, what was deprecated.");
      }
      case INTEGRATION -> {
        add(
            plan,
            Section.DEPLOYMENT_INFORMATION,
            "INTEGRATION change",
            "Endpoints, credentials, sequencing with the counterparty.");
        add(
            plan,
            Section.RELATED_DOCUMENTATION,
            "INTEGRATION change",
            "Counterparty specification and version, certification results.");
        add(
            plan,
            Section.CRITICAL_KNOWLEDGE,
            "INTEGRATION change",
            "Failure modes of the integration and how to recognise them.");
      }
      default -> {}
    }
    if (risk == Level.HIGH) {
      String high = "HIGH risk";
      add(plan, Section.BUSINESS_DRIVER, high, "Which business need justifies the risk?");
      add(
          plan,
          Section.DEPLOYMENT_INFORMATION,
          high,
          "Environments, order, timing, who deploys and who watches.");
      add(
          plan,
          Section.ROLLBACK_PROCEDURE,
          high,
          "Step-by-step rollback, with how to verify it worked.");
      add(
          plan,
          Section.KEY_DECISIONS,
          high,
          "Decisions taken, with rationale and alternatives considered.");
      add(
          plan,
          Section.CRITICAL_KNOWLEDGE,
          high,
          "What operators and the next developer must know.");
    }
    if (rollback.atLeast(Level.MEDIUM)) {
      add(
          plan,
          Section.ROLLBACK_PROCEDURE,
          "rollback complexity " + rollback,
          "Step-by-step rollback, with how to verify it worked.");
    }
    return new DocumentationPlan(new ArrayList<>(plan.values()));
  }

  private static void add(
      Map<Section, DocumentationRequirement> plan, Section section, String reason, String prompt) {
    plan.merge(
        section,
        new DocumentationRequirement(section, "doc." + section.id(), reason, prompt),
        (existing, added) ->
            new DocumentationRequirement(
                section,
                existing.rule(),
                existing.reason() + "; " + added.reason(),
                existing.prompt()));
  }
}
