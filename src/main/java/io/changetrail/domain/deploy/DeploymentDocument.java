package io.changetrail.domain.deploy;

import io.changetrail.domain.html.HtmlPage;
import io.changetrail.domain.html.HtmlText;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The methodology's deployment document for one deployment, as Markdown, as a self-contained HTML
 * page, and as a JSON-ready tree of maps and lists (schema {@value #SCHEMA}).
 *
 * <p>Its parts: deployment information (id, date, environment, change, deployer, status),
 * pre-deployment verification, deployment steps, post-deployment verification, performance metrics
 * (from the steps' {@code ::metric} lines), issues and resolutions, rollback (when it ran), and the
 * details of every step (command, output digest, notes, the end of the output of the steps that did
 * not pass).
 */
public final class DeploymentDocument {
  /** The JSON schema name; field names are part of the contract: add fields, never rename. */
  public static final String SCHEMA = "changetrail.deployment/v1";

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private static final List<Phase> CHECKLISTS = List.of(Phase.PRE_CHECK, Phase.POST_CHECK);

  private DeploymentDocument() {}

  /** The one-line verdict shown at the top of the document. */
  public static String verdict(Deployment d) {
    return switch (d.status()) {
      case RUNNING -> "▶ RUNNING: this deployment has not finished yet.";
      case SUCCEEDED -> {
        long failedFirst = d.results().stream().filter(r -> r.status().stopsTheRun()).count();
        yield failedFirst == 0
            ? "✅ SUCCEEDED: every check and step passed."
            : "✅ SUCCEEDED: every check and step passed in its latest record ("
                + failedFirst
                + " failed record(s) above were recorded again and passed).";
      }
      case FAILED -> "❌ FAILED: the deployment stopped at the first failure; it did NOT succeed.";
      case ROLLED_BACK ->
          "↩ ROLLED BACK: "
              + (failedBeforeRollback(d)
                  ? "the deployment failed and the documented rollback passed;"
                  : "the deployment completed, then the documented rollback ran and passed;")
              + " the change is NOT deployed.";
      case ROLLBACK_FAILED ->
          "🛑 ROLLBACK FAILED: "
              + (failedBeforeRollback(d)
                  ? "the deployment failed and so did its rollback;"
                  : "the deployment completed, then its rollback failed;")
              + " the environment needs attention now.";
      case INTERRUPTED ->
          "⚠ INTERRUPTED: the deployment process stopped before it finished;"
              + " it did NOT succeed.";
    };
  }

  /** Whether a check or step (not a rollback step) failed: why the rollback ran, if it says. */
  private static boolean failedBeforeRollback(Deployment d) {
    Map<String, StepResult> latest = new LinkedHashMap<>(); // a step recorded again: its latest
    for (StepResult r : d.results()) {
      if (r.phase() != Phase.ROLLBACK) {
        latest.put(r.phase() + "\u0000" + r.name(), r);
      }
    }
    return latest.values().stream().anyMatch(r -> r.status().stopsTheRun());
  }

  // ---------------------------------------------------------------------------------- Markdown

  public static String markdown(Deployment d) {
    StringBuilder out = new StringBuilder();
    out.append("# Deployment ").append(md(d.id()));
    if (!d.runbook().isEmpty()) {
      out.append(": ").append(md(d.runbook()));
    }
    out.append("\n\n> **").append(md(verdict(d))).append("**\n\n");

    out.append("## Deployment Information\n\n");
    field(out, "Deployment ID", d.id());
    field(out, "Date", DATE.format(d.started()));
    field(out, "Environment", d.environment());
    field(out, "Change", d.changeId());
    field(out, "Deployer", d.deployer());
    field(out, "Runbook", d.runbook());
    if (!d.artifacts().isEmpty()) {
      field(out, "Artifacts", artifacts(d));
    }
    field(out, "Status", d.status().symbol() + " " + display(d.status()));
    field(out, "Finished", finished(d));
    out.append('\n');

    for (Phase phase : Phase.values()) {
      List<StepResult> results = d.results(phase);
      if (phase == Phase.ROLLBACK) {
        continue;
      }
      out.append("## ").append(phase.title()).append("\n\n");
      if (results.isEmpty()) {
        out.append("_").append(nothingIn(phase, d)).append("_\n\n");
      } else if (CHECKLISTS.contains(phase)) {
        for (StepResult r : results) {
          out.append("- ")
              .append(checkSymbol(r.status()))
              .append(' ')
              .append(md(r.name()))
              .append(" (")
              .append(md(outcome(r)))
              .append(")\n");
        }
        out.append('\n');
      } else {
        stepTable(out, results);
      }
    }

    out.append("## Performance Impact\n\n");
    for (Map.Entry<String, String> field : performanceImpact(d).entrySet()) {
      out.append("- **")
          .append(field.getKey())
          .append("**: ")
          .append(md(field.getValue()))
          .append('\n');
    }
    out.append('\n');

    out.append("## Performance Metrics\n\n");
    List<Deployment.ReportedMetric> metrics = d.metrics();
    if (metrics.isEmpty()) {
      out.append("_No metrics reported (steps report them with `::metric NAME=VALUE UNIT`)._\n\n");
    } else {
      out.append("| Metric | Value | Unit | Reported by |\n|---|---:|---|---|\n");
      for (Deployment.ReportedMetric m : metrics) {
        out.append("| ")
            .append(cell(m.metric().name()))
            .append(" | ")
            .append(m.metric().formattedValue())
            .append(" | ")
            .append(cell(m.metric().unit()))
            .append(" | ")
            .append(cell(stepLabel(m.step())))
            .append(" |\n");
      }
      out.append('\n');
    }

    out.append("## Issues and Resolutions\n\n");
    if (d.issues().isEmpty()) {
      out.append("_None recorded._\n\n");
    } else {
      for (Issue issue : d.issues()) {
        out.append("### Issue: ").append(md(oneLine(issue.description()))).append("\n");
        out.append("- **Severity**: ")
            .append(issue.severity().isEmpty() ? "not given" : issue.severity())
            .append('\n');
        out.append("- **Resolution**: ")
            .append(issue.resolution().isEmpty() ? "_unresolved_" : md(oneLine(issue.resolution())))
            .append('\n');
        out.append("- **Resolution Time**: ").append(resolutionTime(issue)).append('\n');
        out.append("- **Recorded**: ").append(DATE.format(issue.time())).append("\n\n");
      }
    }

    List<StepResult> rollback = d.results(Phase.ROLLBACK);
    if (!rollback.isEmpty()) {
      out.append("## Rollback\n\n");
      stepTable(out, rollback);
    }

    if (!d.results().isEmpty()) {
      out.append("## Step Details\n");
      for (StepResult r : d.results()) {
        out.append("\n### ").append(md(stepLabel(r))).append("\n\n");
        out.append("- **Command**: ").append(code(r.command())).append('\n');
        out.append("- **Status**: ")
            .append(r.status().symbol())
            .append(' ')
            .append(md(outcome(r)))
            .append('\n');
        out.append("- **Started**: ").append(DATE.format(r.started())).append('\n');
        if (r.status() != StepStatus.SKIPPED && !r.outputDigest().isEmpty()) {
          out.append("- **Output digest**: `").append(r.outputDigest()).append("`\n");
        }
        if (!r.notes().isEmpty()) {
          out.append("- **Notes**: ").append(md(r.notes().replace('\n', ' '))).append('\n');
        }
        if (showsOutput(r)) {
          out.append("\nEnd of output:\n\n");
          fenced(out, r.outputTail());
        }
      }
    }
    return out.toString();
  }

  private static void stepTable(StringBuilder out, List<StepResult> results) {
    out.append("| # | Step | Status | Duration | Exit |\n|---:|---|---|---:|---:|\n");
    for (StepResult r : results) {
      out.append("| ")
          .append(r.number())
          .append(" | ")
          .append(cell(r.name()))
          .append(" | ")
          .append(r.status().symbol())
          .append(' ')
          .append(display(r.status()))
          .append(" | ")
          .append(r.status() == StepStatus.SKIPPED ? "-" : DurationText.format(r.duration()))
          .append(" | ")
          .append(r.hasExitCode() ? String.valueOf(r.exitCode()) : "-")
          .append(" |\n");
    }
    out.append('\n');
  }

  /** The artifacts as one line: {@code name sha256:..., name sha256:...}. */
  private static String artifacts(Deployment d) {
    return String.join(", ", d.artifacts().stream().map(a -> a.name() + " " + a.digest()).toList());
  }

  private static void field(StringBuilder out, String name, String value) {
    out.append("- **")
        .append(name)
        .append("**: ")
        .append(value.isEmpty() ? "_not recorded_" : md(value))
        .append('\n');
  }

  private static void fenced(StringBuilder out, String text) {
    int longest = longestRun(text, '`');
    String fence = "`".repeat(Math.max(3, longest + 1));
    out.append(fence).append('\n').append(text);
    if (!text.endsWith("\n")) {
      out.append('\n');
    }
    out.append(fence).append('\n');
  }

  /** An inline code span that survives backticks and line breaks in the text. */
  private static String code(String text) {
    String flat = text.replace("\r", "").replace('\n', ' ');
    if (flat.isEmpty()) {
      return "_none_";
    }
    String ticks = "`".repeat(longestRun(flat, '`') + 1);
    String pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
    return ticks + pad + flat + pad + ticks;
  }

  private static int longestRun(String text, char ch) {
    int longest = 0;
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      run = text.charAt(i) == ch ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return longest;
  }

  /** Escapes Markdown punctuation that would change the meaning of inline text. */
  static String md(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char ch : text.toCharArray()) {
      if ("\\`*_[]<>|#&".indexOf(ch) >= 0) {
        out.append('\\');
      }
      out.append(ch);
    }
    return out.toString();
  }

  /** The metric names that report the methodology's Compilation Time and Memory Usage. */
  static final List<String> COMPILATION_METRICS = List.of("compilation_time", "compile_time");

  static final List<String> MEMORY_METRICS = List.of("memory_usage", "memory", "heap_used");

  /**
   * The methodology's performance_metrics: Deployment Time measured from the run; Compilation Time
   * and Memory Usage as a step reported them ({@code ::metric compilation_time=42 s}), else N/A.
   */
  static Map<String, String> performanceImpact(Deployment d) {
    Map<String, String> impact = new LinkedHashMap<>();
    impact.put(
        "Deployment Time",
        d.duration()
            .map(t -> DurationText.format(t) + " (measured: start to finish)")
            .orElse("N/A (still running)"));
    impact.put("Compilation Time", reported(d, COMPILATION_METRICS, "compilation_time"));
    impact.put("Memory Usage", reported(d, MEMORY_METRICS, "memory_usage"));
    return impact;
  }

  private static String reported(Deployment d, List<String> names, String suggested) {
    for (Deployment.ReportedMetric m : d.metrics()) {
      if (names.contains(m.metric().name().toLowerCase(java.util.Locale.ROOT))) {
        return m.metric().formattedValue()
            + (m.metric().unit().isEmpty() ? "" : " " + m.metric().unit())
            + " (reported by "
            + stepLabel(m.step())
            + ")";
      }
    }
    return "N/A (no step reported it: '::metric " + suggested + "=VALUE UNIT')";
  }

  private static String resolutionTime(Issue issue) {
    return issue.resolutionTime().map(DurationText::format).orElse("not given");
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }

  private static String cell(String text) {
    return md(text.replace("\r", "").replace('\n', ' '));
  }

  // -------------------------------------------------------------------------------------- HTML

  public static String html(Deployment d) {
    StringBuilder css = new StringBuilder();
    css.append("body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;")
        .append("padding:0 1em;color:#1b1f23;line-height:1.45}\n")
        .append("table{border-collapse:collapse;margin:.5em 0 1.5em}")
        .append("th,td{border:1px solid #d0d7de;padding:.3em .6em;text-align:left;")
        .append("vertical-align:top}th{background:#f6f8fa}\n")
        .append("pre{background:#f6f8fa;padding:.6em;overflow:auto}code{font-size:90%}\n")
        .append(".verdict{padding:.6em 1em;border-radius:4px;font-weight:bold}\n")
        .append(".ok{background:#dafbe1}.bad{background:#ffebe9}.warn{background:#fff8c5}")
        .append(".info{background:#ddf4ff}\n")
        .append("ul.checks{list-style:none;padding-left:0}\n");
    StringBuilder out = new StringBuilder();
    out.append("<h1>Deployment ").append(h(d.id()));
    if (!d.runbook().isEmpty()) {
      out.append(": ").append(h(d.runbook()));
    }
    out.append("</h1>\n");
    out.append("<p class=\"verdict ")
        .append(tone(d.status()))
        .append("\" id=\"verdict\">")
        .append(h(verdict(d)))
        .append("</p>\n");

    out.append("<h2>Deployment Information</h2>\n<table>\n");
    row(out, "Deployment ID", d.id());
    row(out, "Date", DATE.format(d.started()));
    row(out, "Environment", d.environment());
    row(out, "Change", d.changeId());
    row(out, "Deployer", d.deployer());
    row(out, "Runbook", d.runbook());
    if (!d.artifacts().isEmpty()) {
      row(out, "Artifacts", artifacts(d));
    }
    row(out, "Status", d.status().symbol() + " " + display(d.status()));
    row(out, "Finished", finished(d));
    out.append("</table>\n");

    for (Phase phase : Phase.values()) {
      if (phase == Phase.ROLLBACK) {
        continue;
      }
      List<StepResult> results = d.results(phase);
      out.append("<h2>").append(h(phase.title())).append("</h2>\n");
      if (results.isEmpty()) {
        out.append("<p><em>").append(h(nothingIn(phase, d))).append("</em></p>\n");
      } else if (CHECKLISTS.contains(phase)) {
        out.append("<ul class=\"checks\">\n");
        for (StepResult r : results) {
          out.append("<li>")
              .append(checkSymbol(r.status()))
              .append(' ')
              .append(h(r.name()))
              .append(" (")
              .append(h(outcome(r)))
              .append(")</li>\n");
        }
        out.append("</ul>\n");
      } else {
        htmlStepTable(out, results);
      }
    }

    out.append("<h2>Performance Impact</h2>\n<ul>\n");
    for (Map.Entry<String, String> field : performanceImpact(d).entrySet()) {
      out.append("<li><strong>")
          .append(field.getKey())
          .append("</strong>: ")
          .append(h(field.getValue()))
          .append("</li>\n");
    }
    out.append("</ul>\n");
    out.append("<h2>Performance Metrics</h2>\n");
    List<Deployment.ReportedMetric> metrics = d.metrics();
    if (metrics.isEmpty()) {
      out.append("<p><em>No metrics reported (steps report them with <code>")
          .append("::metric NAME=VALUE UNIT</code>).</em></p>\n");
    } else {
      out.append(
          "<table>\n<tr><th>Metric</th><th>Value</th><th>Unit</th><th>Reported by</th></tr>\n");
      for (Deployment.ReportedMetric m : metrics) {
        out.append("<tr><td>")
            .append(h(m.metric().name()))
            .append("</td><td>")
            .append(h(m.metric().formattedValue()))
            .append("</td><td>")
            .append(h(m.metric().unit()))
            .append("</td><td>")
            .append(h(stepLabel(m.step())))
            .append("</td></tr>\n");
      }
      out.append("</table>\n");
    }

    out.append("<h2>Issues and Resolutions</h2>\n");
    if (d.issues().isEmpty()) {
      out.append("<p><em>None recorded.</em></p>\n");
    } else {
      out.append(
          "<table>\n<tr><th>Time</th><th>Issue</th><th>Severity</th><th>Resolution</th>"
              + "<th>Resolution time</th></tr>\n");
      for (Issue issue : d.issues()) {
        out.append("<tr><td>")
            .append(h(DATE.format(issue.time())))
            .append("</td><td>")
            .append(h(issue.description()))
            .append("</td><td>")
            .append(h(issue.severity().isEmpty() ? "not given" : issue.severity()))
            .append("</td><td>")
            .append(issue.resolution().isEmpty() ? "<em>unresolved</em>" : h(issue.resolution()))
            .append("</td><td>")
            .append(h(resolutionTime(issue)))
            .append("</td></tr>\n");
      }
      out.append("</table>\n");
    }

    List<StepResult> rollback = d.results(Phase.ROLLBACK);
    if (!rollback.isEmpty()) {
      out.append("<h2>Rollback</h2>\n");
      htmlStepTable(out, rollback);
    }

    if (!d.results().isEmpty()) {
      out.append("<h2>Step Details</h2>\n");
      for (StepResult r : d.results()) {
        out.append("<h3>").append(h(stepLabel(r))).append("</h3>\n<table>\n");
        out.append("<tr><th>Command</th><td><code>")
            .append(h(r.command()))
            .append("</code></td></tr>\n");
        row(out, "Status", r.status().symbol() + " " + outcome(r));
        row(out, "Started", DATE.format(r.started()));
        if (r.status() != StepStatus.SKIPPED && !r.outputDigest().isEmpty()) {
          row(out, "Output digest", r.outputDigest());
        }
        if (!r.notes().isEmpty()) {
          row(out, "Notes", r.notes());
        }
        out.append("</table>\n");
        if (showsOutput(r)) {
          out.append("<p>End of output:</p>\n<pre>").append(h(r.outputTail())).append("</pre>\n");
        }
      }
    }
    return HtmlPage.document(
        "Deployment " + d.id(), HtmlPage.style(css.toString()), out.toString());
  }

  private static void htmlStepTable(StringBuilder out, List<StepResult> results) {
    out.append(
        "<table>\n<tr><th>#</th><th>Step</th><th>Status</th><th>Duration</th>"
            + "<th>Exit</th></tr>\n");
    for (StepResult r : results) {
      out.append("<tr><td>")
          .append(r.number())
          .append("</td><td>")
          .append(h(r.name()))
          .append("</td><td>")
          .append(r.status().symbol())
          .append(' ')
          .append(display(r.status()))
          .append("</td><td>")
          .append(r.status() == StepStatus.SKIPPED ? "-" : DurationText.format(r.duration()))
          .append("</td><td>")
          .append(r.hasExitCode() ? String.valueOf(r.exitCode()) : "-")
          .append("</td></tr>\n");
    }
    out.append("</table>\n");
  }

  private static void row(StringBuilder out, String name, String value) {
    out.append("<tr><th>")
        .append(h(name))
        .append("</th><td>")
        .append(value.isEmpty() ? "<em>not recorded</em>" : h(value))
        .append("</td></tr>\n");
  }

  private static String tone(DeploymentStatus status) {
    return switch (status) {
      case SUCCEEDED -> "ok";
      case RUNNING -> "info";
      case ROLLED_BACK, INTERRUPTED -> "warn";
      case FAILED, ROLLBACK_FAILED -> "bad";
    };
  }

  /** Escapes text for HTML element content and quoted attribute values. */
  static String h(String text) {
    return HtmlText.escape(text);
  }

  // -------------------------------------------------------------------------------------- JSON

  /**
   * The document as a tree of {@link Map}s (insertion-ordered), {@link List}s, strings, numbers,
   * booleans and nulls, for the application layer to serialize as JSON.
   */
  public static Map<String, Object> json(Deployment d) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schema", SCHEMA);
    root.put("id", d.id());
    root.put("change", d.changeId());
    root.put("environment", d.environment());
    root.put("runbook", d.runbook());
    root.put("artifacts", d.artifacts().stream().map(Artifact::json).toList());
    root.put("deployer", d.deployer());
    root.put("started", d.started().toString());
    root.put("finished", d.finished() == null ? null : d.finished().toString());
    root.put("durationMs", d.duration().map(java.time.Duration::toMillis).orElse(null));
    root.put("status", d.status().name());
    root.put("succeeded", d.status().succeeded());
    root.put("verdict", verdict(d));
    root.put("preDeploymentVerification", results(d.results(Phase.PRE_CHECK)));
    root.put("steps", results(d.results(Phase.STEP)));
    root.put("postDeploymentVerification", results(d.results(Phase.POST_CHECK)));
    List<Object> metrics = new ArrayList<>();
    for (Deployment.ReportedMetric m : d.metrics()) {
      Map<String, Object> metric = metric(m.metric());
      metric.put("phase", m.step().phase().name());
      metric.put("step", m.step().number());
      metric.put("stepName", m.step().name());
      metrics.add(metric);
    }
    root.put("performanceMetrics", metrics);
    root.put("performanceImpact", performanceImpact(d));
    List<Object> issues = new ArrayList<>();
    for (Issue issue : d.issues()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("time", issue.time().toString());
      entry.put("description", issue.description());
      entry.put("resolution", issue.resolution());
      entry.put("severity", issue.severity());
      entry.put(
          "resolutionTimeMs",
          issue.resolutionTime().map(java.time.Duration::toMillis).orElse(null));
      issues.add(entry);
    }
    root.put("issues", issues);
    root.put("rollback", results(d.results(Phase.ROLLBACK)));
    return root;
  }

  private static List<Object> results(List<StepResult> results) {
    List<Object> list = new ArrayList<>();
    for (StepResult r : results) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("phase", r.phase().name());
      entry.put("number", r.number());
      entry.put("name", r.name());
      entry.put("command", r.command());
      entry.put("status", display(r.status()));
      entry.put("started", r.started().toString());
      entry.put("durationMs", r.duration().toMillis());
      entry.put("exitCode", r.hasExitCode() ? r.exitCode() : null);
      entry.put("outputDigest", r.outputDigest().isEmpty() ? null : r.outputDigest());
      entry.put("outputTail", r.outputTail());
      List<Object> metrics = new ArrayList<>();
      r.metrics().forEach(m -> metrics.add(metric(m)));
      entry.put("metrics", metrics);
      entry.put("notes", r.notes());
      list.add(entry);
    }
    return list;
  }

  private static Map<String, Object> metric(Metric m) {
    Map<String, Object> metric = new LinkedHashMap<>();
    metric.put("name", m.name());
    metric.put("value", m.value());
    metric.put("unit", m.unit());
    return metric;
  }

  // ----------------------------------------------------------------------------------- shared

  /** "Step 2: deploy order-router", "Pre-check 1: venue connectivity". */
  public static String stepLabel(StepResult r) {
    String label = r.phase().label();
    return Character.toUpperCase(label.charAt(0))
        + label.substring(1)
        + " "
        + r.number()
        + ": "
        + r.name();
  }

  /** "passed in 1.2s", "failed (exit 3) in 0.4s", "timed out after 30s", "skipped". */
  public static String outcome(StepResult r) {
    String took = DurationText.format(r.duration());
    return switch (r.status()) {
      case PASSED -> "passed in " + took;
      case FAILED ->
          r.hasExitCode() ? "failed (exit " + r.exitCode() + ") in " + took : "failed in " + took;
      case TIMED_OUT -> "timed out after " + took;
      case SKIPPED -> "skipped";
      case INTERRUPTED -> "interrupted after " + took;
    };
  }

  private static String checkSymbol(StepStatus status) {
    return switch (status) {
      case PASSED -> "✅";
      case SKIPPED -> "⏭";
      case INTERRUPTED -> "⚠";
      case FAILED, TIMED_OUT -> "❌";
    };
  }

  /** A status name for people: TIMED OUT rather than TIMED_OUT. */
  private static String display(Enum<?> status) {
    return status.name().replace('_', ' ');
  }

  private static boolean showsOutput(StepResult r) {
    return !r.outputTail().isEmpty()
        && r.status() != StepStatus.PASSED
        && r.status() != StepStatus.SKIPPED;
  }

  private static String finished(Deployment d) {
    if (d.finished() == null) {
      return d.status() == DeploymentStatus.RUNNING
          ? "not yet (running)"
          : "never (the deployment did not finish)";
    }
    return DATE.format(d.finished())
        + d.duration().map(took -> " (took " + DurationText.format(took) + ")").orElse("");
  }

  private static String nothingIn(Phase phase, Deployment d) {
    if (d.status() == DeploymentStatus.RUNNING || d.status() == DeploymentStatus.INTERRUPTED) {
      return "None recorded.";
    }
    return switch (phase) {
      case PRE_CHECK -> "The runbook has no pre-deployment checks.";
      case POST_CHECK -> "The runbook has no post-deployment checks.";
      default -> "None recorded.";
    };
  }
}
