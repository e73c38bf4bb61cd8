package io.changetrail.domain.template;

import io.changetrail.domain.assess.AffectedSystem;
import io.changetrail.domain.assess.Assessment;
import io.changetrail.domain.assess.ChangeType;
import io.changetrail.domain.assess.DocumentationPlan;
import io.changetrail.domain.assess.DocumentationRequirement;
import io.changetrail.domain.assess.Evidence;
import io.changetrail.domain.assess.RiskFactor;
import io.changetrail.domain.assess.RollbackAssessment;
import io.changetrail.domain.assess.TestingRequirement;
import io.changetrail.domain.document.ChangeDocument;
import io.changetrail.domain.document.ChangeDocumentParser;
import io.changetrail.domain.document.DocumentSection;
import io.changetrail.domain.document.Header;
import io.changetrail.domain.document.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A change document pre-filled from an assessment: the header with the change type, Changes Made by
 * system from the diff, the Impact Assessment, and every other section the documentation plan
 * requires, with a {@code TODO:} prompt where only a person knows the answer. The linter rejects a
 * document whose required sections are still prompts.
 */
public final class ChangeTemplate {
  /** At most this many paths are listed per system. */
  static final int PATHS_LISTED = 15;

  private ChangeTemplate() {}

  /**
   * @param description the summary or header the author already gave; empty for a prompt
   */
  public static ChangeDocument from(Assessment assessment, String description) {
    ChangeDocument document =
        new ChangeDocument(header(assessment, description), "", List.of(), List.of());
    for (DocumentationRequirement requirement : assessment.documentation().requirements()) {
      if (requirement.applies() && requirement.isWholeSection()) {
        document =
            document.with(DocumentSection.of(requirement.section(), body(assessment, requirement)));
      }
    }
    if (!document.has(Section.CHANGES_MADE)) {
      document = document.with(DocumentSection.of(Section.CHANGES_MADE, changesMade(assessment)));
    }
    for (DocumentationRequirement requirement : assessment.documentation().requirements()) {
      if (!requirement.isWholeSection() || !requirement.applies()) {
        document = withItem(document, requirement);
      }
    }
    return document;
  }

  /**
   * The template of a change type when no change is staged: the sections and items the type's plan
   * requires, each with its prompt (the methodology's "standard templates for different change
   * types").
   */
  public static ChangeDocument forType(ChangeType type, DocumentationPlan plan, String summary) {
    String text = summary == null ? "" : summary.strip();
    Header header =
        new Header(
            type.name(),
            "",
            false,
            text.isEmpty() ? "TODO: what the change does, in one line" : text);
    ChangeDocument document = new ChangeDocument(header, "", List.of(), List.of());
    for (DocumentationRequirement requirement : plan.requirements()) {
      if (requirement.applies() && requirement.isWholeSection()) {
        String body =
            switch (requirement.section()) {
              case TESTING_AND_VERIFICATION ->
                  "- [ ] TODO: the tests you ran -> mark ✅ passed or ❌ failed";
              case IMPACT_ASSESSMENT ->
                  "- Risk Level: _TODO: LOW, MEDIUM or HIGH, and why_\n"
                      + "- Affected Systems: _TODO: the systems the change touches_\n"
                      + "- Rollback Complexity: _TODO: LOW, MEDIUM or HIGH, and why_";
              default -> prompt(requirement.item() + ": " + requirement.prompt());
            };
        document = document.with(DocumentSection.of(requirement.section(), body));
      }
    }
    if (!document.has(Section.CHANGES_MADE)) {
      document =
          document.with(
              DocumentSection.of(Section.CHANGES_MADE, prompt("What changed, by system.")));
    }
    for (DocumentationRequirement requirement : plan.requirements()) {
      if (!requirement.isWholeSection() || !requirement.applies()) {
        document = withItem(document, requirement);
      }
    }
    return document;
  }

  /**
   * Adds an item that is a part of a section ({@code ### Integration Points} under Changes Made, a
   * link, a checklist, a verification step) with its prompt; an item the plan knows does not apply
   * is written as the methodology's item name with "not applicable" and the reason.
   */
  private static ChangeDocument withItem(
      ChangeDocument document, DocumentationRequirement requirement) {
    Evidence where = requirement.anyOf().get(0);
    if (!requirement.applies()) {
      where = Evidence.section(Section.IMPACT_ASSESSMENT);
    }
    String existing =
        document.section(where.section()).map(DocumentSection::body).orElse("").strip();
    String addition =
        !requirement.applies()
            ? "- " + requirement.item() + ": not applicable: " + requirement.notApplicable().get()
            : switch (where.kind()) {
              case PART ->
                  "### "
                      + where.labels().get(0)
                      + "\n"
                      + prompt(requirement.item() + ": " + requirement.prompt());
              case LINK -> "- " + prompt(requirement.item() + ": [title](path)");
              case RESULTS, CHECKLIST ->
                  "- [ ] TODO: " + requirement.item() + ": " + requirement.prompt();
              case MENTION -> "1. " + prompt(requirement.item() + ": " + requirement.prompt());
              case SECTION -> prompt(requirement.item() + ": " + requirement.prompt());
            };
    String body =
        existing.isEmpty()
            ? addition
            : existing + "\n" + (where.kind() == Evidence.Kind.PART ? "\n" : "") + addition;
    return document.with(DocumentSection.of(where.section(), body));
  }

