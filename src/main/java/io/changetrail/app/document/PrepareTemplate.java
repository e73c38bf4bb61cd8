package io.changetrail.app.document;

import io.changetrail.app.Workspace;
import io.changetrail.app.assess.AssessChange;
import io.changetrail.app.assess.AssessChange.Request;
import io.changetrail.app.assess.AssessChange.Source;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.assess.Assessment;
import io.changetrail.domain.assess.ChangeType;
import io.changetrail.domain.assess.DocumentationPlan;
import io.changetrail.domain.assess.Level;
import io.changetrail.domain.document.ChangeDocument;
import io.changetrail.domain.template.ChangeTemplate;

/** The use case "prepare a change document": assesses the staged change and pre-fills one. */
public final class PrepareTemplate {
  private final Workspace workspace;

  public PrepareTemplate(Workspace workspace) {
    this.workspace = workspace;
  }

  /** The assessment the template was made from, and the template. */
  public record Prepared(Assessment assessment, ChangeDocument document) {}

  /**
   * @param description what the author already said (a header or a summary); may be empty
   */
  public Prepared execute(String description) {
    Assessment assessment =
        new AssessChange(workspace)
            .execute(new Request(Source.STAGED, "", description == null ? "" : description));
    return new Prepared(assessment, ChangeTemplate.from(assessment, description));
  }

  /**
   * The template of a change type: from the staged change with the type declared, or, when nothing
   * is staged, from the type's documentation plan alone (risk and rollback LOW unless given).
   *
   * @param type a type word: a methodology type, a Conventional Commits type or a team's alias
   */
  public ChangeDocument forType(String type, String summary, Level risk, Level rollback) {
    ChangeType resolved =
        workspace
            .policy()
            .vocabulary()
            .type(type == null ? "" : type)
            .orElseThrow(
                () ->
                    new ChangeTrailException(
                        Problem.INVALID_INPUT,
                        "'" + type + "' is not a change type",
                        "use one of " + workspace.policy().vocabulary().acceptedTypes()));
    String text = summary == null ? "" : summary.strip();
    try {
      String declared =
          resolved.name()
              + ": "
              + (text.isEmpty() ? "TODO: what the change does, in one line" : text);
      Assessment assessment =
          new AssessChange(workspace).execute(new Request(Source.STAGED, "", declared));
      return ChangeTemplate.from(assessment, declared);
    } catch (ChangeTrailException e) {
      if (e.problem() != Problem.NOTHING_TO_DO) {
        throw e;
      }
    }
    return ChangeTemplate.forType(resolved, DocumentationPlan.plan(resolved, risk, rollback), text);
  }
}
