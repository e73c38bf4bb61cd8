package io.changetrail.cli;

import io.changetrail.app.deploy.ConsoleProgress;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.app.lifecycle.VerifyChange;
import io.changetrail.domain.lifecycle.ChangeReport;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code changetrail verify}: the configured checks and documentation checks of a deployed change.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verify a deployed change: run the checks of changetrail.yml (verification.checks) that"
          + " apply to its risk and systems (without them: each affected system's test commands"
          + " from the catalog), check its documentation, record every result."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  changetrail verify CHG-20261124-7K3Q",
      "",
      "Exit codes: 0 PASSED; 1 FAILED (recorded); 13 unknown change; 14 refused (not deployed);"
          + " 18 NO TECHNICAL CHECKS (recorded: nothing was tested)."
    })
final class VerifyCommand implements Runnable {
  @ParentCommand Main main;
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

  @Parameters(paramLabel = "CHANGE", description = "The change id.")
  String change;

  @picocli.CommandLine.Mixin ResultFormat output = new ResultFormat();

  @Override
  public void run() {
    boolean json = output.json(); // a bad --format is refused before anything runs
    PrintWriter out = spec.commandLine().getOut();
    // with JSON, the checks' progress goes to standard error: standard output is the document
    PrintWriter progress = json ? spec.commandLine().getErr() : out;
    try (Lifecycle lifecycle = LifecycleSupport.open(main, ledger)) {
      VerifyChange.Outcome outcome =
          new VerifyChange(lifecycle)
              .verify(change, runbook -> new ConsoleProgress(progress, runbook));
      if (json) {
        out.println(LifecycleSupport.json(json(outcome)));
      } else {
        text(out, outcome);
      }
      gate(out, outcome);
    }
  }

  /** The verification as recorded, schema changetrail.verification/v1. */
  static java.util.Map<String, Object> json(VerifyChange.Outcome outcome) {
    java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
    json.put("schema", "changetrail.verification/v1");
    json.put("change", outcome.change().id());
    json.put("result", outcome.result());
    json.put("passed", outcome.passed());
    json.put("source", outcome.source());
    java.util.List<Object> checks = new java.util.ArrayList<>();
    for (VerifyChange.CheckOutcome check : outcome.checks()) {
      java.util.Map<String, Object> c = new java.util.LinkedHashMap<>();
      c.put("name", check.name());
      c.put("kind", check.kind());
      c.put("command", check.command());
      c.put("executed", check.executed());
      c.put("passed", check.passed());
      c.put("detail", check.detail());
      checks.add(c);
    }
    json.put("checks", checks);
    json.put("notes", outcome.notes());
    json.put("claimed", outcome.claimed());
    json.put(
        "signOffRequired",
        outcome.change().signOffRequired()
            && outcome.passed()
            && outcome.change().signOffs().isEmpty());
    json.put("record", ChangeReport.json(outcome.change()));
    return json;
  }

  private static void text(PrintWriter out, VerifyChange.Outcome outcome) {
    out.println();
    out.println("technical checks from " + outcome.source() + ":");
    for (VerifyChange.CheckOutcome check : outcome.checks()) {
      if (check.executed()) {
        out.println((check.passed() ? "  ✔ " : "  ✘ ") + check.name() + ": " + check.detail());
      }
    }
    if (outcome.checks().stream().noneMatch(VerifyChange.CheckOutcome::executed)) {
      out.println("  (none ran)");
    }
    outcome.notes().forEach(note -> out.println("  note: " + note));
    out.println("documentation:");
    for (VerifyChange.CheckOutcome check : outcome.checks()) {
      if (!check.executed()) {
        out.println((check.passed() ? "  ✔ " : "  ✘ ") + check.name() + ": " + check.detail());
      }
    }
    if (!outcome.claimed().isEmpty()) {
      out.println("claimed in the change's documents (not run by ChangeTrail):");
      outcome.claimed().forEach(line -> out.println("  " + line));
    }
    out.println(
        outcome.change().id()
            + ": verification "
            + outcome.result().replace('_', ' ')
            + ", status "
            + outcome.change().status()
            + (outcome.change().signOffRequired()
                    && outcome.passed()
                    && outcome.change().signOffs().isEmpty()
                ? " (HIGH: sign-off required: changetrail signoff " + outcome.change().id() + ")"
                : ""));
  }

  private static void gate(PrintWriter out, VerifyChange.Outcome outcome) {
    if (VerifyChange.NO_TECHNICAL_CHECKS.equals(outcome.result())) {
      out.flush();
      throw new GateFailedException(
          "verification of "
              + outcome.change().id()
              + ": NO TECHNICAL CHECKS ran, nothing was tested; give the systems 'tests:' or"
              + " add verification.checks in changetrail.yml",
          ExitCode.NO_TECHNICAL_CHECKS);
    }
    if (!outcome.passed()) {
      out.flush();
      throw new GateFailedException("verification of " + outcome.change().id() + " FAILED");
    }
  }
}
