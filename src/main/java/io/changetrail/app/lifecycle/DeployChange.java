package io.changetrail.app.lifecycle;

import io.changetrail.app.deploy.DeploymentListener;
import io.changetrail.app.deploy.RunbookExecutor;
import io.changetrail.app.deploy.RunbookParser;
import io.changetrail.app.users.Role;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.deploy.Artifact;
import io.changetrail.domain.deploy.Deployment;
import io.changetrail.domain.deploy.DeploymentStatus;
import io.changetrail.domain.deploy.Issue;
import io.changetrail.domain.deploy.Phase;
import io.changetrail.domain.deploy.Runbook;
import io.changetrail.domain.deploy.RunbookStep;
import io.changetrail.domain.deploy.StepResult;
import io.changetrail.domain.deploy.StepStatus;
import io.changetrail.domain.event.LedgerEvent;
import io.changetrail.domain.ledger.Fact;
import io.changetrail.domain.lifecycle.BlackoutWindow;
import io.changetrail.domain.lifecycle.ChangeClass;
import io.changetrail.domain.lifecycle.ChangeId;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.lifecycle.ChangeStatus;
import io.changetrail.domain.lifecycle.EventKind;
import io.changetrail.git.GitRepository;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The use case "deploy a change": the gate (approved for the environment, or an emergency with a
 * reason; outside blackout windows; HEAD holds the approved commits), then the runbook executed
 * step by step, each step recorded in the ledger as it finishes; rollback the same way; and the
 * hand-recorded variant for deployments done by hand.
 */
public final class DeployChange {
  private static final Set<ChangeStatus> NOT_DEPLOYABLE =
      Set.of(
          ChangeStatus.DRAFT, ChangeStatus.REJECTED, ChangeStatus.CLOSED, ChangeStatus.DEPLOYING);

  private final Lifecycle lifecycle;
  private final SecureRandom random = new SecureRandom();

