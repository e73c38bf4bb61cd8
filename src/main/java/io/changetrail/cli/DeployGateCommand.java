package io.changetrail.cli;

import io.changetrail.app.api.ChangeTrailApi;
import io.changetrail.app.api.GateAnswer;
import io.changetrail.app.api.Requests;
import io.changetrail.app.lifecycle.DeploymentProtection;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code changetrail deploy gate}: the deployment gate as a pipeline asks it before deploying, the
 * same answer GitHub's deployment protection rule and GitLab's status check get. Exit 0 with the
 * change's id on standard output when the commit may go to the environment; 14 with the reason when
 * not. The answer is recorded in the ledger.
 */
@Command(
    name = "gate",
    mixinStandardHelpOptions = true,
    description = {
      "May this commit be deployed to ENV? Yes only when a registered change has exactly its"
          + " content, approved for ENV, documented, and no blackout window applies. Prints the"
          + " change's id (exit 0) or the reason (exit 14); the answer is recorded in the ledger."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  change=\"$(changetrail deploy gate --env production --commit \"$GITHUB_SHA\" --server \"$CHANGETRAIL_SERVER\")\"",
      "  changetrail deploy gate --env production --format json",
      "",
      "Exit codes: 0 approved; 4 unknown revision; 7 invalid input; 10 ledger or server"
          + " unavailable; 14 not approved (the reason on standard error)."
    })
final class DeployGateCommand implements Runnable {
  @ParentCommand DeployCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

  @Option(names = "--env", required = true, paramLabel = "ENV", description = "The environment.")
  String environment;

  @Option(
      names = "--commit",
      paramLabel = "REV",
      description = "The commit to deploy (default: HEAD of this checkout).")
  String commit;

  @Option(
      names = "--run",
      paramLabel = "TEXT",
      description = "The pipeline run or job asking (its URL or id), recorded with the answer.")
  String run;

  @Mixin ServerOption server = new ServerOption();
  @Mixin ResultFormat output = new ResultFormat();

  @Override
  public void run() {
    boolean json = output.json();
    String revision = commit == null || commit.isBlank() ? "HEAD" : commit.strip();
    // the question names a full commit id: a revision is resolved in this checkout (a server's
    // clone may lack this checkout's branches)
    String full =
        revision.matches("[0-9a-f]{40}|[0-9a-f]{64}")
            ? revision
            : DeploymentProtection.commitOf(parent.main.directory(), revision);
    GateAnswer answer;
    try (ChangeTrailApi api = server.api(parent.main, ledger, true)) {
      answer = api.gate(new Requests.Gate(environment, full, run));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(LifecycleSupport.json(answer));
    } else if (answer.approved()) {
      out.println(answer.change());
      spec.commandLine().getErr().println("approved: " + answer.reason());
    }
    out.flush();
    if (!answer.approved()) {
      throw new ChangeTrailException(
          Problem.REFUSED,
          "not approved for " + environment + ": " + answer.reason(),
          "the answer is recorded in the ledger (entry " + answer.entry() + ")");
    }
  }
}
