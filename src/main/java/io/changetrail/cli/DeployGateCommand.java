package io.changetrail.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.changetrail.app.lifecycle.DeploymentProtection;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.remote.ServerClient;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
    Map<String, Object> answer;
    Optional<ServerClient> remote = server.client();
    if (remote.isPresent()) {
      String full =
          revision.matches("[0-9a-f]{40}|[0-9a-f]{64}")
              ? revision
              : DeploymentProtection.commitOf(parent.main.directory(), revision);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("environment", environment);
      body.put("commit", full);
      body.put("run", run == null ? "" : run);
      JsonNode reply = remote.get().post("/api/v1/deployment-gate", body);
      answer = new LinkedHashMap<>();
      reply.fields().forEachRemaining(field -> answer.put(field.getKey(), field.getValue()));
    } else {
      try (Lifecycle lifecycle = LifecycleSupport.open(parent.main, ledger)) {
        DeploymentProtection gate = new DeploymentProtection(lifecycle);
        String full = gate.commit(revision);
        DeploymentProtection.Recorded recorded =
            gate.decideAndRecord(full, environment, new DeploymentProtection.Asker("cli", run, ""));
        answer = new LinkedHashMap<>();
        answer.put("schema", "changetrail.gate/v1");
        answer.put("environment", environment);
        answer.put("commit", full);
        answer.put("decision", recorded.decision().approved() ? "approved" : "rejected");
        answer.put("approved", recorded.decision().approved());
        answer.put("change", recorded.decision().change().orElse(null));
        answer.put("reason", recorded.decision().reason());
        answer.put("entry", recorded.entry());
      }
    }
    boolean approved = "approved".equals(text(answer.get("decision")));
    String reason = text(answer.get("reason"));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(LifecycleSupport.json(answer));
    } else if (approved) {
      out.println(text(answer.get("change")));
      spec.commandLine().getErr().println("approved: " + reason);
    }
    out.flush();
    if (!approved) {
      throw new ChangeTrailException(
          Problem.REFUSED,
          "not approved for " + environment + ": " + reason,
          "the answer is recorded in the ledger (entry " + text(answer.get("entry")) + ")");
    }
  }

  private static String text(Object value) {
    if (value instanceof JsonNode node) {
      return node.isNull() ? "" : node.asText();
    }
    return value == null ? "" : value.toString();
  }
}
