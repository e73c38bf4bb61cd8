package io.changetrail.cli;

/** Whether a person is at this process's terminal: both standard input and output are one. */
final class Terminal {
  private Terminal() {}

  /**
   * True when ChangeTrail may prompt and start an editor. Java 17's console is present only when
   * neither standard input nor output is redirected.
   */
  static boolean present() {
    return System.console() != null;
  }

  /**
   * Whether standard output is a terminal, as far as Java 17 can tell: its console exists only when
   * neither standard input nor output is redirected, so output to a terminal with input from a pipe
   * counts as no terminal (no colour: the safe side).
   */
  static boolean outputIsTerminal() {
    return System.console() != null;
  }
}
