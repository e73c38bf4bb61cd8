package io.changetrail.cli;

import io.changetrail.app.api.ChangeTrailApi;
import io.changetrail.app.api.DeploymentView;
import io.changetrail.app.api.Requests;
import io.changetrail.app.deploy.ConsoleProgress;
import io.changetrail.app.lifecycle.DeployChange;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.deploy.Artifact;
import io.changetrail.domain.deploy.DeploymentDocument;
import io.changetrail.domain.deploy.Phase;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code changetrail deploy}: deployments from runbooks, by hand, rollback, and their document. */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description = {
      "Deploy a change from a runbook behind the gate (approved for the environment, outside"
          + " blackout windows), recording every step in the ledger as it happens; roll back;"
          + " record deployments done by hand; show the deployment document."
    },
    subcommands = {
      DeployCommand.Run.class,
      DeployCommand.Rollback.class,
      DeployCommand.Start.class,
      DeployCommand.Step.class,
      DeployCommand.Check.class,
      DeployCommand.IssueCommand.class,
      DeployCommand.Finish.class,
      DeployCommand.Show.class,
      DeployGateCommand.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  changetrail deploy run CHG-20261124-7K3Q --env prod --plan deploy/prod.yml",
      "  changetrail deploy run CHG-20261124-7K3Q --env prod --plan deploy/prod.yml --emergency --reason 'XLON rejects'",
      "  changetrail deploy rollback CHG-20261124-7K3Q",
      "  changetrail deploy start CHG-20261124-7K3Q --env prod         (by hand: prints the deployment id)",
      "  changetrail deploy step CHG-20261124-7K3Q --deployment DEP-... --name 'restart router' --passed",
      "  changetrail deploy finish CHG-20261124-7K3Q --deployment DEP-... --succeeded",
      "  changetrail deploy show CHG-20261124-7K3Q --format html > deployment.html",
      "",
      "Exit codes: 0 done; 1 a step failed (the deployment is recorded as FAILED); 7 invalid"
          + " runbook (file:line:column); 10 ledger unavailable; 13 unknown change or deployment;"
          + " 14 refused by the gate."
    })
