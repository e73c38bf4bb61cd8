package io.changetrail.cli;

import picocli.CommandLine.Command;

/** {@code changetrail keys}. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "keys")
final class KeysCommand implements Runnable {
  @Override
  public void run() {}
}
