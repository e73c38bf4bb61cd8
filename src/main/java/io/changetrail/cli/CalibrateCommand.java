package io.changetrail.cli;

import io.changetrail.app.Workspace;
import io.changetrail.app.lifecycle.LedgerOutcomes;
import io.changetrail.app.risk.CalibrateRisk;
import io.changetrail.app.risk.CalibrateRisk.Report;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.risk.Calibration;
import io.changetrail.domain.risk.Ranking;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code changetrail calibrate}: fits the risk model on the repository's own history. */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    description = {
      "Calibrate the risk model on this repository's history: find the fix commits, trace the"
          + " lines they changed back to the commits that introduced them (SZZ), fit a logistic"
          + " regression on the commits' features with a time split, print how well it ranks the"
          + " held-out future beside lines added alone and the built-in score, and write the model"
          + " to .changetrail/risk-model.json (which assess then uses).",
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  changetrail calibrate",
      "  changetrail calibrate --dry-run                    figures only, no model written",
      "  changetrail calibrate --labels bug-links.csv --until 2021-04-16 --immature-months 12",
      "",
      "Exit codes: 0 calibrated; 3 not a repository; 4 no commits or unknown revision; 5 too"
          + " little history or too few bug-inducing commits; 6 invalid changetrail.yml; 7"
          + " invalid input; 8 git failed; 9 the model could not be written."
    })
