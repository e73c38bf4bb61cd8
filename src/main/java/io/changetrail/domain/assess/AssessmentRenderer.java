package io.changetrail.domain.assess;

import io.changetrail.domain.change.CommitInfo;
import java.util.List;

/** Renders an assessment for a terminal (text) or a pull request (Markdown). */
public final class AssessmentRenderer {
  private static final int PATHS_SHOWN = 5;

  private AssessmentRenderer() {}

  public static String text(Assessment a) {
    StringBuilder out = new StringBuilder();
    out.append("Assessment of ").append(a.subject());
    String subject = subjectLine(a);
    if (!subject.isEmpty()) {
      out.append(": \"").append(subject).append('"');
    }
    out.append('\n');
    ChangeStats s = a.stats();
    out.append("  ")
        .append(s.files())
        .append(" file(s), +")
        .append(s.additions())
        .append(" -")
        .append(s.deletions())
        .append(sizeDetails(s))
        .append("\n\n");

    Classification c = a.classification();
    out.append("Change type          ").append(c.type());
    if (c.breaking()) {
      out.append(" (breaking)");
    }
    out.append('\n');
    c.evidence().forEach(e -> out.append("  - ").append(e).append('\n'));

    out.append("\nAffected systems     (from ").append(a.systemsSource()).append(")\n");
    if (a.systems().isEmpty()) {
      out.append("  none\n");
    }
    int nameWidth = a.systems().stream().mapToInt(x -> x.name().length()).max().orElse(0);
    for (AffectedSystem system : a.systems()) {
      out.append("  ")
          .append(system.direct() ? "direct    " : "indirect  ")
          .append(pad(system.name(), nameWidth))
          .append("  tier ")
          .append(system.tier())
          .append("  ");
      if (system.direct()) {
        out.append(system.files())
            .append(" file(s), ")
            .append(system.linesChanged())
            .append(" line(s)");
        if (!system.productionChanged()) {
          out.append(", tests/docs only");
        }
      } else {
        out.append("via ").append(String.join(" -> ", system.dependencyPath()));
      }
      if (!system.owners().isEmpty()) {
        out.append("  owners: ").append(String.join(", ", system.owners()));
      }
      out.append('\n');
      List<String> paths = system.paths();
      for (int i = 0; i < Math.min(PATHS_SHOWN, paths.size()); i++) {
        out.append("      ").append(paths.get(i)).append('\n');
      }
      if (paths.size() > PATHS_SHOWN) {
        out.append("      ... and ").append(paths.size() - PATHS_SHOWN).append(" more\n");
      }
    }

    RiskAssessment r = a.risk();
    out.append("\nRisk                 ")
        .append(r.level())
        .append(" (score ")
        .append(r.score())
        .append("; MEDIUM from ")
        .append(r.mediumThreshold())
        .append(", HIGH from ")
        .append(r.highThreshold())
        .append(")\n");
    for (RiskFactor f : r.factors()) {
      out.append(String.format("  %+4d  %-26s %s%n", f.weight(), f.id(), f.description()));
    }

    out.append("\nTesting requirements\n");
    for (TestingRequirement t : a.testing()) {
      out.append("  - [").append(t.kind().name().toLowerCase().replace('_', '-')).append("] ");
      if (!t.system().isEmpty()) {
        out.append(t.system()).append(": ");
      }
      out.append(t.description());
      if (!t.command().isEmpty()) {
        out.append("\n      $ ").append(t.command());
      }
      out.append('\n');
    }

    out.append("\nRollback complexity  ").append(a.rollback().level()).append('\n');
    for (RollbackAssessment.Reason reason : a.rollback().reasons()) {
      out.append(String.format("  - %-6s %s%n", reason.level(), reason.reason()));
    }

    out.append("\nDocumentation required\n");
    int itemWidth =
        a.documentation().requirements().stream().mapToInt(d -> d.item().length()).max().orElse(0);
    for (DocumentationRequirement d : a.documentation().requirements()) {
      out.append("  - ").append(pad(d.item(), itemWidth)).append("  ");
      if (d.applies()) {
        out.append(d.evidence()).append("  (").append(d.reason()).append(")\n");
      } else {
        out.append("not applicable: ").append(d.notApplicable().get()).append('\n');
      }
    }
    if (!a.notes().isEmpty()) {
      out.append("\nNotes\n");
      a.notes().forEach(n -> out.append("  - ").append(n).append('\n'));
    }
    return out.toString();
  }

