package io.changetrail.app.lifecycle;

import io.changetrail.domain.deploy.Deployment;
import io.changetrail.domain.deploy.Issue;
import io.changetrail.domain.deploy.Metric;
import io.changetrail.domain.deploy.Phase;
import io.changetrail.domain.deploy.StepResult;
import io.changetrail.domain.deploy.StepStatus;
import io.changetrail.domain.event.LedgerEvent;
import io.changetrail.domain.lifecycle.ChangeRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Converts deployment steps to ledger data and back (numbers as text: canonical JSON has no
 * floats).
 */
final class DeploymentFacts {
  private DeploymentFacts() {}

  static LedgerEvent.DeploymentStep step(String deployment, StepResult result) {
    List<Map<String, Object>> metrics = new ArrayList<>();
    for (Metric metric : result.metrics()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", metric.name());
      m.put("value", metric.formattedValue());
      m.put("unit", metric.unit());
      metrics.add(m);
    }
    return new LedgerEvent.DeploymentStep(
        deployment,
        result.phase().name(),
        result.number(),
        result.name(),
        result.command(),
        result.status().name(),
        // absent when none was recorded (by hand)
        result.hasExitCode() ? Optional.of((long) result.exitCode()) : Optional.empty(),
        result.started().toString(),
        result.duration().toMillis(),
        // absent when no output was captured
        result.outputDigest().isEmpty() ? Optional.empty() : Optional.of(result.outputDigest()),
        result.outputTail(),
        metrics,
        result.notes(),
        Map.of());
  }

  static StepResult result(LedgerEvent.DeploymentStep step) {
    List<Metric> metrics = new ArrayList<>();
    for (Map<String, Object> m : step.metrics()) {
      try {
        metrics.add(
            new Metric(
                String.valueOf(m.get("name")),
                Double.parseDouble(String.valueOf(m.get("value"))),
                m.get("unit") == null ? "" : String.valueOf(m.get("unit"))));
      } catch (NumberFormatException e) {
        // a metric that is not a number is left out of the table
      }
    }
    return new StepResult(
        Phase.valueOf(orElse(step.phase(), "STEP")),
        (int) step.number(),
        step.name(),
        step.command(),
        StepStatus.valueOf(orElse(step.status(), "FAILED")),
        Instant.parse(orElse(step.started(), Instant.EPOCH.toString())),
        Duration.ofMillis(step.durationMs()),
        step.exitCode().map(Long::intValue).orElse(StepResult.NO_EXIT_CODE),
        step.digest().orElse(""),
        step.outputTail(),
        metrics,
        step.notes());
  }

  /** The deployment document's model of one recorded deployment. */
  static Deployment deployment(String changeId, ChangeRecord.DeploymentRun run) {
    List<StepResult> results = run.steps().stream().map(DeploymentFacts::result).toList();
    List<Issue> issues = new ArrayList<>();
    for (LedgerEvent.DeploymentIssue issue : run.issues()) {
      issues.add(
          new Issue(
              Instant.parse(orElse(issue.time(), Instant.EPOCH.toString())),
              issue.description(),
              issue.resolution(),
              issue.severity().orElse(""),
              issue.resolutionTimeMs().map(Duration::ofMillis)));
    }
    return new Deployment(
        run.id(),
        changeId,
        run.environment(),
        run.runbook(),
        run.deployer().display(),
        run.started(),
        run.finished(),
        run.status(),
        results,
        issues,
        run.artifacts());
  }

  /** A text field as recorded, or {@code fallback} when it was not recorded. */
  private static String orElse(String value, String fallback) {
    return value.isEmpty() ? fallback : value;
  }
}