final class CalibrateCommand implements Runnable {
  @ParentCommand Main main;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--revision",
      paramLabel = "REV",
      description = "The history to learn from (default: ${DEFAULT-VALUE}).",
      defaultValue = "HEAD")
  String revision;

  @Option(
      names = "--until",
      paramLabel = "DATE",
      description = "Only commits authored before DATE (YYYY-MM-DD).")
  String until;

  @Option(
      names = "--immature-months",
      paramLabel = "N",
      description =
          "Leave out the last N months: their bugs may not be found yet (default: ${DEFAULT-VALUE}).",
      defaultValue = "6")
  int immatureMonths;

  @Option(
      names = "--labels",
      paramLabel = "FILE",
      description =
          "Bug-inducing commits from a file (one SHA per line, or a CSV with a bug_hash column)"
              + " instead of tracing the fixes.")
  Path labels;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Where to write the model (default: .changetrail/risk-model.json).")
  Path output;

  @Option(
      names = "--features-csv",
      paramLabel = "FILE",
      description = "Also write every commit's features and label as CSV, for your own analysis.")
  Path featuresCsv;

  @picocli.CommandLine.Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

  @Option(names = "--dry-run", description = "Print the figures; write no model.")
  boolean dryRun;

  @Override
  public void run() {
    if (immatureMonths < 0) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "--immature-months must not be negative (got " + immatureMonths + ")",
          "e.g. --immature-months 6");
    }
    Instant untilInstant = null;
    if (until != null) {
      try {
        untilInstant = LocalDate.parse(until).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e) {
        throw new ChangeTrailException(
            Problem.INVALID_INPUT,
            "--until '" + until + "' is not a date",
            "write it as YYYY-MM-DD, e.g. --until 2021-04-16");
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Workspace workspace = Workspace.open(main.directory());
    CalibrateRisk.Progress progress =
        System.console() != null ? new TerminalProgress(err) : CalibrateRisk.Progress.NONE;
    LedgerOutcomes.Outcomes outcomes = LedgerOutcomes.read(workspace, ledger.value());
    Report report =
        new CalibrateRisk(workspace)
            .execute(
                new CalibrateRisk.Request(
                    revision,
                    untilInstant,
                    immatureMonths,
                    main.file(labels),
                    main.file(output),
                    !dryRun,
                    main.file(featuresCsv)),
                outcomes.commits(),
                progress);
    if (progress != CalibrateRisk.Progress.NONE) {
      err.print("\r\033[K");
      err.flush();
    }
    print(report, outcomes.production(), out);
    out.flush();
  }

  static void print(Report report, List<String> production, PrintWriter out) {
    var r = report.result();
    out.println("Risk model calibration");
    out.printf(
        Locale.ROOT,
        "  history      %d commits (%d left out as immature)%s%n",
        report.commits(),
        r.immature(),
        report.incomplete() > 0
            ? "; " + report.incomplete() + " with content missing from this copy (object missing)"
            : "");
    if (report.fileLabels() > 0 || report.szzLabels() == 0 && report.tracedFixes() == 0) {
      out.printf(
          Locale.ROOT,
          "  labels       %d bug-inducing from the labels file%n",
          report.fileLabels());
    } else {
      out.printf(
          Locale.ROOT,
          "  labels       %d fix commits found, %d traced back: %d bug-inducing commits (SZZ)%s%n",
          report.fixes(),
          report.tracedFixes(),
          report.szzLabels(),
          report.blameFailures() > 0 ? "; " + report.blameFailures() + " blame(s) failed" : "");
    }
    out.printf(
        Locale.ROOT,
        "               %d from failed deployments in the ledger (production: %s)%n",
        report.ledgerLabels(),
        production.isEmpty() ? "no environment" : String.join(", ", production));
    out.printf(
        Locale.ROOT,
        "  time split   fit on %d older commits (%d bug-inducing), scored on %d newer (%d)%n",
        r.trained(),
        r.trainPositives(),
        r.tested(),
        r.testPositives());
    out.println();
    out.println("  Held-out future         ROC-AUC  PR-AUC  bugs caught in riskiest 20% of lines");
    for (Map.Entry<String, Ranking.Figures> e : r.figures().entrySet()) {
      Ranking.Figures f = e.getValue();
      out.printf(
          Locale.ROOT,
          "  %-22s  %7s  %6s  %s%n",
          e.getKey(),
          fmt(f.rocAuc()),
          fmt(f.prAuc()),
          Double.isNaN(f.recallAt20())
              ? "-"
              : String.format(Locale.ROOT, "%.1f%%", 100 * f.recallAt20()));
    }
    Ranking.Figures model = r.figures().get("model");
    Ranking.Figures lines = r.figures().get("lines added");
    out.println();
    if (model.rocAuc() > lines.rocAuc()) {
      out.println("  The model ranks the held-out commits better than lines added alone.");
    } else {
      out.println(
          "  The model does not rank the held-out commits better than lines added alone: weigh"
              + " whether it earns its place.");
    }
    out.printf(
        Locale.ROOT,
        "  Levels (held-out): LOW %s, MEDIUM %s, HIGH %s (commits, of them bug-inducing)%n",
        tally(r.levels().get("LOW")),
        tally(r.levels().get("MEDIUM")),
        tally(r.levels().get("HIGH")));
    int tested = Math.max(1, r.tested());
    int high = r.levels().get("HIGH")[0];
    int mediumOrHigher = high + r.levels().get("MEDIUM")[0];
    out.printf(
        Locale.ROOT,
        "  Thresholds: HIGH for the riskiest %d%% of the commits fitted on, MEDIUM or above for"
            + " %d%%; held-out: HIGH %.1f%%, MEDIUM or above %.1f%%%n",
        Math.round(100 * Calibration.HIGH_SHARE),
        Math.round(100 * Calibration.MEDIUM_SHARE),
        100.0 * high / tested,
        100.0 * mediumOrHigher / tested);
    if (report.written() != null) {
      out.println("  Model written to " + report.written() + " (assess uses it from now on).");
    } else {
      out.println("  Dry run: no model written.");
    }
  }

  private static String tally(int[] t) {
    return t[0] + "/" + t[1];
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }

  /** Progress on standard error, one line rewritten in place. */
  private static final class TerminalProgress implements CalibrateRisk.Progress {
    private final PrintWriter err;
    private String phase = "";

    TerminalProgress(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void phase(String what) {
      phase = what;
      err.print("\r\033[K" + what + " ...");
      err.flush();
    }

    @Override
    public void advance(int done, int total) {
      err.print("\r\033[K" + phase + " " + done + (total > 0 ? "/" + total : ""));
      err.flush();
    }
  }
}
