package io.changetrail.domain.changelog;

import io.changetrail.domain.assess.AffectedSystem;
import io.changetrail.domain.assess.Assessment;
import io.changetrail.domain.assess.Level;
import io.changetrail.domain.assess.RollbackAssessment;
import io.changetrail.domain.change.CommitInfo;
import io.changetrail.domain.document.ChangeDocument;
import io.changetrail.domain.document.ChecklistItem;
import io.changetrail.domain.document.DocumentSection;
import io.changetrail.domain.document.Section;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The methodology's comprehensive changelog of one change: type and summary, Context and Rationale,
 * Business Driver, Changes Made by system, Impact Assessment, Testing and Verification, Deployment
 * Information, the Rollback Procedure when rollback complexity is MEDIUM or HIGH, and Related
 * Documentation. What the document leaves out, the assessment fills in where it can.
 */
public final class ChangeChangelog {
  private ChangeChangelog() {}

  /**
   * @param commit the commit the document is the message of, if it is one
   * @param assessment the assessment of the change, if known
   */
  public static String markdown(
      ChangeDocument document,
      Optional<CommitInfo> commit,
      Optional<Assessment> assessment,
      ChangelogConfig config) {
    return markdown(document, commit, assessment, config, Optional.empty());
  }

  /**
   * @param deployment the ledger's deployment facts of the change, used for Deployment Information
   *     when the document has none
   */
  public static String markdown(
      ChangeDocument document,
      Optional<CommitInfo> commit,
      Optional<Assessment> assessment,
      ChangelogConfig config,
      Optional<DeploymentInfo> deployment) {
    StringBuilder out = new StringBuilder();
    var header = document.header();
    String type =
        header.typed()
            ? header.type().toUpperCase(java.util.Locale.ROOT)
            : assessment.map(a -> a.classification().type().name()).orElse("CHANGE");
    out.append("# ").append(type);
    if (!header.scope().isEmpty()) {
      out.append(" (").append(header.scope()).append(')');
    }
    out.append(": ").append(header.summary());
    if (document.breaking()) {
      out.append(" ⚠ BREAKING");
    }
    out.append("\n\n");
    commit.ifPresent(
        c ->
            out.append("Commit ")
                .append(
                    ReleaseChangelog.link(
                        "`" + c.shortSha() + "`", config.commitUrl(), "{sha}", c.sha()))
                .append(" by ")
                .append(c.authorName())
                .append(" on ")
                .append(c.authorTime().toLocalDate())
                .append("\n\n"));
    if (!document.intro().isEmpty()) {
      out.append(document.intro()).append("\n\n");
    }
    section(out, document, Section.CONTEXT_AND_RATIONALE, Optional.empty());
    section(out, document, Section.BUSINESS_DRIVER, Optional.empty());
    section(out, document, Section.CHANGES_MADE, assessment.map(ChangeChangelog::changesMade));
    impactAssessment(out, document, assessment);
    section(out, document, Section.IMPACT_AND_BENEFITS, Optional.empty());
    testing(out, document);
    section(
        out,
        document,
        Section.DEPLOYMENT_INFORMATION,
        deployment.map(
            d ->
                "- **Environment**: "
                    + d.environment()
                    + "\n- **Deployment Method**: "
                    + d.method()
                    + "\n- **Verification**: "
                    + d.verification()));
    section(out, document, Section.DEPLOYMENT_READINESS, Optional.empty());
    Level rollback = assessment.map(a -> a.rollback().level()).orElse(Level.LOW);
    if (rollback.atLeast(Level.MEDIUM) || document.has(Section.ROLLBACK_PROCEDURE)) {
      section(
          out,
          document,
          Section.ROLLBACK_PROCEDURE,
          Optional.of("⚠ Not documented, although rollback complexity is " + rollback + "."));
    }
    related(out, document, config);
    for (DocumentSection other : document.sections()) {
      Optional<Section> known = other.section();
      if (known.isEmpty()
          || known.get() == Section.KEY_DECISIONS
          || known.get() == Section.CRITICAL_KNOWLEDGE
          || known.get() == Section.LESSONS_LEARNED
          || known.get() == Section.FUTURE_CONSIDERATIONS) {
        out.append("## ").append(other.heading()).append("\n\n");
        out.append(other.body().isEmpty() ? "_(empty)_" : other.body()).append("\n\n");
      }
    }
    return out.toString().stripTrailing() + "\n";
  }

