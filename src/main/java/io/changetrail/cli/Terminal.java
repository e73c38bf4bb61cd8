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
}