  public DeployChange(Lifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  /**
   * A deployment to run from a runbook.
   *
   * @param artifacts what it puts in place, by digest (recorded with its start; may be empty)
   */
  public record Request(
      String changeId,
      String environment,
      Path plan,
      boolean emergency,
      String reason,
      List<Artifact> artifacts) {
    public Request {
      artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
    }

    public Request(
        String changeId, String environment, Path plan, boolean emergency, String reason) {
      this(changeId, environment, plan, emergency, reason, List.of());
    }
  }

  /** How a deployment or rollback ended, and the change as it stands after it. */
  public record Outcome(Deployment deployment, ChangeRecord change) {}

  public Outcome run(Request request, Function<Runbook, DeploymentListener> progressFor) {
    lifecycle.decider(Role.DEPLOYER, "deploy");
    ChangeRecord record = lifecycle.ledger().change(request.changeId());
    Path plan = lifecycle.workspace().git().root().resolve(request.plan()).normalize();
    Runbook runbook = new RunbookParser().parse(plan);
    String deployment =
        start(
            record.id(),
            started -> gate(started, request.environment(), request.emergency(), request.reason()),
            relative(plan),
            request);
    DeploymentListener progress = progressFor.apply(runbook);
    RunbookExecutor executor = executor(record, request.environment(), deployment);
    List<StepResult> results =
        executor.run(runbook.deployment(), recording(record, deployment, progress));
    DeploymentStatus status = DeploymentStatus.of(results);
    String finished = status.succeeded() ? "SUCCEEDED" : "FAILED";
    results.stream()
        .filter(r -> r.status() != StepStatus.PASSED)
        .findFirst()
        .ifPresent(
            failed ->
                lifecycle
                    .ledger()
                    .append(
                        issueFact(
                            record,
                            deployment,
                            failed.phase().label()
                                + " "
                                + failed.number()
                                + " '"
                                + failed.name()
                                + "' "
                                + failed.status().label()
                                + " (exit "
                                + failed.exitCode()
                                + "); the deployment stopped",
                            "",
                            Optional.empty())));
    lifecycle
        .ledger()
        .append(finishFact(record, deployment, EventKind.DEPLOYMENT_FINISHED, finished));
    return outcome(record.id(), deployment);
  }

  /** The issue a deployment records by itself: a failure, or the rollback that resolved it. */
  private Fact issueFact(
      ChangeRecord record,
      String deployment,
      String description,
      String resolution,
      Optional<java.time.Duration> took) {
    return new LedgerEvent.DeploymentIssue(
            deployment,
            lifecycle.ledger().now().toString(),
            description,
            resolution,
            Optional.of("HIGH"),
            took.map(java.time.Duration::toMillis),
            Map.of())
        .fact(lifecycle.actor().display(), record.id());
  }

  /** Runs the rollback steps of the runbook a deployment used, recording them the same way. */
  public Outcome rollback(
      String changeId,
      Optional<String> deploymentId,
      Function<Runbook, DeploymentListener> progressFor) {
    lifecycle.decider(Role.DEPLOYER, "roll back");
    ChangeRecord record = lifecycle.ledger().change(changeId);
    ChangeRecord.DeploymentRun run = find(record, deploymentId);
    if (run.status() == io.changetrail.domain.deploy.DeploymentStatus.RUNNING) {
      throw DecideChange.refused(
          "deployment " + run.id() + " is still running", "wait for it to finish or stop it first");
    }
    if (run.status() == io.changetrail.domain.deploy.DeploymentStatus.ROLLED_BACK) {
      throw DecideChange.refused("deployment " + run.id() + " was already rolled back", "");
    }
    Path plan = lifecycle.workspace().git().root().resolve(run.runbook()).normalize();
    Runbook runbook = new RunbookParser().parse(plan);
    List<RunbookStep> steps = runbook.phase(Phase.ROLLBACK);
    if (steps.isEmpty()) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          run.runbook() + " documents no rollback steps",
          "add a 'rollback:' list to the runbook, or roll back by hand and record it with"
              + " 'changetrail deploy step'");
    }
    DeploymentListener progress = progressFor.apply(runbook);
    List<StepResult> results =
        executor(record, run.environment(), run.id())
            .run(steps, recording(record, run.id(), progress));
    boolean ok = results.stream().allMatch(r -> r.status() == StepStatus.PASSED);
    lifecycle
        .ledger()
        .append(
            issueFact(
                record,
                run.id(),
                "deployment "
                    + run.id()
                    + " "
                    + run.status().name().toLowerCase(java.util.Locale.ROOT)
                    + "; rolled back with the runbook's "
                    + results.size()
                    + " rollback step(s)",
                ok ? "rolled back" : "the rollback failed: see the rollback steps",
                Optional.of(
                    results.stream()
                        .map(StepResult::duration)
                        .reduce(java.time.Duration.ZERO, java.time.Duration::plus))));
    lifecycle
        .ledger()
        .append(
            finishFact(
                record, run.id(), EventKind.ROLLED_BACK, ok ? "ROLLED_BACK" : "ROLLBACK_FAILED"));
    return outcome(record.id(), run.id());
  }

  // ---------------------------------------------------------------- by hand

  /** Starts a deployment done by hand; returns its id. The gate applies as for {@link #run}. */
  public String startManual(String changeId, String environment, boolean emergency, String reason) {
    return startManual(changeId, environment, emergency, reason, Optional.empty())
        .deployment()
        .id();
  }

  /**
   * Starts a deployment done by hand of {@code commit} (a revision that must contain the change's
   * commits); empty for HEAD of this checkout. A team server, whose checkout is not what is
   * deployed, names the commit. Returns the started deployment and the change as it leaves it.
   */
  public Outcome startManual(
      String changeId,
      String environment,
      boolean emergency,
      String reason,
      Optional<String> commit) {
    return startManual(changeId, environment, emergency, reason, commit, List.of());
  }

  /** As above, recording the artifacts the deployment puts in place (by digest). */
  public Outcome startManual(
      String changeId,
      String environment,
      boolean emergency,
      String reason,
      Optional<String> commit,
      List<Artifact> artifacts) {
    lifecycle.decider(Role.DEPLOYER, "deploy");
    String[] deployment = new String[1];
    ChangeRecord after =
        lifecycle
            .ledger()
            .update(
                changeId,
                record -> {
                  String deployed = gate(record, environment, emergency, reason, commit);
                  deployment[0] = newDeploymentId(record);
                  return List.of(
                      startFact(
                          record,
                          deployment[0],
                          environment,
                          "(by hand)",
                          deployed,
                          new Request(changeId, environment, null, emergency, reason, artifacts)));
                });
    return outcome(after, deployment[0]);
  }

  /** Records one step or check done by hand; returns the deployment as it stands then. */
  public Deployment recordStep(
      String changeId,
      String deploymentId,
      Phase phase,
      String name,
      boolean passed,
      Duration took,
      String notes) {
    lifecycle.decider(Role.DEPLOYER, "record a deployment step");
    ChangeRecord after =
        lifecycle
            .ledger()
            .update(
                changeId,
                record -> {
                  ChangeRecord.DeploymentRun run = find(record, Optional.of(deploymentId));
                  requireRunning(run);
                  int number =
                      (int) run.steps().stream().filter(s -> phase.name().equals(s.phase())).count()
                          + 1;
                  StepResult result =
                      new StepResult(
                          phase,
                          number,
                          name,
                          "(by hand)",
                          passed ? StepStatus.PASSED : StepStatus.FAILED,
                          lifecycle.ledger().now().minus(took),
                          took,
                          StepResult.NO_EXIT_CODE, // none was recorded: a step done by hand
                          "",
                          "",
                          List.of(),
                          notes == null ? "" : notes);
                  return List.of(
                      lifecycle.fact(DeploymentFacts.step(run.id(), result), record.id()));
                });
    return outcome(after, deploymentId).deployment();
  }

  /**
   * Records an issue met during a deployment and how it was resolved; returns the deployment as it
   * stands then.
   */
  public Deployment recordIssue(
      String changeId, String deploymentId, String description, String resolution) {
    return recordIssue(changeId, deploymentId, description, resolution, "", Optional.empty());
  }

  /**
   * Records an issue with the methodology's severity and resolution time.
   *
   * @param severity LOW, MEDIUM, HIGH or CRITICAL, or empty
   */
  public Deployment recordIssue(
      String changeId,
      String deploymentId,
      String description,
      String resolution,
      String severity,
      Optional<java.time.Duration> resolutionTime) {
    String level = severity == null ? "" : severity.strip().toUpperCase(java.util.Locale.ROOT);
    if (!level.isEmpty() && !Issue.SEVERITIES.contains(level)) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "'" + severity + "' is not a severity",
          "use one of " + String.join(", ", Issue.SEVERITIES));
    }
    if (resolutionTime.isPresent() && resolutionTime.get().isNegative()) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT, "a resolution time cannot be negative", "e.g. 15m or 1h30m");
    }
    lifecycle.decider(Role.DEPLOYER, "record a deployment issue");
    ChangeRecord after =
        lifecycle
            .ledger()
            .update(
                changeId,
                record -> {
                  ChangeRecord.DeploymentRun run = find(record, Optional.of(deploymentId));
                  LedgerEvent.DeploymentIssue issue =
                      new LedgerEvent.DeploymentIssue(
                          run.id(),
                          lifecycle.ledger().now().toString(),
                          description,
                          resolution == null ? "" : resolution,
                          level.isEmpty() ? Optional.empty() : Optional.of(level),
                          resolutionTime.map(java.time.Duration::toMillis),
                          Map.of());
                  return List.of(lifecycle.fact(issue, record.id()));
                });
    return outcome(after, deploymentId).deployment();
  }

  /**
   * Ends a deployment done by hand. Succeeded is refused while a recorded step or check stands
   * failed (its latest record, by phase and name): the status follows from the recorded facts.
   */
  public Outcome finishManual(String changeId, String deploymentId, boolean succeeded) {
    lifecycle.decider(Role.DEPLOYER, "finish a deployment");
    ChangeRecord after =
        lifecycle
            .ledger()
            .update(
                changeId,
                record -> {
                  ChangeRecord.DeploymentRun run = find(record, Optional.of(deploymentId));
                  requireRunning(run);
                  List<String> failing = ChangeRecord.failingSteps(run);
                  if (succeeded && !failing.isEmpty()) {
                    throw DecideChange.refused(
                        "deployment "
                            + run.id()
                            + " cannot be finished as succeeded: "
                            + String.join(", ", failing)
                            + " failed",
                        "finish it with --failed (and roll back), or record the check again"
                            + " once it passes: 'changetrail deploy check "
                            + record.id()
                            + " --deployment "
                            + run.id()
                            + " --name ... --passed'");
                  }
                  return List.of(
                      finishFact(
                          record,
                          run.id(),
                          EventKind.DEPLOYMENT_FINISHED,
                          succeeded ? "SUCCEEDED" : "FAILED"));
                });
    return outcome(after, deploymentId);
  }

  /**
   * Records a rollback done by hand of a finished deployment: what was done (a ROLLBACK step with
   * the notes), the issue it resolved, and the deployment's end as ROLLED_BACK (or ROLLBACK_FAILED
   * when the rollback did not work). The same facts as a runbook's rollback, without running
   * anything here: the team server is not where the systems run.
   */
  public Outcome recordRollback(
      String changeId, String deploymentId, boolean succeeded, Duration took, String notes) {
    lifecycle.decider(Role.DEPLOYER, "roll back");
    if (took.isNegative()) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT, "a rollback cannot take a negative time", "e.g. 120 seconds");
    }
    ChangeRecord after =
        lifecycle
            .ledger()
            .update(
                changeId,
                record -> {
                  ChangeRecord.DeploymentRun run = find(record, Optional.of(deploymentId));
                  if (run.status() == io.changetrail.domain.deploy.DeploymentStatus.RUNNING) {
                    throw DecideChange.refused(
                        "deployment " + run.id() + " is still running",
                        "finish it first (as failed), then record the rollback");
                  }
                  if (run.status() == io.changetrail.domain.deploy.DeploymentStatus.ROLLED_BACK) {
                    throw DecideChange.refused(
                        "deployment " + run.id() + " was already rolled back", "");
                  }
                  int number =
                      (int)
                              run.steps().stream()
                                  .filter(s -> Phase.ROLLBACK.name().equals(s.phase()))
                                  .count()
                          + 1;
                  StepResult step =
                      new StepResult(
                          Phase.ROLLBACK,
                          number,
                          "rolled back by hand",
                          "(by hand)",
                          succeeded ? StepStatus.PASSED : StepStatus.FAILED,
                          lifecycle.ledger().now().minus(took),
                          took,
                          StepResult.NO_EXIT_CODE,
                          "",
                          "",
                          List.of(),
                          notes == null ? "" : notes);
                  return List.of(
                      lifecycle.fact(DeploymentFacts.step(run.id(), step), record.id()),
                      issueFact(
                          record,
                          run.id(),
                          "deployment "
                              + run.id()
                              + " "
                              + run.status().name().toLowerCase(java.util.Locale.ROOT)
                              + "; rolled back by hand",
                          succeeded ? "rolled back" : "the rollback failed: see the rollback step",
                          Optional.of(took)),
                      finishFact(
                          record,
                          run.id(),
                          EventKind.ROLLED_BACK,
                          succeeded ? "ROLLED_BACK" : "ROLLBACK_FAILED"));
                });
    return outcome(after, deploymentId);
  }

  /** The deployment document model of one deployment (the latest when none is named). */
  public Deployment show(String changeId, Optional<String> deploymentId) {
    ChangeRecord record = lifecycle.ledger().change(changeId);
    return DeploymentFacts.deployment(record.id(), find(record, deploymentId));
  }

  // ---------------------------------------------------------------- the gate

  /** Refuses the deployment unless it may go ahead; returns the commit being deployed (HEAD). */
  String gate(ChangeRecord record, String environment, boolean emergency, String reason) {
    return gate(record, environment, emergency, reason, Optional.empty());
  }

  /** The gate for deploying {@code commit} (HEAD when empty); returns the full commit id. */
  String gate(
      ChangeRecord record,
      String environment,
      boolean emergency,
      String reason,
      Optional<String> commit) {
    if (environment == null || environment.isBlank()) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT, "name the environment", "add --env prod");
    }
    if (NOT_DEPLOYABLE.contains(record.status())) {
      throw DecideChange.refused(
          record.id() + " is " + record.status() + " and cannot be deployed",
          DecideChange.hintFor(record));
    }
    if (emergency && (reason == null || reason.isBlank())) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "an emergency deployment needs a reason",
          "add --reason 'what is broken in production'");
    }
    GitRepository git = lifecycle.workspace().git();
    String head = git.resolveCommit(commit.orElse("HEAD"));
    if (!git.isAncestor(record.tip(), head)) {
      throw DecideChange.refused(
          commit.orElse("HEAD")
              + " ("
              + head.substring(0, 10)
              + ") does not contain the commits of "
              + record.id()
              + " (up to "
              + record.tip().substring(0, 10)
              + ")",
          "check out the approved commits before deploying; if they were rewritten (amended,"
              + " rebased), run 'changetrail change update "
              + record.id()
              + "': approvals stand when the diff is the same");
    }
    DecideChange.ContentGuard.requireCurrent(git, record);
    if (!emergency) {
      ChangeDocumentation.requireDocumented(lifecycle, record, "deployed");
    }
    boolean preApproved = record.changeClass() == ChangeClass.STANDARD;
    if (!emergency && !preApproved && !record.approvedFor(environment)) {
      throw DecideChange.refused(
          record.id()
              + " is not approved for "
              + environment
              + ": it needs "
              + record.requiredApprovals()
              + " approval(s) of its current content ("
              + record.risk()
              + " risk), it has "
              + record.currentApprovals(),
          "get approvals with 'changetrail approve "
              + record.id()
              + "', or deploy with"
              + " --emergency --reason '...' and have it approved afterwards");
    }
    Optional<ChangeRecord.DeploymentRun> rolledBack = record.rolledBackIn(environment);
    if (!emergency && !preApproved && rolledBack.isPresent()) {
      ChangeRecord.DeploymentRun run = rolledBack.get();
      long end = run.entries().isEmpty() ? -1 : run.entries().get(run.entries().size() - 1);
      long since = record.approvalsFor(environment, end);
      if (since < record.requiredApprovals()) {
        throw DecideChange.refused(
            record.id()
                + " was rolled back in "
                + environment
                + " (deployment "
                + run.id()
                + ", "
                + run.status().label()
                + "): approvals given before the rollback do not cover deploying it there again;"
                + " it needs "
                + record.requiredApprovals()
                + " approval(s) recorded since, it has "
                + since,
            "review what went wrong, then approve it again with 'changetrail approve "
                + record.id()
                + "'; or register the fix as a new change; or deploy with --emergency --reason"
                + " '...'");
      }
    }
    for (BlackoutWindow window : lifecycle.config().blackouts()) {
      if (window.blocks(lifecycle.ledger().now(), environment) && !emergency) {
        throw DecideChange.refused(
            "deployments to "
                + environment
                + " are blocked now by the blackout window "
                + window.describe(),
            "deploy after the window, or with --emergency --reason '...'");
      }
    }
    return head;
  }

  /**
   * Records the start of a deployment from a runbook once {@code gate} (which returns the commit
   * being deployed) lets it through; returns its id.
   */
  private String start(
      String changeId, Function<ChangeRecord, String> gate, String runbook, Request request) {
    String[] deployment = new String[1];
    lifecycle
        .ledger()
        .update(
            changeId,
            record -> {
              String commit = gate.apply(record);
              deployment[0] = newDeploymentId(record);
              return List.of(
                  startFact(
                      record, deployment[0], request.environment(), runbook, commit, request));
            });
    return deployment[0];
  }

  private Fact startFact(
      ChangeRecord record,
      String deployment,
      String environment,
      String runbook,
      String commit,
      Request request) {
    boolean manual = request.plan() == null; // done by hand: running until its end is recorded
    return lifecycle.fact(
        new LedgerEvent.DeploymentStarted(
            deployment,
            environment,
            runbook,
            commit,
            request.emergency(),
            request.reason() == null ? "" : request.reason(),
            request.artifacts().stream().map(Artifact::json).toList(),
            manual,
            manual ? Map.of() : ChangeLedger.processIdentity()),
        record.id());
  }

  private DeploymentListener recording(
      ChangeRecord record, String deployment, DeploymentListener progress) {
    return new DeploymentListener() {
      @Override
      public void stepStarted(RunbookStep step) {
        progress.stepStarted(step);
      }

      @Override
      public void output(RunbookStep step, String line) {
        progress.output(step, line);
      }

      @Override
      public void stepFinished(StepResult result) {
        if (result.status() != StepStatus.SKIPPED) {
          lifecycle
              .ledger()
              .append(lifecycle.fact(DeploymentFacts.step(deployment, result), record.id()));
        }
        progress.stepFinished(result);
      }
    };
  }

  private RunbookExecutor executor(ChangeRecord record, String environment, String deployment) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CHANGETRAIL_CHANGE", record.id());
    env.put("CHANGETRAIL_ENV", environment);
    env.put("CHANGETRAIL_DEPLOYMENT", deployment);
    return new RunbookExecutor(lifecycle.workspace().git().root(), env);
  }

  private Fact finishFact(ChangeRecord record, String deployment, String kind, String status) {
    LedgerEvent event =
        kind.equals(LedgerEvent.RolledBack.KIND)
            ? new LedgerEvent.RolledBack(deployment, status, Map.of())
            : new LedgerEvent.DeploymentFinished(deployment, status, Map.of());
    return lifecycle.fact(event, record.id());
  }

  private Outcome outcome(String changeId, String deployment) {
    return outcome(lifecycle.ledger().change(changeId), deployment);
  }

  private static Outcome outcome(ChangeRecord after, String deployment) {
    return new Outcome(
        DeploymentFacts.deployment(after.id(), find(after, Optional.of(deployment))), after);
  }

  static ChangeRecord.DeploymentRun find(ChangeRecord record, Optional<String> deploymentId) {
    if (deploymentId.isPresent() && !deploymentId.get().isBlank()) {
      String wanted = deploymentId.get().strip().toUpperCase();
      return record.deployments().stream()
          .filter(d -> d.id().equals(wanted))
          .findFirst()
          .orElseThrow(
              () ->
                  new ChangeTrailException(
                      Problem.UNKNOWN_CHANGE,
                      record.id() + " has no deployment " + wanted,
                      "see its deployments with 'changetrail change show " + record.id() + "'"));
    }
    return record
        .lastDeployment()
        .orElseThrow(
            () ->
                new ChangeTrailException(
                    Problem.NOTHING_TO_DO,
                    record.id() + " has not been deployed",
                    "deploy it with 'changetrail deploy run "
                        + record.id()
                        + " --env ENV --plan FILE'"));
  }

  private static void requireRunning(ChangeRecord.DeploymentRun run) {
    if (run.status() != io.changetrail.domain.deploy.DeploymentStatus.RUNNING
        && run.status() != io.changetrail.domain.deploy.DeploymentStatus.INTERRUPTED) {
      throw DecideChange.refused(
          "deployment " + run.id() + " has already ended (" + run.status() + ")", "");
    }
  }

  private String relative(Path plan) {
    Path root = lifecycle.workspace().git().root();
    return plan.startsWith(root) ? root.relativize(plan).toString() : plan.toString();
  }

  /** A deployment id that none of the change's deployments has. */
  private String newDeploymentId(ChangeRecord record) {
    LocalDate today = LocalDate.ofInstant(lifecycle.ledger().now(), ZoneOffset.UTC);
    while (true) {
      String id = "DEP" + ChangeId.generate(today, random).value().substring(3);
      if (record.deployments().stream().noneMatch(d -> d.id().equals(id))) {
        return id;
      }
    }
  }
}