  private static Header header(Assessment assessment, String description) {
    String text = description == null ? "" : description.strip();
    String firstLine = text.lines().findFirst().orElse("");
    Header given = ChangeDocumentParser.header(firstLine);
    if (given.typed()) {
      return given;
    }
    String type = assessment.classification().type().name();
    String summary = firstLine.isEmpty() ? "TODO: what the change does, in one line" : firstLine;
    return new Header(type, "", assessment.classification().breaking(), summary);
  }

  private static String body(Assessment assessment, DocumentationRequirement requirement) {
    return switch (requirement.section()) {
      case CHANGES_MADE -> changesMade(assessment);
      case IMPACT_ASSESSMENT -> impact(assessment);
      case TESTING_AND_VERIFICATION -> testing(assessment);
      case ROLLBACK_PROCEDURE -> rollback(assessment, requirement);
      default -> prompt(requirement.item() + ": " + requirement.prompt());
    };
  }

  private static String prompt(String text) {
    return "_TODO: " + text + "_";
  }

  private static String changesMade(Assessment assessment) {
    List<String> lines = new ArrayList<>();
    for (AffectedSystem system : assessment.directSystems()) {
      if (!lines.isEmpty()) {
        lines.add("");
      }
      lines.add("### " + system.name());
      List<String> paths = system.paths();
      for (int i = 0; i < Math.min(PATHS_LISTED, paths.size()); i++) {
        lines.add("- `" + paths.get(i) + "`");
      }
      if (paths.size() > PATHS_LISTED) {
        lines.add("- ... and " + (paths.size() - PATHS_LISTED) + " more file(s)");
      }
    }
    if (lines.isEmpty()) {
      lines.add(prompt("What changed, by system."));
    }
    return String.join("\n", lines);
  }

  private static String impact(Assessment assessment) {
    List<String> lines = new ArrayList<>();
    var risk = assessment.risk();
    String factors =
        risk.factors().stream()
            .limit(4)
            .map(RiskFactor::description)
            .collect(Collectors.joining("; "));
    lines.add(
        "- Risk level: "
            + risk.level()
            + " (score "
            + risk.score()
            + (factors.isEmpty() ? "" : ": " + factors)
            + ")");
    String systems =
        assessment.systems().stream()
            .map(
                s ->
                    s.name()
                        + " (tier "
                        + s.tier()
                        + (s.direct()
                            ? ", direct"
                            : ", via " + String.join(" -> ", s.dependencyPath()))
                        + ")")
            .collect(Collectors.joining(", "));
    lines.add("- Affected systems: " + (systems.isEmpty() ? "none found" : systems));
    RollbackAssessment rollback = assessment.rollback();
    String reasons =
        rollback.reasons().stream()
            .map(RollbackAssessment.Reason::reason)
            .collect(Collectors.joining("; "));
    lines.add(
        "- Rollback complexity: "
            + rollback.level()
            + (reasons.isEmpty() ? "" : " (" + reasons + ")"));
    if (assessment.classification().breaking()) {
      lines.add("- Breaking change: " + prompt("who must change what, and when"));
    }
    return String.join("\n", lines);
  }

  private static String testing(Assessment assessment) {
    List<String> lines = new ArrayList<>();
    for (TestingRequirement test : assessment.testing()) {
      lines.add(
          "- [ ] TODO: "
              + (test.system().isEmpty() ? "" : test.system() + ": ")
              + test.description()
              + (test.command().isEmpty() ? "" : " (`" + test.command() + "`)")
              + " -> mark ✅ passed or ❌ failed");
    }
    if (lines.isEmpty()) {
      lines.add("- [ ] TODO: the tests you ran -> mark ✅ passed or ❌ failed");
    }
    return String.join("\n", lines);
  }

  private static String rollback(Assessment assessment, DocumentationRequirement requirement) {
    String reasons =
        assessment.rollback().reasons().stream()
            .map(RollbackAssessment.Reason::reason)
            .collect(Collectors.joining("; "));
    return "1. _TODO: "
        + requirement.prompt()
        + " Rollback complexity "
        + assessment.rollback().level()
        + (reasons.isEmpty() ? "" : ": " + reasons)
        + "_";
  }

  /**
   * The template with the author's answers in place of its prompts: sections given in {@code
   * answers} replace the template's, and {@code results}, when not empty, become Testing and
   * Verification.
   */
  public static ChangeDocument fill(
      ChangeDocument template,
      String summary,
      java.util.Map<Section, String> answers,
      List<io.changetrail.domain.document.ChecklistItem> results) {
    Header header = template.header();
    ChangeDocument document =
        summary == null || summary.isBlank()
            ? template
            : new ChangeDocument(
                new Header(header.type(), header.scope(), header.breaking(), summary.strip()),
                template.intro(),
                template.sections(),
                template.trailers());
    for (var answer : answers.entrySet()) {
      if (!answer.getValue().isBlank()) {
        document = document.with(DocumentSection.of(answer.getKey(), answer.getValue().strip()));
      }
    }
    if (!results.isEmpty()) {
      document =
          document.with(
              DocumentSection.of(
                  Section.TESTING_AND_VERIFICATION,
                  results.stream()
                      .map(io.changetrail.domain.document.ChecklistItem::render)
                      .collect(Collectors.joining("\n"))));
    }
    return document;
  }
}
