package io.changetrail.cli;

import io.changetrail.app.Workspace;
import io.changetrail.app.init.Doctor;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code changetrail doctor}: what the repository misses for the methodology, with the fixes. */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description =
        "What this repository misses for the methodology's setup: configuration, hooks, the ledger"
            + " signing key, published checkpoints, users; each with the command that fixes it."
            + " Changes nothing.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  changetrail doctor",
      "",
      "Exit codes: 0 everything is in place; 1 something is missing; 3 not a repository;"
          + " 6 invalid changetrail.yml."
    })
final class DoctorCommand implements Runnable {
  @ParentCommand Main main;
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

  @Override
  public void run() {
    List<Doctor.Check> checks =
        new Doctor(Workspace.open(main.directory())).examine(ledger.value());
    PrintWriter out = spec.commandLine().getOut();
    int width = checks.stream().mapToInt(c -> c.name().length()).max().orElse(0);
    long missing = checks.stream().filter(c -> !c.ok()).count();
    for (Doctor.Check check : checks) {
      out.printf("%s %-" + width + "s  %s%n", check.ok() ? "✅" : "❌", check.name(), check.found());
      if (!check.ok() && !check.fix().isEmpty()) {
        out.printf("   %" + width + "s  fix: %s%n", "", check.fix());
      }
    }
    out.println(
        missing == 0
            ? "everything the methodology's setup needs is in place"
            : missing + " of " + checks.size() + " missing");
    out.flush();
    if (missing > 0) {
      throw new GateFailedException(missing + " setup item(s) missing");
    }
  }
}
