package io.changetrail.cli;

import io.changetrail.app.keys.KeyFiles;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.remote.ServerClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --server URL}: run the command on a team server instead of the local ledger. The token
 * comes from {@code CHANGETRAIL_TOKEN}, else from the file {@code $CHANGETRAIL_HOME/token}.
 */
final class ServerOption {
  @Option(
      names = "--server",
      paramLabel = "URL",
      description =
          "Run this on a team server (default: CHANGETRAIL_SERVER) with the token in"
              + " CHANGETRAIL_TOKEN or $CHANGETRAIL_HOME/token.")
  String server;

  /** The client when a server is named; empty to work on the local ledger. */
  Optional<ServerClient> client() {
    String url = server != null ? server : System.getenv("CHANGETRAIL_SERVER");
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new ServerClient(url, token()));
  }

  private static String token() {
    String token = System.getenv("CHANGETRAIL_TOKEN");
    if (token != null && !token.isBlank()) {
      return token;
    }
    Path file = KeyFiles.home().resolve("token");
    if (!Files.isRegularFile(file)) {
      return "";
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO, "cannot read the token file " + file + ": " + e.getMessage(), "");
    }
  }
}
