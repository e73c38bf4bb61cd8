package io.changetrail.domain.assess;

import io.changetrail.domain.document.Section;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The documentation a change needs: the methodology's {@code plan_documentation_requirements}, item
 * by item and by its names. Three base items for every change; three more for a FEATURE, a CLEANUP
 * and an INTEGRATION change; three for HIGH risk. ChangeTrail adds Changes Made (the methodology's
 * changelog always has it), the rollback procedure whenever rollback complexity is MEDIUM or HIGH
 * (the methodology's changelog renderer), and plans for the workflow's VERIFICATION and PRODUCTION
 * commits (its section 2.2). An item the plan knows does not apply (a documentation-only change has
 * no performance impact) stays in the plan, marked not applicable with the reason.
 */
public record DocumentationPlan(List<DocumentationRequirement> requirements) {
  public static final String CONTEXT = "Comprehensive commit message with rationale";
  public static final String CHANGES = "Changes made, by system";
  public static final String IMPACT = "Change impact summary";
  public static final String TESTING = "Testing verification results";
  public static final String FEATURE_SPECIFICATION = "Feature specification documentation";
  public static final String INTEGRATION_POINTS = "Integration points documentation";
  public static final String PERFORMANCE_IMPACT = "Performance impact assessment";
  public static final String REMOVED_COMPONENTS = "Removed components inventory";
  public static final String CONFIGURATION_CLEANUP = "Configuration cleanup documentation";
  public static final String CLEANUP_VERIFICATION = "System verification after cleanup";
  public static final String INTEGRATION_ARCHITECTURE = "Integration architecture documentation";
  public static final String DEPLOYMENT_PROCEDURE = "Deployment procedure documentation";
  public static final String ROLLBACK_PROCEDURE = "Rollback procedure documentation";
  public static final String DETAILED_TESTING = "Detailed testing plan and results";
  public static final String ROLLBACK_VERIFICATION = "Rollback verification procedure";
  public static final String PRODUCTION_VALIDATION = "Production validation checklist";
  public static final String DEPLOYMENT_READINESS = "Deployment readiness";

  /** The 15 items of the methodology's {@code plan_documentation_requirements}, in its order. */
  public static final List<String> METHODOLOGY_ITEMS =
      List.of(
          CONTEXT,
          IMPACT,
          TESTING,
          FEATURE_SPECIFICATION,
          INTEGRATION_POINTS,
          PERFORMANCE_IMPACT,
          REMOVED_COMPONENTS,
          CONFIGURATION_CLEANUP,
          CLEANUP_VERIFICATION,
          INTEGRATION_ARCHITECTURE,
          DEPLOYMENT_PROCEDURE,
          ROLLBACK_PROCEDURE,
          DETAILED_TESTING,
          ROLLBACK_VERIFICATION,
          PRODUCTION_VALIDATION);

  /** A HIGH risk change lists at least this many passed results (fewer if it needs fewer). */
  static final int DETAILED_RESULTS = 3;

  public DocumentationPlan {
    requirements = List.copyOf(requirements);
  }

  /**
   * What the plan knows about the change besides its type and levels.
   *
   * @param scope what kinds of file it touches, empty when no diff is known
   * @param configurationFiles whether a configuration file is among them (true when not known)
   * @param testsRequired how many testing requirements the assessment lists
   */
  public record Facts(Optional<ChangeScope> scope, boolean configurationFiles, int testsRequired) {
    /** Nothing is known but the header: every item applies. */
    public static Facts unknown() {
      return new Facts(Optional.empty(), true, 1);
    }
  }

  /** Whether an applicable item is written in this section as a whole. */
  public boolean requires(Section section) {
    return requirements.stream()
        .anyMatch(r -> r.applies() && r.isWholeSection() && r.section() == section);
  }

  /** The applicable items. */
  public List<DocumentationRequirement> applicable() {
    return requirements.stream().filter(DocumentationRequirement::applies).toList();
  }

  /** The item with this name. */
  public Optional<DocumentationRequirement> item(String name) {
    return requirements.stream().filter(r -> r.item().equals(name)).findFirst();
  }

  /** The plan when nothing but the type and the levels is known. */
  public static DocumentationPlan plan(ChangeType type, Level risk, Level rollback) {
    return plan(type, risk, rollback, Facts.unknown());
  }

  /** Builds the plan for a change of this type, risk and rollback complexity. */
  public static DocumentationPlan plan(ChangeType type, Level risk, Level rollback, Facts facts) {
    Map<String, DocumentationRequirement> plan = new LinkedHashMap<>();
    String base = "every change";
    add(
        plan,
        CONTEXT,
        "doc.context-and-rationale",
        base,
        "Why is this change needed? What problem does it solve, and why this way?",
        Evidence.section(Section.CONTEXT_AND_RATIONALE));
    add(
        plan,
        CHANGES,
        "doc.changes-made",
        base,
        "What changed, by system.",
        Evidence.section(Section.CHANGES_MADE));
    add(
        plan,
        IMPACT,
        "doc.impact-assessment",
        base,
        "Risk level, affected systems, rollback complexity.",
        Evidence.section(Section.IMPACT_ASSESSMENT),
        Evidence.section(Section.IMPACT_AND_BENEFITS));
    add(
        plan,
        TESTING,
        "doc.testing-and-verification",
        base,
        "Tests run and their results (- ✅ passed / - ❌ failed).",
        Evidence.section(Section.TESTING_AND_VERIFICATION));
    switch (type) {
      case FEATURE -> {
        String feature = "FEATURE change";
        add(
            plan,
            FEATURE_SPECIFICATION,
            "doc.feature-specification",
            feature,
            "Which business need does the feature serve, and where is it specified?",
            Evidence.section(Section.BUSINESS_DRIVER),
            Evidence.link(Section.RELATED_DOCUMENTATION),
            Evidence.part(Section.CHANGES_MADE, "Feature Specification", "Specification"));
        add(
            plan,
            INTEGRATION_POINTS,
            "doc.integration-points",
            feature,
            "Which systems, workflows and interfaces the feature connects to.",
            Evidence.part(Section.CHANGES_MADE, "Integration Points"),
            Evidence.part(Section.IMPACT_ASSESSMENT, "Integration Points"));
        add(
            plan,
            PERFORMANCE_IMPACT,
            "doc.performance-impact",
            feature,
            "Latency, throughput and memory effect of the feature, measured or estimated.",
            Evidence.part(Section.IMPACT_ASSESSMENT, "Performance"),
            Evidence.part(Section.TESTING_AND_VERIFICATION, "Performance"));
        facts
            .scope()
            .filter(s -> s == ChangeScope.DOCUMENTATION_ONLY || s == ChangeScope.TESTS_ONLY)
            .ifPresent(
                s ->
                    notApplicable(
                        plan,
                        PERFORMANCE_IMPACT,
                        (s == ChangeScope.DOCUMENTATION_ONLY ? "documentation-only" : "tests-only")
                            + " change: no code that runs in production changed"));
      }
      case CLEANUP -> {
        String cleanup = "CLEANUP change";
        add(
            plan,
            REMOVED_COMPONENTS,
            "doc.removed-components",
            cleanup,
            "Every component, class, flag or file removed, and what (if anything) replaces it.",
            Evidence.part(Section.CHANGES_MADE, "Removed", "Deleted"));
        add(
            plan,
            CONFIGURATION_CLEANUP,
            "doc.configuration-cleanup",
            cleanup,
            "Configuration keys, files or parameters removed or renamed, per environment.",
            Evidence.part(Section.CHANGES_MADE, "Configuration"));
        if (!facts.configurationFiles()) {
          notApplicable(
              plan, CONFIGURATION_CLEANUP, "no configuration file is among the changed files");
        }
        add(
            plan,
            CLEANUP_VERIFICATION,
            "doc.cleanup-verification",
            cleanup,
            "The checks showing the system still works without what was removed.",
            Evidence.results(Section.TESTING_AND_VERIFICATION, 1));
      }
      case INTEGRATION -> {
        String integration = "INTEGRATION change";
        add(
            plan,
            INTEGRATION_ARCHITECTURE,
            "doc.integration-architecture",
            integration,
            "How the systems connect: endpoints, protocol, message flow, failure modes.",
            Evidence.part(Section.CHANGES_MADE, "Integration Architecture", "Integration"),
            Evidence.link(Section.RELATED_DOCUMENTATION));
        add(
            plan,
            DEPLOYMENT_PROCEDURE,
            "doc.deployment-information",
            integration,
            "Environments, order, sequencing with the counterparty, who deploys and who watches.",
            Evidence.section(Section.DEPLOYMENT_INFORMATION));
        add(
            plan,
            ROLLBACK_PROCEDURE,
            "doc.rollback-procedure",
            integration,
            "Step-by-step rollback, with how to verify it worked.",
            Evidence.section(Section.ROLLBACK_PROCEDURE));
      }
      case VERIFICATION -> {
        String why =
            "a VERIFICATION commit records the checks of the change it verifies, whose own"
                + " document gives the rationale, the changes and the impact";
        notApplicable(plan, CONTEXT, why);
        notApplicable(plan, CHANGES, why);
        notApplicable(plan, IMPACT, why);
        add(
            plan,
            DEPLOYMENT_READINESS,
            "doc.deployment-readiness",
            "VERIFICATION commit",
            "Whether the change is ready for production, and what is left before it is.",
            Evidence.section(Section.DEPLOYMENT_READINESS));
      }
      case PRODUCTION ->
          add(
              plan,
              ROLLBACK_PROCEDURE,
              "doc.rollback-procedure",
              "PRODUCTION consolidation commit",
              "Step-by-step rollback of the whole change, with how to verify it worked.",
              Evidence.section(Section.ROLLBACK_PROCEDURE));
      default -> {}
    }
    if (risk == Level.HIGH) {
      String high = "HIGH risk";
      add(
          plan,
          DETAILED_TESTING,
          "doc.detailed-testing",
          high,
          "The testing plan and a result for every test it lists.",
          Evidence.results(
              Section.TESTING_AND_VERIFICATION,
              Math.max(2, Math.min(DETAILED_RESULTS, facts.testsRequired()))));
      add(
          plan,
          ROLLBACK_PROCEDURE,
          "doc.rollback-procedure",
          high,
          "Step-by-step rollback, with how to verify it worked.",
          Evidence.section(Section.ROLLBACK_PROCEDURE));
      add(
          plan,
          ROLLBACK_VERIFICATION,
          "doc.rollback-verification",
          high,
          "How to verify that the rollback worked (which check, which figure).",
          Evidence.mention(Section.ROLLBACK_PROCEDURE, "verif", "confirm", "check"));
      add(
          plan,
          PRODUCTION_VALIDATION,
          "doc.production-validation",
          high,
          "The checks to run in production right after the deployment.",
          Evidence.checklist(Section.DEPLOYMENT_INFORMATION, 1),
          Evidence.part(Section.DEPLOYMENT_INFORMATION, "Production Validation"));
    }
    if (rollback.atLeast(Level.MEDIUM)) {
      add(
          plan,
          ROLLBACK_PROCEDURE,
          "doc.rollback-procedure",
          "rollback complexity " + rollback,
          "Step-by-step rollback, with how to verify it worked.",
          Evidence.section(Section.ROLLBACK_PROCEDURE));
    }
    return new DocumentationPlan(new ArrayList<>(plan.values()));
  }

  /** Every item a plan can hold, with its rule (for the rule list and changetrail.yml). */
  public static List<DocumentationRequirement> catalog() {
    Map<String, DocumentationRequirement> all = new LinkedHashMap<>();
    for (ChangeType type : ChangeType.values()) {
      for (DocumentationRequirement r : plan(type, Level.HIGH, Level.HIGH).requirements()) {
        all.putIfAbsent(r.rule(), r);
      }
    }
    return new ArrayList<>(all.values());
  }

  private static void add(
      Map<String, DocumentationRequirement> plan,
      String item,
      String rule,
      String reason,
      String prompt,
      Evidence... anyOf) {
    plan.merge(
        item,
        new DocumentationRequirement(item, rule, reason, prompt, List.of(anyOf), Optional.empty()),
        (existing, added) -> existing.because(added.reason()));
  }

  private static void notApplicable(
      Map<String, DocumentationRequirement> plan, String item, String why) {
    plan.computeIfPresent(item, (name, r) -> r.notApplicable(why));
  }
}
