package io.changetrail.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.changetrail.app.lint.LintJson;
import io.changetrail.app.lint.LintMessages;
import io.changetrail.app.lint.LintMessages.PlanSource;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.lint.LintReport;
import io.changetrail.domain.lint.LintReportRenderer;
import io.changetrail.domain.lint.LintRule;
import io.changetrail.domain.lint.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code changetrail lint}: checks change documents against their documentation plans. */
@Command(
    name = "lint",
    mixinStandardHelpOptions = true,
    description = {
      "Check a change document (a commit message or a changes/<id>.md file) against the"
          + " documentation plan of its change: header form, required sections present and filled"
          + " in, no minimal messages ('fixed stuff', 'wip'), test results listed, a Rollback"
          + " Procedure when rollback complexity is MEDIUM or HIGH.",
      "A message is checked against the plan of the staged change (or of its header's type when"
          + " nothing is staged); --commit and --range check each commit against its own diff.",
      "Rules are switched off or downgraded under 'lint: rules:' in changetrail.yml."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  changetrail lint --file .git/COMMIT_EDITMSG   a message file (- for standard input)",
      "  git log -1 --format=%%B | changetrail lint     standard input",
      "  changetrail lint --commit HEAD",
      "  changetrail lint --range origin/main..HEAD --format json   every commit, for CI",
      "  changetrail lint --list-rules",
      "",
      "Exit codes: 0 no errors; 1 errors found (warnings too with --strict); 3 not a repository"
          + " (--commit, --range); 4 unknown revision or range; 6 invalid changetrail.yml;"
          + " 7 invalid input (unreadable or missing file); 8 git failed."
    })
final class LintCommand implements Runnable {
  @ParentCommand Main main;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  static final class What {
    @Option(
        names = {"--file", "--edit"},
        paramLabel = "FILE",
        description = "The message file to check; - for standard input (the default).")
    Path file;

    @Option(names = "--commit", paramLabel = "SHA", description = "One commit's message.")
    String commit;

    @Option(
        names = "--range",
        paramLabel = "A..B",
        description = "Every commit in B but not in A, each against its own diff.")
    String range;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  What what = new What();

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "text or json (default: ${DEFAULT-VALUE}).",
      defaultValue = "text")
  OutputFormat format;

  @Option(names = "--strict", description = "Warnings fail too.")
  boolean strict;

  @Option(
      names = "--strip-comments",
      description =
          "Drop git's comment lines and everything below the scissors line, as git commit does"
              + " (the commit-msg hook uses it).")
  boolean stripComments;

  @Option(
      names = "--header-plan",
      description = "Check a message against the plan of its header's type, not the staged change.")
  boolean headerPlan;

  @Option(
      names = "--max-count",
      paramLabel = "N",
      description = "With --range: at most N commits (newest first).",
      defaultValue = "0")
  int maxCount;

  @Option(names = "--list-rules", description = "List the rules and their default severities.")
  boolean listRules;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print only messages that have findings.")
  boolean quiet;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    if (listRules) {
      for (LintRule rule : LintRule.all()) {
        out.printf("%-28s %-8s %s%n", rule.id(), rule.severity().label(), rule.description());
      }
      return;
    }
    if (format == OutputFormat.MARKDOWN) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT, "lint prints text or json", "use --format text or --format json");
    }
    LintMessages lint = LintMessages.open(main.directory());
    List<LintReport> reports = new ArrayList<>();
    if (what.range != null) {
      int count =
          lint.lintRange(
              what.range,
              maxCount,
              report -> {
                reports.add(report);
                print(report, out);
              });
      if (count == 0) {
        throw new ChangeTrailException(
            Problem.NOTHING_TO_DO,
            "the range " + what.range + " contains no commits",
            "check the order: A..B means the commits reachable from B but not from A");
      }
      if (format == OutputFormat.TEXT) {
        long failed = reports.stream().filter(r -> !passed(r)).count();
        out.println(count + " commit(s) linted, " + failed + " failed");
      }
    } else if (what.commit != null) {
      LintReport report = lint.lintCommit(what.commit);
      reports.add(report);
      print(report, out);
    } else {
      String subject =
          what.file == null || what.file.toString().equals("-") ? "<stdin>" : what.file.toString();
      LintReport report =
          lint.lintMessage(
              subject, read(), stripComments, headerPlan ? PlanSource.HEADER : PlanSource.STAGED);
      reports.add(report);
      print(report, out);
    }
    out.flush();
    long failed = reports.stream().filter(r -> !passed(r)).count();
    if (failed > 0) {
      throw new GateFailedException(
          failed == 1 && reports.size() == 1
              ? "the change document does not pass lint ('changetrail template' pre-fills one)"
              : failed + " of " + reports.size() + " commit(s) do not pass lint");
    }
  }

  private boolean passed(LintReport report) {
    return report.passed() && !(strict && report.count(Severity.WARNING) > 0);
  }

  private void print(LintReport report, PrintWriter out) {
    if (quiet && report.findings().isEmpty()) {
      return;
    }
    if (format == OutputFormat.JSON) {
      try {
        out.println(LintJson.mapper().writeValueAsString(LintJson.toJson(report)));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot write JSON", e);
      }
    } else {
      out.print(LintReportRenderer.text(report));
    }
  }

  private byte[] read() {
    if (what.file == null || what.file.toString().equals("-")) {
      try (InputStream in = System.in) {
        return in.readAllBytes();
      } catch (IOException e) {
        throw new ChangeTrailException(
            Problem.IO, "cannot read standard input: " + e.getMessage(), "");
      }
    }
    try {
      return Files.readAllBytes(main.directory().resolve(what.file));
    } catch (NoSuchFileException e) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          what.file + " does not exist",
          "name the message file to check, or - for standard input");
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "cannot read " + what.file + ": " + e.getMessage(),
          "check the path and its permissions");
    }
  }
}
