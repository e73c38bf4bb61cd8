package io.changetrail.domain.assess;

/**
 * A test the change needs before it ships.
 *
 * @param kind what kind of test
 * @param system the system it is for, or empty when it spans systems
 * @param description what to do and why
 * @param command the command that runs it, or empty when none is known
 */
public record TestingRequirement(TestKind kind, String system, String description, String command) {
  public TestingRequirement {
    system = system == null ? "" : system;
    command = command == null ? "" : command;
  }

  /** The kinds of test the methodology asks for. */
  public enum TestKind {
    SYSTEM,
    REGRESSION,
    MISSING_TESTS,
    INTEGRATION,
    PERFORMANCE,
    SENSITIVE_PATH,
    SECURITY,
    ROLLBACK_REHEARSAL,
    REVIEW
  }
}
