package io.changetrail.cli;

/** A CI gate (such as {@code --fail-on}) was not met: exit code 1, after the normal output. */
final class GateFailedException extends RuntimeException {
  GateFailedException(String message) {
    super(message);
  }
}
