package io.changetrail.cli;

/**
 * A CI gate (such as {@code --fail-on}) was not met: exit code 1 (or the code given), after the
 * normal output.
 */
final class GateFailedException extends RuntimeException {
  private final ExitCode exit;

  GateFailedException(String message) {
    this(message, ExitCode.GATE);
  }

  GateFailedException(String message, ExitCode exit) {
    super(message);
    this.exit = exit;
  }

  ExitCode exit() {
    return exit;
  }
}
