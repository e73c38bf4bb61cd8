package io.changetrail.domain.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The record of one execution of a runbook for a change in an environment: what ran, how each step
 * ended, what went wrong and what was done about it.
 *
 * @param runbook where the runbook came from, e.g. {@code deploy/prod.yml}
 * @param finished when it ended; {@code null} while it runs (and for a process that died)
 * @param results every step result in the order they happened, rollback steps included
 * @param artifacts what it put in place, by digest, as recorded when it started (none when none was
 *     named)
 */
public record Deployment(
    String id,
    String changeId,
    String environment,
    String runbook,
    String deployer,
    Instant started,
    Instant finished,
    DeploymentStatus status,
    List<StepResult> results,
    List<Issue> issues,
    List<Artifact> artifacts) {
  public Deployment {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(status, "status");
    changeId = changeId == null ? "" : changeId;
    environment = environment == null ? "" : environment;
    runbook = runbook == null ? "" : runbook;
    deployer = deployer == null ? "" : deployer;
    results = results == null ? List.of() : List.copyOf(results);
    issues = issues == null ? List.of() : List.copyOf(issues);
    artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
  }

  /** A deployment that named no artifact. */
  public Deployment(
      String id,
      String changeId,
      String environment,
      String runbook,
      String deployer,
      Instant started,
      Instant finished,
      DeploymentStatus status,
      List<StepResult> results,
      List<Issue> issues) {
    this(
        id,
        changeId,
        environment,
        runbook,
        deployer,
        started,
        finished,
        status,
        results,
        issues,
        List.of());
  }

  /** The results of one part of the runbook, in order. */
  public List<StepResult> results(Phase phase) {
    return results.stream().filter(r -> r.phase() == phase).toList();
  }

  /** How long it took, when it has finished. */
  public Optional<Duration> duration() {
    return Optional.ofNullable(finished).map(end -> Duration.between(started, end));
  }

  /** Every metric the steps reported, with the step that reported it. */
  public List<ReportedMetric> metrics() {
    List<ReportedMetric> metrics = new ArrayList<>();
    for (StepResult result : results) {
      for (Metric metric : result.metrics()) {
        metrics.add(new ReportedMetric(result, metric));
      }
    }
    return metrics;
  }

  /**
   * This record as it must be shown when no live process is running it any more: a deployment still
   * RUNNING becomes INTERRUPTED (it never finished, so it never succeeded).
   */
  public Deployment interruptedIfRunning() {
    if (status != DeploymentStatus.RUNNING) {
      return this;
    }
    return new Deployment(
        id,
        changeId,
        environment,
        runbook,
        deployer,
        started,
        finished,
        DeploymentStatus.INTERRUPTED,
        results,
        issues,
        artifacts);
  }

  /** A metric together with the step that reported it. */
  public record ReportedMetric(StepResult step, Metric metric) {}
}
