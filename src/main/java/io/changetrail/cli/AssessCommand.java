package io.changetrail.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.changetrail.app.Workspace;
import io.changetrail.app.assess.AssessChange;
import io.changetrail.app.assess.AssessChange.Request;
import io.changetrail.app.assess.AssessChange.Source;
import io.changetrail.app.assess.AssessmentJson;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.assess.Assessment;
import io.changetrail.domain.assess.AssessmentRenderer;
import io.changetrail.domain.assess.Level;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code changetrail assess}: the change impact assessment of a diff. */
@Command(
    name = "assess",
    mixinStandardHelpOptions = true,
    description = {
      "Assess a change from its diff: type, affected systems (direct and through build"
          + " dependencies), risk with its factors, testing requirements, rollback complexity and"
          + " the documentation it needs.",
      "Assesses the staged change unless told otherwise."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  changetrail assess                               the staged change",
      "  changetrail assess --working-tree -m 'FEATURE: iceberg orders'",
      "  changetrail assess --commit HEAD --format json",
      "  changetrail assess --range v1.4.0..HEAD --format markdown",
      "  changetrail assess --branch --fail-on HIGH        CI gate on a feature branch",
      "  changetrail assess --range HEAD~100..HEAD --each --format json   one line per commit",
      "",
      "Exit codes: 0 assessed; 1 risk at or above --fail-on; 3 not a repository; 4 no commits"
          + " or unknown revision; 5 nothing to assess; 6 invalid changetrail.yml; 7 invalid"
          + " input; 8 git failed."
    })
final class AssessCommand implements Runnable {
  @ParentCommand Main main;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  static final class What {
    @Option(names = "--staged", description = "The staged change (the default).")
    boolean staged;

    @Option(
        names = "--working-tree",
        description = "Every uncommitted change: staged, unstaged and untracked files.")
    boolean workingTree;

    @Option(
        names = "--commit",
        paramLabel = "SHA",
        description = "One commit (a merge: against its first parent).")
    String commit;

    @Option(
        names = "--range",
        paramLabel = "A..B",
        description = "The commits in B but not in A, as one change.")
    String range;

    @Option(
        names = "--branch",
        description = "The current branch since it left the default branch (merge base to HEAD).")
    boolean branch;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  What what = new What();

  @Option(
      names = {"-m", "--message"},
      paramLabel = "TEXT",
      description = "The change description (default: the commit message(s)).")
  String message;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "text, json or markdown (default: ${DEFAULT-VALUE}).",
      defaultValue = "text")
  OutputFormat format;

  @Option(
      names = "--fail-on",
      paramLabel = "LEVEL",
      description = "Exit with code 1 when the risk is at or above LEVEL (LOW, MEDIUM, HIGH).")
  Level failOn;

  @Option(
      names = "--each",
      description =
          "With --range: assess every commit on its own, newest first (JSON: one object per line).")
  boolean each;

  @Option(
      names = "--max-count",
      paramLabel = "N",
      description = "With --each: at most N commits.",
      defaultValue = "0")
  int maxCount;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    Workspace workspace = Workspace.open(main.directory());
    AssessChange useCase = new AssessChange(workspace);
    if (each) {
      runEach(useCase, out);
      return;
    }
    Assessment assessment = useCase.execute(request());
    print(assessment, out);
    out.flush();
    gate(assessment.risk().level(), assessment.subject());
  }

  private void runEach(AssessChange useCase, PrintWriter out) {
    if (what.range == null) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT, "--each needs --range", "e.g. --range HEAD~50..HEAD --each");
    }
    AtomicInteger count = new AtomicInteger();
    AtomicReference<Assessment> worst = new AtomicReference<>();
    PrintWriter err = spec.commandLine().getErr();
    List<AssessChange.Skipped> skipped = new ArrayList<>();
    boolean progress = stderrIsTerminal();
    useCase.eachCommit(
        what.range,
        maxCount,
        assessment -> {
          int n = count.incrementAndGet();
          if (progress && n % 50 == 0) {
            err.print("\rassessed " + n + " commits ...");
            err.flush();
          }
          if (worst.get() == null
              || assessment.risk().level().compareTo(worst.get().risk().level()) > 0) {
            worst.set(assessment);
          }
          if (format == OutputFormat.JSON) {
            out.println(json(assessment, false));
          } else {
            print(assessment, out);
            out.println();
          }
        },
        commit -> {
          skipped.add(commit);
          out.flush();
          err.println(
              "changetrail: commit "
                  + commit.sha()
                  + " not assessed: "
                  + commit.reason()
                  + " ("
                  + commit.hint()
                  + ")");
          err.flush();
        });
    out.flush();
    if (progress && count.get() >= 50) {
      err.print("\r\033[K");
      err.flush();
    }
    List<AssessChange.Skipped> unreadable =
        skipped.stream().filter(AssessChange.Skipped::objectMissing).toList();
    if (!unreadable.isEmpty()) {
      throw new ChangeTrailException(
          Problem.GIT_FAILED,
          unreadable.size()
              + " commit(s) of "
              + what.range
              + " could not be assessed: objects are missing (listed above); the other "
              + count.get()
              + " were",
          unreadable.get(0).hint());
    }
    if (count.get() == 0) {
      throw new ChangeTrailException(
          Problem.NOTHING_TO_DO,
          "the range " + what.range + " contains no commits",
          "check the order: A..B means the commits reachable from B but not from A");
    }
    if (worst.get() != null) {
      gate(worst.get().risk().level(), worst.get().subject());
    }
  }

  /**
   * Whether standard error is a terminal (progress is shown only there, never in a pipe, a file or
   * a CI log); read from /proc where there is one, else assumed not.
   */
  private boolean stderrIsTerminal() {
    if (spec.commandLine().getErr() == null || System.getenv("CHANGETRAIL_NO_PROGRESS") != null) {
      return false;
    }
    try {
      String target =
          java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  private void gate(Level level, String subject) {
    if (failOn != null && level.atLeast(failOn)) {
      throw new GateFailedException(
          subject + ": risk " + level + " is at or above --fail-on " + failOn);
    }
  }

  private Request request() {
    if (what.workingTree) {
      return new Request(Source.WORKING_TREE, "", message);
    }
    if (what.commit != null) {
      return new Request(Source.COMMIT, what.commit, message);
    }
    if (what.range != null) {
      return new Request(Source.RANGE, what.range, message);
    }
    if (what.branch) {
      return new Request(Source.BRANCH, "", message);
    }
    return new Request(Source.STAGED, "", message);
  }

  private void print(Assessment assessment, PrintWriter out) {
    switch (format) {
      case TEXT -> out.print(AssessmentRenderer.text(assessment));
      case MARKDOWN -> out.print(AssessmentRenderer.markdown(assessment));
      case JSON -> out.println(json(assessment, true));
    }
  }

  private static String json(Assessment assessment, boolean pretty) {
    try {
      var mapper = AssessmentJson.mapper();
      var node = AssessmentJson.toJson(assessment);
      return pretty
          ? mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node)
          : mapper.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
