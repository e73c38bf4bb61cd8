package io.changetrail.cli;

import io.changetrail.app.api.ChangeTrailApi;
import io.changetrail.app.api.LocalChangeTrail;
import io.changetrail.app.keys.KeyFiles;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.remote.HttpChangeTrail;
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

  /** Whether the command runs on a team server. */
  boolean remote() {
    String url = server != null ? server : System.getenv("CHANGETRAIL_SERVER");
    return url != null && !url.isBlank();
  }

  /**
   * The application the command asks, picked once: the team server when one is named, else the
   * local use cases on the ledger of {@code ledger} (opened for reading only unless {@code
   * records}: a zero-byte ledger file is then refused, never re-created).
   */
  ChangeTrailApi api(Main main, AuditCommand.LedgerOption ledger, boolean records) {
    return api(main, ledger, records, Optional.empty());
  }

  /** As {@link #api(Main, AuditCommand.LedgerOption, boolean)}, with an allowed-signers file. */
  ChangeTrailApi api(
      Main main, AuditCommand.LedgerOption ledger, boolean records, Optional<Path> allowedSigners) {
    return api(main, ledger, records, allowedSigners, Optional.empty());
  }

  /** As {@link #api(Main, AuditCommand.LedgerOption, boolean)}, with the auditor's files. */
  ChangeTrailApi api(
      Main main,
      AuditCommand.LedgerOption ledger,
      boolean records,
      Optional<Path> allowedSigners,
      Optional<Path> allowedOpenpgpKeys) {
    Optional<ServerClient> client = client();
    if (client.isPresent()) {
      if (allowedSigners.isPresent() || allowedOpenpgpKeys.isPresent()) {
        String option = allowedSigners.isPresent() ? "--allowed-signers" : "--allowed-openpgp-keys";
        throw new ChangeTrailException(
            Problem.INVALID_INPUT,
            option
                + " is for a local ledger: the server checks signatures against its own"
                + " repository's allowed signers and keys",
            "leave out " + option + ", or --server to check locally");
      }
      return new HttpChangeTrail(client.get());
    }
    Lifecycle lifecycle =
        records ? LifecycleSupport.open(main, ledger) : LifecycleSupport.openForRead(main, ledger);
    return new LocalChangeTrail(
        lifecycle,
        new LocalChangeTrail.Settings(
            false,
            () -> KeyFiles.loadVerifierKey(Optional.empty()),
            new java.util.HashMap<>(),
            allowedSigners,
            allowedOpenpgpKeys));
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