final class DeployCommand implements Runnable {
  @ParentCommand Main main;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(),
        "name a subcommand: run, rollback, start, step, check, issue, finish or show");
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description =
          "Run a runbook: pre-deployment checks, steps, post-deployment checks; stops at the first failure.")
  static final class Run implements Runnable {
    @ParentCommand DeployCommand parent;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

    @Parameters(paramLabel = "CHANGE")
    String change;

    @Option(names = "--env", required = true, paramLabel = "ENV", description = "The environment.")
    String environment;

    @Option(
        names = "--plan",
        required = true,
        paramLabel = "FILE",
        description = "The runbook (YAML, see docs/runbooks.md).")
    Path plan;

    @Option(
        names = "--emergency",
        description = "Deploy without approval (must be approved afterwards).")
    boolean emergency;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for --emergency.")
    String reason;

    @Option(
        names = "--artifact",
        paramLabel = "NAME=sha256:HEX",
        description =
            "An artifact this deployment puts in place, by its SHA-256 digest (repeatable);"
                + " recorded, attested and reconciled against running snapshots.")
    java.util.List<String> artifacts = new java.util.ArrayList<>();

    @Mixin ResultFormat output = new ResultFormat();

    @Override
    public void run() {
      boolean json = output.json(); // a bad --format is refused before anything runs
      java.util.List<Artifact> named = Artifact.parseAll(artifacts);
      // with --format json the progress goes to standard error, the deployment record to stdout
      PrintWriter out = json ? spec.commandLine().getErr() : spec.commandLine().getOut();
      try (Lifecycle lifecycle = LifecycleSupport.open(parent.main, ledger)) {
        DeployChange.Outcome outcome =
            new DeployChange(lifecycle)
                .run(
                    new DeployChange.Request(
                        change,
                        environment,
                        parent.main.directory().resolve(plan).toAbsolutePath(),
                        emergency,
                        reason == null ? "" : reason,
                        named),
                    runbook -> new ConsoleProgress(out, runbook));
        out.println();
        out.println(DeploymentDocument.verdict(outcome.deployment()));
        if (json) {
          PrintWriter stdout = spec.commandLine().getOut();
          stdout.println(LifecycleSupport.json(DeploymentDocument.json(outcome.deployment())));
          stdout.flush();
        }
        if (!outcome.deployment().status().succeeded()) {
          out.println(
              "roll back with: changetrail deploy rollback "
                  + outcome.change().id()
                  + " --deployment "
                  + outcome.deployment().id());
          out.flush();
          throw new GateFailedException("deployment " + outcome.deployment().id() + " failed");
        }
      }
    }
  }

  @Command(
      name = "rollback",
      mixinStandardHelpOptions = true,
      description =
          "Run the runbook's documented rollback steps for a deployment (default: the latest).")
  static final class Rollback implements Runnable {
    @ParentCommand DeployCommand parent;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

    @Parameters(paramLabel = "CHANGE")
    String change;

    @Option(
        names = "--deployment",
        paramLabel = "ID",
        description = "The deployment (default: the latest).")
    String deployment;

    @Option(
        names = "--by-hand",
        description =
            "Record a rollback done by hand (needs --deployment) instead of running the runbook's"
                + " rollback steps; works with --server.")
    boolean byHand;

    @Option(names = "--failed", description = "With --by-hand: the rollback did not work.")
    boolean failed;

    @Option(
        names = "--duration",
        paramLabel = "DURATION",
        defaultValue = "0s",
        description = "With --by-hand: how long it took (30s, 2m...).")
    String duration;

    @Option(names = "--notes", paramLabel = "TEXT", description = "With --by-hand: what was done.")
    String notes;

    @Mixin ServerOption server = new ServerOption();

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      if (byHand) {
        if (deployment == null || deployment.isBlank()) {
          throw new ChangeTrailException(
              Problem.INVALID_INPUT,
              "a rollback by hand names the deployment it rolled back",
              "add --deployment DEP-... ('changetrail change show " + change + "' lists them)");
        }
        Requests.RollBack request =
            new Requests.RollBack(!failed, StepOptions.took(duration).toSeconds(), notes);
        try (ChangeTrailApi api = server.api(parent.main, ledger, true)) {
          DeploymentView rolledBack = api.rollBack(change, deployment, request);
          out.println(rolledBack.verdict());
          if (!rolledBack.status().equals("ROLLED_BACK")) {
            out.flush();
            throw new GateFailedException("the rollback of " + rolledBack.id() + " failed");
          }
        }
        return;
      }
      if (server.remote()) {
        throw new ChangeTrailException(
            Problem.INVALID_INPUT,
            "a runbook's rollback steps run here, not on the team server",
            "run it without --server, or record a rollback done by hand with --by-hand");
      }
      try (Lifecycle lifecycle = LifecycleSupport.open(parent.main, ledger)) {
        DeployChange.Outcome outcome =
            new DeployChange(lifecycle)
                .rollback(
                    change,
                    LifecycleSupport.blankToEmpty(deployment),
                    runbook -> new ConsoleProgress(out, runbook));
        out.println();
        out.println(DeploymentDocument.verdict(outcome.deployment()));
        if (!outcome.deployment().status().name().equals("ROLLED_BACK")) {
          out.flush();
          throw new GateFailedException("the rollback of " + outcome.deployment().id() + " failed");
        }
      }
    }
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = "Start recording a deployment done by hand (the gate applies); prints its id.")
  static final class Start implements Runnable {
    @ParentCommand DeployCommand parent;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

    @Parameters(paramLabel = "CHANGE")
    String change;

    @Option(names = "--env", required = true, paramLabel = "ENV")
    String environment;

    @Option(names = "--emergency")
    boolean emergency;

    @Option(names = "--reason", paramLabel = "TEXT")
    String reason;

    @Mixin ServerOption server = new ServerOption();

    @Option(
        names = "--commit",
        paramLabel = "REV",
        description = "With --server: the commit deployed (default: the change's tip).")
    String commit;

    @Option(
        names = "--artifact",
        paramLabel = "NAME=sha256:HEX",
        description =
            "An artifact this deployment puts in place, by its SHA-256 digest (repeatable);"
                + " recorded, attested and reconciled against running snapshots.")
    java.util.List<String> artifacts = new java.util.ArrayList<>();

    @Override
    public void run() {
      java.util.List<Artifact> named = Artifact.parseAll(artifacts);
      try (ChangeTrailApi api = server.api(parent.main, ledger, true)) {
        DeploymentView started =
            api.startDeployment(
                change,
                new Requests.StartDeployment(environment, emergency, reason, commit, named));
        spec.commandLine().getOut().println(started.id());
      }
    }
  }

  /** Options shared by step and check. */
  static class StepOptions {
    @Parameters(paramLabel = "CHANGE")
    String change;

    @Option(names = "--deployment", required = true, paramLabel = "ID")
    String deployment;

    @Option(
        names = "--name",
        required = true,
        paramLabel = "TEXT",
        description = "What was done or checked.")
    String name;

    @Option(names = "--passed", description = "It worked (default).")
    boolean passed;

    @Option(names = "--failed", description = "It failed.")
    boolean failed;

    @Option(
        names = "--duration",
        paramLabel = "DURATION",
        defaultValue = "0s",
        description = "How long it took (30s, 2m...).")
    String duration;

    @Option(names = "--notes", paramLabel = "TEXT")
    String notes;

    @Mixin ServerOption server = new ServerOption();

    /** Records the step, locally or on the server. */
    void record(Main main, AuditCommand.LedgerOption ledger, Phase phase) {
      Requests.Step request =
          new Requests.Step(phase.name(), name, !failed, took(duration).toSeconds(), notes);
      try (ChangeTrailApi api = server.api(main, ledger, true)) {
        api.recordStep(change, deployment, request);
      }
    }

    static Duration took(String duration) {
      return io.changetrail.domain.deploy.DurationText.parse(duration)
          .orElseThrow(
              () ->
                  new ChangeTrailException(
                      Problem.INVALID_INPUT,
                      "--duration '" + duration + "' is not a duration",
                      "write it as 500ms, 30s, 2m or 1h"));
    }
  }

  @Command(
      name = "step",
      mixinStandardHelpOptions = true,
      description = "Record a deployment step done by hand.")
  static final class Step extends StepOptions implements Runnable {
    @ParentCommand DeployCommand parent;
    @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

    @Override
    public void run() {
      record(parent.main, ledger, Phase.STEP);
    }
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = "Record a pre- or post-deployment check done by hand.")
  static final class Check extends StepOptions implements Runnable {
    @ParentCommand DeployCommand parent;
    @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

    @Option(names = "--pre", description = "A pre-deployment check (default: post-deployment).")
    boolean pre;

    @Override
    public void run() {
      record(parent.main, ledger, pre ? Phase.PRE_CHECK : Phase.POST_CHECK);
    }
  }

  @Command(
      name = "issue",
      mixinStandardHelpOptions = true,
      description = "Record an issue met during a deployment, and its resolution.")
  static final class IssueCommand implements Runnable {
    @ParentCommand DeployCommand parent;
    @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

    @Parameters(paramLabel = "CHANGE")
    String change;

    @Option(names = "--deployment", required = true, paramLabel = "ID")
    String deployment;

    @Option(names = "--description", required = true, paramLabel = "TEXT")
    String description;

    @Option(names = "--resolution", paramLabel = "TEXT")
    String resolution;

    @Option(
        names = "--severity",
        paramLabel = "LEVEL",
        description = "LOW, MEDIUM, HIGH or CRITICAL.")
    String severity;

    @Option(
        names = "--resolution-time",
        paramLabel = "DURATION",
        description = "How long the resolution took: 45s, 15m, 1h30m.")
    String resolutionTime;

    @Mixin ServerOption server = new ServerOption();

    @Override
    public void run() {
      Requests.Issue request =
          new Requests.Issue(description, resolution, severity, resolutionTime);
      try (ChangeTrailApi api = server.api(parent.main, ledger, true)) {
        api.recordIssue(change, deployment, request);
      }
    }
  }

  @Command(
      name = "finish",
      mixinStandardHelpOptions = true,
      description = "End a deployment done by hand.")
  static final class Finish implements Runnable {
    @ParentCommand DeployCommand parent;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

    @Parameters(paramLabel = "CHANGE")
    String change;

    @Option(names = "--deployment", required = true, paramLabel = "ID")
    String deployment;

    @Option(names = "--succeeded", description = "It worked.")
    boolean succeeded;

    @Option(names = "--failed", description = "It failed.")
    boolean failed;

    @Mixin ServerOption server = new ServerOption();

    @Override
    public void run() {
      if (succeeded == failed) {
        throw new ChangeTrailException(
            Problem.INVALID_INPUT, "say how it ended", "add --succeeded or --failed");
      }
      try (ChangeTrailApi api = server.api(parent.main, ledger, true)) {
        DeploymentView finished =
            api.finishDeployment(change, deployment, new Requests.Finish(succeeded));
        spec.commandLine().getOut().println(finished.verdict());
      }
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "The deployment document: id, date, environment, checks, steps with status and duration, metrics, issues.")
  static final class Show implements Runnable {
    @ParentCommand DeployCommand parent;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

    @Parameters(paramLabel = "CHANGE")
    String change;

    @Option(
        names = "--deployment",
        paramLabel = "ID",
        description = "The deployment (default: the latest).")
    String deployment;

    @Option(
        names = "--format",
        paramLabel = "FORMAT",
        defaultValue = "text",
        description = "text, markdown, html or json.")
    DocumentFormat format;

    @Mixin ServerOption server = new ServerOption();

    @Override
    public void run() {
      try (ChangeTrailApi api = server.api(parent.main, ledger, false)) {
        String which = deployment == null ? "" : deployment;
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
          case TEXT, MARKDOWN -> out.print(api.deploymentDocument(change, which, "markdown"));
          case HTML -> out.print(api.deploymentDocument(change, which, "html"));
          case JSON -> out.println(LifecycleSupport.json(api.deployment(change, which)));
        }
      }
    }
  }
}
