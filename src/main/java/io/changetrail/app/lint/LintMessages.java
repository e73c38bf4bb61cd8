package io.changetrail.app.lint;

import io.changetrail.app.Workspace;
import io.changetrail.app.assess.AssessChange;
import io.changetrail.app.assess.AssessChange.Request;
import io.changetrail.app.assess.AssessChange.Source;
import io.changetrail.app.config.DocumentationConfigLoader.DocumentationConfig;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.assess.Assessment;
import io.changetrail.domain.change.CommitInfo;
import io.changetrail.domain.lint.LintInput;
import io.changetrail.domain.lint.LintReport;
import io.changetrail.domain.lint.Linter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The use case "lint change documents": a message (from a file or standard input) against the plan
 * of the staged change, or commits against the plans of their own diffs.
 */
public final class LintMessages {
  private final Optional<Workspace> workspace;
  private final DocumentationConfig config;

  private LintMessages(Optional<Workspace> workspace, DocumentationConfig config) {
    this.workspace = workspace;
    this.config = config;
  }

  /**
   * Opens the repository containing {@code directory}; outside a repository only messages can be
   * linted, with the default settings and the plan the header's type implies.
   */
  public static LintMessages open(Path directory) {
    try {
      Workspace workspace = Workspace.open(directory);
      return new LintMessages(Optional.of(workspace), workspace.documentation());
    } catch (ChangeTrailException e) {
      if (e.problem() != Problem.NOT_A_REPOSITORY) {
        throw e;
      }
      return new LintMessages(Optional.empty(), DocumentationConfig.defaults());
    }
  }

  /** The use case on an open repository, with its documentation settings. */
  public static LintMessages of(Workspace workspace) {
    return new LintMessages(Optional.of(workspace), workspace.documentation());
  }

  /**
   * Lints a committed change document (one of a change's commit messages, or its {@code
   * changes/ID.md} as the tip holds it) against the plan of the change's whole diff.
   */
  public LintReport lintDocument(
      String subject, String text, boolean merge, Assessment assessment) {
    return new Linter(config.lint())
        .lint(
            new LintInput(
                subject,
                text,
                text.indexOf('\uFFFD') >= 0,
                merge,
                assessment.documentation(),
                "the change's diff (" + summary(assessment) + ")",
                Optional.empty()));
  }

  /** Where the documentation plan of a message comes from. */
  public enum PlanSource {
    /** The staged change when something is staged, else the header's type. */
    STAGED,
    /** The header's type alone (risk and rollback complexity taken as LOW). */
    HEADER
  }

  /**
   * Lints a message given as bytes (a commit message file or standard input).
   *
   * @param stripComments drop git's comment lines and what follows the scissors line, as {@code git
   *     commit} does (for the commit-msg hook)
   */
  public LintReport lintMessage(
      String subject, byte[] bytes, boolean stripComments, PlanSource source) {
    boolean malformed = !isUtf8(bytes);
    String text = new String(bytes, StandardCharsets.UTF_8);
    Optional<Character> commentChar = stripComments ? Optional.of(commentChar()) : Optional.empty();
    Optional<Assessment> assessment =
        source == PlanSource.STAGED ? stagedAssessment(text) : Optional.empty();
    LintInput input =
        assessment.isPresent()
            ? new LintInput(
                subject,
                text,
                malformed,
                false,
                assessment.get().documentation(),
                "the staged change (" + summary(assessment.get()) + ")",
                commentChar)
            : new LintInput(
                subject,
                text,
                malformed,
                false,
                Linter.planFromHeader(text, config.lint().vocabulary()),
                "the header's type (no staged change to assess)",
                commentChar);
    return new Linter(config.lint()).lint(input);
  }

  private static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static String summary(Assessment a) {
    return a.classification().type()
        + ", risk "
        + a.risk().level()
        + ", rollback "
        + a.rollback().level();
  }

  /** Lints one commit's message against the plan of its own diff. */
  public LintReport lintCommit(String revision) {
    Workspace repository = requireRepository("--commit");
    return lint(new AssessChange(repository).execute(new Request(Source.COMMIT, revision, "")));
  }

  /**
   * Lints every commit of a range, newest first, each against the plan of its own diff.
   *
   * @return how many commits were linted
   */
  public int lintRange(String range, int limit, Consumer<LintReport> sink) {
    Workspace repository = requireRepository("--range");
    int[] count = {0};
    new AssessChange(repository)
        .eachCommit(
            range,
            limit,
            assessment -> {
              count[0]++;
              sink.accept(lint(assessment));
            });
    return count[0];
  }

  private LintReport lint(Assessment assessment) {
    CommitInfo commit = assessment.commits().get(0);
    return new Linter(config.lint())
        .lint(
            new LintInput(
                "commit " + commit.shortSha(),
                commit.message(),
                commit.message().indexOf('\uFFFD') >= 0,
                commit.isMerge(),
                assessment.documentation(),
                "the commit's diff (" + summary(assessment) + ")",
                Optional.empty()));
  }

  private Optional<Assessment> stagedAssessment(String text) {
    if (workspace.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new AssessChange(workspace.get()).execute(new Request(Source.STAGED, "", text)));
    } catch (ChangeTrailException e) {
      if (e.problem() == Problem.NOTHING_TO_DO) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private char commentChar() {
    return workspace
        .flatMap(w -> w.git().config("core.commentChar"))
        .filter(value -> value.length() == 1)
        .map(value -> value.charAt(0))
        .orElse('#');
  }

  private Workspace requireRepository(String option) {
    return workspace.orElseThrow(
        () ->
            new ChangeTrailException(
                Problem.NOT_A_REPOSITORY,
                option + " needs a git repository",
                "run it inside the repository, or point -C at one"));
  }
}