  public static String markdown(Assessment a) {
    StringBuilder out = new StringBuilder();
    Classification c = a.classification();
    RiskAssessment r = a.risk();
    out.append("## Change impact assessment\n\n");
    out.append("| | |\n|---|---|\n");
    out.append("| Assessed | ").append(cell(a.subject())).append(" |\n");
    String subject = subjectLine(a);
    if (!subject.isEmpty()) {
      out.append("| Summary | ").append(cell(subject)).append(" |\n");
    }
    out.append("| Change type | **")
        .append(c.type())
        .append("**")
        .append(c.breaking() ? " (breaking)" : "")
        .append(" |\n");
    out.append("| Risk | **")
        .append(r.level())
        .append("** (score ")
        .append(r.score())
        .append(") |\n");
    out.append("| Rollback complexity | **").append(a.rollback().level()).append("** |\n");
    ChangeStats s = a.stats();
    out.append("| Size | ")
        .append(s.files())
        .append(" file(s), +")
        .append(s.additions())
        .append(" −")
        .append(s.deletions())
        .append(" |\n\n");

    out.append("### Type evidence\n\n");
    c.evidence().forEach(e -> out.append("- ").append(escape(e)).append('\n'));

    out.append("\n### Affected systems\n\n");
    out.append("_From ").append(escape(a.systemsSource())).append("._\n\n");
    if (a.systems().isEmpty()) {
      out.append("None.\n");
    } else {
      out.append("| System | Tier | How | Detail |\n|---|---|---|---|\n");
      for (AffectedSystem system : a.systems()) {
        out.append("| ")
            .append(cell(system.name()))
            .append(" | ")
            .append(system.tier())
            .append(" | ")
            .append(system.direct() ? "direct" : "indirect")
            .append(" | ")
            .append(
                system.direct()
                    ? system.files() + " file(s), " + system.linesChanged() + " line(s)"
                    : "via " + cell(String.join(" → ", system.dependencyPath())))
            .append(" |\n");
      }
    }

    out.append("\n### Risk factors\n\n| Weight | Factor | Detail |\n|---:|---|---|\n");
    for (RiskFactor f : r.factors()) {
      out.append(
          String.format("| %+d | %s | %s |%n", f.weight(), cell(f.id()), cell(f.description())));
    }
    out.append("\n_Score ")
        .append(r.score())
        .append(": MEDIUM from ")
        .append(r.mediumThreshold())
        .append(", HIGH from ")
        .append(r.highThreshold())
        .append("._\n");

    out.append("\n### Testing requirements\n\n");
    for (TestingRequirement t : a.testing()) {
      out.append("- [ ] ");
      if (!t.system().isEmpty()) {
        out.append("**").append(escape(t.system())).append("**: ");
      }
      out.append(escape(t.description()));
      if (!t.command().isEmpty()) {
        out.append(": `").append(t.command().replace("`", "'")).append('`');
      }
      out.append('\n');
    }

    out.append("\n### Rollback complexity: ").append(a.rollback().level()).append("\n\n");
    for (RollbackAssessment.Reason reason : a.rollback().reasons()) {
      out.append("- ")
          .append(reason.level())
          .append(": ")
          .append(escape(reason.reason()))
          .append('\n');
    }

    out.append("\n### Documentation required\n\n");
    for (DocumentationRequirement d : a.documentation().requirements()) {
      if (!d.applies()) {
        out.append("- ➖ **")
            .append(d.item())
            .append("**: not applicable: ")
            .append(escape(d.notApplicable().get()))
            .append('\n');
        continue;
      }
      out.append("- [ ] **")
          .append(d.item())
          .append("** (")
          .append(escape(d.reason()))
          .append("): ")
          .append(escape(d.prompt()))
          .append(" In ")
          .append(escape(d.evidence()))
          .append('\n');
    }
    if (!a.notes().isEmpty()) {
      out.append("\n### Notes\n\n");
      a.notes().forEach(n -> out.append("- ").append(escape(n)).append('\n'));
    }
    return out.toString();
  }

  private static String subjectLine(Assessment a) {
    if (a.commits().size() == 1) {
      return a.commits().get(0).subject();
    }
    if (a.commits().size() > 1) {
      CommitInfo first = a.commits().get(0);
      return first.subject() + " (+" + (a.commits().size() - 1) + " more commit(s))";
    }
    String description = a.description().strip();
    return description.isEmpty() ? "" : description.lines().findFirst().orElse("");
  }

  private static String sizeDetails(ChangeStats s) {
    StringBuilder details = new StringBuilder();
    if (s.added() > 0) {
      details.append(", ").append(s.added()).append(" added");
    }
    if (s.deleted() > 0) {
      details.append(", ").append(s.deleted()).append(" deleted");
    }
    if (s.renamed() > 0) {
      details.append(", ").append(s.renamed()).append(" renamed");
    }
    if (s.binary() > 0) {
      details.append(", ").append(s.binary()).append(" binary");
    }
    return details.toString();
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }

  /** Escapes Markdown punctuation that would change the meaning of inline text. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char ch : text.toCharArray()) {
      if ("\\`*_[]<>|#".indexOf(ch) >= 0) {
        out.append('\\');
      }
      out.append(ch);
    }
    return out.toString();
  }

  private static String cell(String text) {
    return escape(text.replace('\n', ' '));
  }
}
