package io.changetrail.domain.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What happened when one runbook step ran.
 *
 * @param command the shell command as it ran
 * @param started when it started (for a skipped step: when it was skipped)
 * @param exitCode the command's exit status, or {@link #NO_EXIT_CODE} when it has none (never
 *     started, killed after its timeout, skipped, interrupted)
 * @param outputDigest {@code sha256:} and the hex SHA-256 of the bytes of its combined output
 * @param outputTail the last lines of its output (about 20)
 * @param metrics what it reported with {@code ::metric} lines
 * @param notes what else is worth knowing (why it was skipped, what was killed, remarks)
 */
public record StepResult(
    Phase phase,
    int number,
    String name,
    String command,
    StepStatus status,
    Instant started,
    Duration duration,
    int exitCode,
    String outputDigest,
    String outputTail,
    List<Metric> metrics,
    String notes) {
  /** The exit code of a step that has none. */
  public static final int NO_EXIT_CODE = -1;

  /** The digest of no output at all. */
  public static final String EMPTY_DIGEST =
      "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  public StepResult {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(started, "started");
    command = command == null ? "" : command;
    duration = duration == null ? Duration.ZERO : duration;
    outputDigest = outputDigest == null ? EMPTY_DIGEST : outputDigest;
    outputTail = outputTail == null ? "" : outputTail;
    metrics = metrics == null ? List.of() : List.copyOf(metrics);
    notes = notes == null ? "" : notes;
  }

  /** The result of a step that did not run. */
  public static StepResult skipped(RunbookStep step, Instant when, String why) {
    return new StepResult(
        step.phase(),
        step.number(),
        step.name(),
        step.run(),
        StepStatus.SKIPPED,
        when,
        Duration.ZERO,
        NO_EXIT_CODE,
        EMPTY_DIGEST,
        "",
        List.of(),
        why);
  }

  /** The same result with a remark added to its notes (an operator's, or the tool's). */
  public StepResult withNote(String note) {
    String joined = notes.isEmpty() ? note : notes + "\n" + note;
    return new StepResult(
        phase,
        number,
        name,
        command,
        status,
        started,
        duration,
        exitCode,
        outputDigest,
        outputTail,
        metrics,
        joined);
  }

  public boolean hasExitCode() {
    return exitCode != NO_EXIT_CODE;
  }
}
