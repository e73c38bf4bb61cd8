package io.changetrail.cli;

import picocli.CommandLine.Command;

/** {@code changetrail audit}. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "audit")
final class AuditCommand implements Runnable {
  @Override
  public void run() {}
}
