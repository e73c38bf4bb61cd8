package io.changetrail.app.document;

import io.changetrail.app.Workspace;
import io.changetrail.app.assess.AssessChange;
import io.changetrail.app.assess.AssessChange.Request;
import io.changetrail.app.assess.AssessChange.Source;
import io.changetrail.domain.assess.Assessment;
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
}
