package io.changetrail.app.deploy;

import io.changetrail.domain.deploy.DurationText;
import io.changetrail.domain.deploy.Phase;
import io.changetrail.domain.deploy.Runbook;
import io.changetrail.domain.deploy.RunbookStep;
import io.changetrail.domain.deploy.StepResult;
import io.changetrail.domain.deploy.StepStatus;
import java.io.PrintWriter;
import java.util.Map;

/**
 * Live progress of a runbook run in a terminal, as plain text:
 *
 * <pre>
 * Deployment steps
 * ▶ [step 2/5] deploy order-router
 *     deploying order-router 4.2.1 ...
 *   ✔ passed in 1.2s
 * </pre>
 *
 * Each call is flushed at once. Meant for one run on one thread, like the executor.
 */
public final class ConsoleProgress implements DeploymentListener {
  private static final String OUTPUT_INDENT = "    ";

  private final PrintWriter out;
  private final Map<Phase, Integer> totals;
  private final boolean showOutput;
  private Phase currentPhase;
  private RunbookStep currentStep;

  /** Progress for the steps of {@code runbook}, with the commands' output. */
  public ConsoleProgress(PrintWriter out, Runbook runbook) {
    this(out, runbook, true);
  }

  /**
   * @param showOutput whether the commands' output lines are printed (indented) as they come
   */
  public ConsoleProgress(PrintWriter out, Runbook runbook, boolean showOutput) {
    this.out = out;
    Map<Phase, Integer> totals = new java.util.EnumMap<>(Phase.class);
    totals.put(Phase.PRE_CHECK, runbook.preChecks().size());
    totals.put(Phase.STEP, runbook.steps().size());
    totals.put(Phase.POST_CHECK, runbook.postChecks().size());
    totals.put(Phase.ROLLBACK, runbook.rollback().size());
    this.totals = totals;
    this.showOutput = showOutput;
  }

  @Override
  public void stepStarted(RunbookStep step) {
    currentStep = step;
    header(step.phase());
    out.println("▶ " + position(step.phase(), step.number()) + " " + step.name());
    out.flush();
  }

  @Override
  public void output(RunbookStep step, String line) {
    if (showOutput) {
      out.println(OUTPUT_INDENT + line);
      out.flush();
    }
  }

  @Override
  public void stepFinished(StepResult result) {
    String took = DurationText.format(result.duration());
    switch (result.status()) {
      case PASSED -> out.println("  ✔ passed in " + took);
      case FAILED ->
          out.println(
              result.hasExitCode()
                  ? "  ✘ failed (exit " + result.exitCode() + ") in " + took
                  : "  ✘ failed in " + took);
      case TIMED_OUT -> out.println("  ⏱ timed out after " + timeoutOf(result, took));
      case INTERRUPTED -> out.println("  ⚠ interrupted after " + took);
      case SKIPPED -> {
        header(result.phase());
        out.println(
            "⏭ " + position(result.phase(), result.number()) + " " + result.name() + ": skipped");
      }
    }
    if (result.status() != StepStatus.PASSED
        && result.status() != StepStatus.SKIPPED
        && !result.notes().isEmpty()) {
      for (String note : result.notes().split("\n")) {
        out.println("    " + note);
      }
    }
    out.flush();
  }

  /** The step's timeout when this is the step that started last, else how long it ran. */
  private String timeoutOf(StepResult result, String took) {
    if (currentStep != null
        && currentStep.phase() == result.phase()
        && currentStep.number() == result.number()) {
      return DurationText.format(currentStep.timeout());
    }
    return took;
  }

  private void header(Phase phase) {
    if (phase != currentPhase) {
      if (currentPhase != null) {
        out.println();
      }
      out.println(phase.title());
      currentPhase = phase;
    }
  }

  private String position(Phase phase, int number) {
    int total = totals.getOrDefault(phase, 0);
    return "[" + phase.label() + " " + number + "/" + Math.max(total, number) + "]";
  }
}
