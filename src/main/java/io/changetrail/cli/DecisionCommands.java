package io.changetrail.cli;

import io.changetrail.app.api.ChangeTrailApi;
import io.changetrail.app.api.ChangeView;
import io.changetrail.app.api.Requests;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code approve}, {@code reject} and {@code signoff}: decisions bound to a change's content. */
final class DecisionCommands {
  private DecisionCommands() {}

  @Command(
      name = "approve",
      mixinStandardHelpOptions = true,
      description = {
        "Approve a change as it stands now. Segregation of duties: its implementer, authors and"
            + " committers may not approve it. New commits void the approval."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  changetrail approve CHG-20261124-7K3Q --comment 'limits checked with risk'",
        "  changetrail approve CHG-20261124-7K3Q --env uat --env prod",
        "  changetrail approve CHG-20261124-7K3Q --format json   the change after it, docs/change.schema.json",
        "",
        "Exit codes: 0 approved; 13 unknown change; 14 refused (own change, approved twice, not"
            + " an approver, wrong status, new commits)."
      })
  static final class Approve implements Runnable {
    @ParentCommand Main main;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

    @Parameters(paramLabel = "CHANGE", description = "The change id.")
    String change;

    @Option(names = "--comment", paramLabel = "TEXT", description = "What you checked.")
    String comment;

    @Option(
        names = "--env",
        paramLabel = "ENV",
        description = "Approve for these environments only (default: all).")
    List<String> environments = new ArrayList<>();

    @Mixin ServerOption server = new ServerOption();

    @Mixin ResultFormat output = new ResultFormat();

    @Override
    public void run() {
      output.json(); // a bad --format is refused before anything is recorded
      try (ChangeTrailApi api = server.api(main, ledger, true)) {
        ChangeView record = api.approve(change, new Requests.Approve(comment, environments));
        output.print(
            spec.commandLine().getOut(),
            "approved "
                + record.id()
                + " as "
                + record.lastApprover()
                + ": "
                + approvals(record.currentApprovals(), record.requiredApprovals())
                + ", status "
                + record.status(),
            record::json);
      }
    }
  }

  /** "1 of 2 approval(s)", or "3 approval(s), 2 required" once there are more than needed. */
  static String approvals(long current, long required) {
    return current > required
        ? current + " approval(s), " + required + " required"
        : current + " of " + required + " approval(s)";
  }

  @Command(
      name = "reject",
      mixinStandardHelpOptions = true,
      description = "Reject a change, with the reason.",
      footerHeading = "%nExamples:%n",
      footer = {"  changetrail reject CHG-20261124-7K3Q --comment 'no rollback for the migration'"})
  static final class Reject implements Runnable {
    @ParentCommand Main main;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

    @Parameters(paramLabel = "CHANGE", description = "The change id.")
    String change;

    @Option(
        names = "--comment",
        paramLabel = "TEXT",
        required = true,
        description = "Why, and what must change.")
    String comment;

    @Mixin ServerOption server = new ServerOption();

    @Mixin ResultFormat output = new ResultFormat();

    @Override
    public void run() {
      output.json(); // a bad --format is refused before anything is recorded
      try (ChangeTrailApi api = server.api(main, ledger, true)) {
        ChangeView record = api.reject(change, new Requests.Comment(comment));
        output.print(
            spec.commandLine().getOut(), "rejected " + record.id() + ": " + comment, record::json);
      }
    }
  }

  @Command(
      name = "signoff",
      mixinStandardHelpOptions = true,
      description =
          "Sign off a verified change (required whenever anything about it is HIGH); not by its implementer, authors or deployer.",
      footerHeading = "%nExamples:%n",
      footer = {"  changetrail signoff CHG-20261124-7K3Q --comment 'latency back to normal'"})
  static final class SignOff implements Runnable {
    @ParentCommand Main main;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

    @Parameters(paramLabel = "CHANGE", description = "The change id.")
    String change;

    @Option(names = "--comment", paramLabel = "TEXT", description = "What you confirmed.")
    String comment;

    @Mixin ServerOption server = new ServerOption();

    @Mixin ResultFormat output = new ResultFormat();

    @Override
    public void run() {
      output.json(); // a bad --format is refused before anything is recorded
      try (ChangeTrailApi api = server.api(main, ledger, true)) {
        ChangeView record = api.signOff(change, new Requests.Comment(comment));
        output.print(
            spec.commandLine().getOut(),
            "signed off " + record.id() + ": status " + record.status(),
            record::json);
      }
    }
  }
}
