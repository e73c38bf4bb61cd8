package io.changetrail.app.lifecycle;

import io.changetrail.domain.deploy.Deployment;
import io.changetrail.domain.deploy.DeploymentStatus;
import io.changetrail.domain.deploy.Issue;
import io.changetrail.domain.deploy.Metric;
import io.changetrail.domain.deploy.Phase;
import io.changetrail.domain.deploy.StepResult;
import io.changetrail.domain.deploy.StepStatus;
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

  static Map<String, Object> step(String deployment, StepResult result) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("deployment", deployment);
    data.put("phase", result.phase().name());
    data.put("number", result.number());
    data.put("name", result.name());
    data.put("command", result.command());
    data.put("status", result.status().name());
    if (result.hasExitCode()) {
      data.put("exitCode", result.exitCode()); // absent when none was recorded (by hand)
    }
    data.put("started", result.started().toString());
    data.put("durationMs", result.duration().toMillis());
    if (!result.outputDigest().isEmpty()) {
      data.put("digest", result.outputDigest()); // absent when no output was captured
    }
    data.put("outputTail", result.outputTail());
    List<Map<String, Object>> metrics = new ArrayList<>();
    for (Metric metric : result.metrics()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", metric.name());
      m.put("value", metric.formattedValue());
      m.put("unit", metric.unit());
      metrics.add(m);
    }
    data.put("metrics", metrics);
    data.put("notes", result.notes());
    return data;
  }

  static StepResult result(Map<String, Object> data) {
    List<Metric> metrics = new ArrayList<>();
    Object listed = data.get("metrics");
    if (listed instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> m) {
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
      }
    }
    return new StepResult(
        Phase.valueOf(text(data, "phase", "STEP")),
        number(data, "number"),
        text(data, "name", ""),
        text(data, "command", ""),
        StepStatus.valueOf(text(data, "status", "FAILED")),
        Instant.parse(text(data, "started", Instant.EPOCH.toString())),
        Duration.ofMillis(number(data, "durationMs")),
        data.get("exitCode") instanceof Number n ? n.intValue() : StepResult.NO_EXIT_CODE,
        text(data, "digest", ""),
        text(data, "outputTail", ""),
        metrics,
        text(data, "notes", ""));
  }

  /** The deployment document's model of one recorded deployment. */
  static Deployment deployment(String changeId, ChangeRecord.DeploymentRun run) {
    List<StepResult> results = run.steps().stream().map(DeploymentFacts::result).toList();
    List<Issue> issues = new ArrayList<>();
    for (Map<String, Object> issue : run.issues()) {
      issues.add(
          new Issue(
              Instant.parse(text(issue, "time", Instant.EPOCH.toString())),
              text(issue, "description", ""),
              text(issue, "resolution", ""),
              text(issue, "severity", ""),
              issue.get("resolutionTimeMs") instanceof Number ms
                  ? Optional.of(java.time.Duration.ofMillis(ms.longValue()))
                  : Optional.empty()));
    }
    return new Deployment(
        run.id(),
        changeId,
        run.environment(),
        run.runbook(),
        run.deployer().display(),
        run.started(),
        run.finished(),
        DeploymentStatus.valueOf(run.status()),
        results,
        issues,
        run.artifacts());
  }

  private static String text(Map<String, Object> data, String key, String fallback) {
    Object value = data.get(key);
    return value == null ? fallback : value.toString();
  }

  private static int number(Map<String, Object> data, String key) {
    Object value = data.get(key);
    return value instanceof Number n ? n.intValue() : 0;
  }
}
