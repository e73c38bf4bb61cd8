package io.changetrail.domain;

/**
 * A failure the user can act on: what went wrong, where, and how to fix it. Every layer throws it;
 * the faces (command line, server) map its {@link Problem} to an exit code or HTTP status.
 */
public class ChangeTrailException extends RuntimeException {
  private final Problem problem;
  private final String hint;

  public ChangeTrailException(Problem problem, String message, String hint) {
    super(message);
    this.problem = problem;
    this.hint = hint;
  }

  public ChangeTrailException(Problem problem, String message, String hint, Throwable cause) {
    super(message, cause);
    this.problem = problem;
    this.hint = hint;
  }

  public Problem problem() {
    return problem;
  }

  /** How to fix it, or an empty string when there is nothing more to say. */
  public String hint() {
    return hint == null ? "" : hint;
  }
}