  private static void section(
      StringBuilder out, ChangeDocument document, Section section, Optional<String> fallback) {
    Optional<DocumentSection> written = document.section(section).filter(s -> !s.isEmpty());
    if (written.isEmpty() && fallback.isEmpty()) {
      return;
    }
    out.append("## ").append(section.title()).append("\n\n");
    out.append(written.map(DocumentSection::body).orElseGet(fallback::get)).append("\n\n");
  }

  private static void testing(StringBuilder out, ChangeDocument document) {
    Optional<DocumentSection> testing = document.section(Section.TESTING_AND_VERIFICATION);
    out.append("## ").append(Section.TESTING_AND_VERIFICATION.title()).append("\n\n");
    if (testing.isEmpty() || testing.get().isEmpty()) {
      out.append("⚠ No test results were documented.\n\n");
      return;
    }
    List<ChecklistItem> items = testing.get().checklist();
    long passed = items.stream().filter(ChecklistItem::passed).count();
    if (!items.isEmpty()) {
      out.append("**")
          .append(passed)
          .append(" of ")
          .append(items.size())
          .append(" check(s) passed**\n\n");
    }
    List<String> lines = new ArrayList<>();
    List<String> body = testing.get().lines();
    int next = 0;
    for (ChecklistItem item : items) {
      while (next < item.line()) {
        lines.add(body.get(next++));
      }
      lines.add(item.render());
      next++;
    }
    while (next < body.size()) {
      lines.add(body.get(next++));
    }
    out.append(String.join("\n", lines)).append("\n\n");
  }

  private static void related(StringBuilder out, ChangeDocument document, ChangelogConfig config) {
    Optional<DocumentSection> written =
        document.section(Section.RELATED_DOCUMENTATION).filter(s -> !s.isEmpty());
    List<String> references = new ArrayList<>();
    String text =
        String.join(
            "\n",
            document.header().summary(),
            document.intro(),
            document.sections().stream()
                .map(DocumentSection::body)
                .collect(Collectors.joining("\n")));
    for (var pattern : config.ticketPatterns()) {
      var m = pattern.matcher(text);
      while (m.find()) {
        String ticket = m.group();
        String line = "- " + ReleaseChangelog.link(ticket, config.ticketUrl(), "{ticket}", ticket);
        if (!references.contains(line)) {
          references.add(line);
        }
      }
    }
    document.trailers().forEach(t -> references.add("- " + t.key() + ": " + t.value()));
    if (written.isEmpty() && references.isEmpty()) {
      return;
    }
    out.append("## ").append(Section.RELATED_DOCUMENTATION.title()).append("\n\n");
    written.ifPresent(s -> out.append(s.body()).append("\n\n"));
    if (!references.isEmpty()) {
      out.append(String.join("\n", references)).append("\n\n");
    }
  }

  private static String changesMade(Assessment assessment) {
    List<String> lines = new ArrayList<>();
    for (AffectedSystem system : assessment.directSystems()) {
      lines.add("### " + system.name());
      system.paths().stream().limit(15).forEach(p -> lines.add("- `" + p + "`"));
      lines.add("");
    }
    return lines.isEmpty() ? "_No files changed._" : String.join("\n", lines).strip();
  }

  /**
   * The methodology's three computed fields first ({@code - **Risk Level**: ...}), then what the
   * author wrote: the author's prose may add to the assessment, never replace it.
   */
  private static void impactAssessment(
      StringBuilder out, ChangeDocument document, Optional<Assessment> assessment) {
    Optional<DocumentSection> written =
        document.section(Section.IMPACT_ASSESSMENT).filter(s -> !s.isEmpty());
    if (assessment.isEmpty() && written.isEmpty()) {
      return;
    }
    out.append("## ").append(Section.IMPACT_ASSESSMENT.title()).append("\n\n");
    assessment.ifPresent(a -> out.append(impact(a)).append("\n\n"));
    written.ifPresent(
        s ->
            out.append(assessment.isPresent() ? "The author's assessment:\n\n" : "")
                .append(s.body())
                .append("\n\n"));
  }

  private static String impact(Assessment assessment) {
    RollbackAssessment rollback = assessment.rollback();
    return "- **Risk Level**: "
        + assessment.risk().level()
        + " (score "
        + assessment.risk().score()
        + ")\n- **Affected Systems**: "
        + (assessment.systems().isEmpty()
            ? "none found"
            : assessment.systems().stream()
                .map(s -> s.name() + (s.direct() ? "" : " (indirect)"))
                .collect(Collectors.joining(", ")))
        + "\n- **Rollback Complexity**: "
        + rollback.level();
  }
}
