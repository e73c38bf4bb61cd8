package io.changetrail.app.document;

import io.changetrail.app.Workspace;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.assess.Assessment;
import io.changetrail.domain.lint.LintInput;
import io.changetrail.domain.lint.LintReport;
import io.changetrail.domain.lint.Linter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The use case "commit a documented change": prepare the template from the staged change, check the
 * finished document against the plan, and commit it. The conversation with the author is the
 * face's; this holds the steps.
 */
public final class GuidedCommit {
  private final Workspace workspace;
  private final Linter linter;

  public GuidedCommit(Workspace workspace) {
    this.workspace = workspace;
    this.linter = new Linter(workspace.documentation().lint());
  }

  public PrepareTemplate.Prepared prepare(String description) {
    return new PrepareTemplate(workspace).execute(description);
  }

  /** Checks the document against the plan of the assessed change. */
  public LintReport check(String text, Assessment assessment) {
    return linter.lint(
        new LintInput(
            "change document",
            text,
            false,
            false,
            assessment.documentation(),
            "the staged change",
            Optional.empty()));
  }

  /** The file the message is kept in until it is committed (so that nothing typed is lost). */
  public Path draftFile() {
    return workspace.git().gitPath("CHANGETRAIL_EDITMSG");
  }

  public void saveDraft(String text) {
    try {
      Files.writeString(draftFile(), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO, "cannot write " + draftFile() + ": " + e.getMessage(), "");
    }
  }

  public String readDraft() {
    try {
      return Files.readString(draftFile(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO, "cannot read " + draftFile() + ": " + e.getMessage(), "");
    }
  }

  /** Opens the draft in the author's editor (git's choice: GIT_EDITOR, core.editor, VISUAL...). */
  public void edit() {
    String editor = workspace.git().editor();
    try {
      Process process =
          new ProcessBuilder("sh", "-c", editor + " \"$@\"", editor, draftFile().toString())
              .directory(workspace.git().root().toFile())
              .inheritIO()
              .start();
      if (process.waitFor() != 0) {
        throw new ChangeTrailException(
            Problem.INVALID_INPUT,
            "the editor (" + editor + ") ended with an error; nothing was committed",
            "the draft is kept in " + draftFile());
      }
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO, "cannot start the editor '" + editor + "': " + e.getMessage(), "set $EDITOR");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChangeTrailException(Problem.IO, "interrupted while editing", "");
    }
  }

  /** Commits the staged change with the draft as its message; returns the new commit's SHA. */
  public String commit(String text) {
    saveDraft(text);
    String sha = workspace.git().commitFile(draftFile());
    try {
      Files.deleteIfExists(draftFile());
    } catch (IOException e) {
      // the commit is made; a stale draft is harmless
    }
    return sha;
  }
}
