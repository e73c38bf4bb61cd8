package io.changetrail.cli;

import io.changetrail.app.deploy.ConsoleProgress;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.app.lifecycle.VerifyChange;
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

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    try (Lifecycle lifecycle = LifecycleSupport.open(main, ledger)) {
      VerifyChange.Outcome outcome =
          new VerifyChange(lifecycle).verify(change, runbook -> new ConsoleProgress(out, runbook));
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
}
