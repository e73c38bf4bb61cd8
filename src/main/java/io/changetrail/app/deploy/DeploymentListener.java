package io.changetrail.app.deploy;

import io.changetrail.domain.deploy.RunbookStep;
import io.changetrail.domain.deploy.StepResult;

/**
 * Hears a runbook run as it happens: each step starting, each line of its output, each result.
 * {@link RunbookExecutor} calls it on the thread that called {@code run}, in order; a step that is
 * skipped gets only {@link #stepFinished}. An exception thrown here stops the run (the running
 * command is killed first).
 */
public interface DeploymentListener {
  void stepStarted(RunbookStep step);

  /** One line of the step's combined stdout and stderr, without its line break. */
  void output(RunbookStep step, String line);

  void stepFinished(StepResult result);

  /** A listener that ignores everything. */
  static DeploymentListener none() {
    return new DeploymentListener() {
      @Override
      public void stepStarted(RunbookStep step) {}

      @Override
      public void output(RunbookStep step, String line) {}

      @Override
      public void stepFinished(StepResult result) {}
    };
  }
}
