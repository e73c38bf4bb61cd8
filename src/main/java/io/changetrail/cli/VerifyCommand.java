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
          + " apply to its risk and systems, check its documentation, record every result."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  changetrail verify CHG-20261124-7K3Q",
      "",
      "Exit codes: 0 PASSED; 1 FAILED (recorded); 13 unknown change; 14 refused (not deployed)."
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
      for (VerifyChange.CheckOutcome check : outcome.checks()) {
        out.println((check.passed() ? "  ✔ " : "  ✘ ") + check.name() + ": " + check.detail());
      }
      out.println(
          outcome.change().id()
              + ": verification "
              + (outcome.passed() ? "PASSED" : "FAILED")
              + ", status "
              + outcome.change().status()
              + (outcome.change().signOffRequired()
                      && outcome.passed()
                      && outcome.change().signOffs().isEmpty()
                  ? " (HIGH: sign-off required: changetrail signoff " + outcome.change().id() + ")"
                  : ""));
      if (!outcome.passed()) {
        out.flush();
        throw new GateFailedException("verification of " + outcome.change().id() + " FAILED");
      }
    }
  }
}
