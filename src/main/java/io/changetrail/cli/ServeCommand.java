package io.changetrail.cli;

import io.changetrail.app.LedgerLocation;
import io.changetrail.app.Workspace;
import io.changetrail.server.ServerNode;
import io.changetrail.server.ServerOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code changetrail serve}: one team server node over this repository and its ledger. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run a team server node: the JSON API (/api/v1, described at /openapi.json), the web UI,"
          + " /health and Prometheus /metrics, over this repository and its ledger.",
      "Nodes keep no state of their own: start several on one PostgreSQL ledger behind a load"
          + " balancer. People sign in with API tokens from 'changetrail users token NAME'."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  changetrail users add alice --email alice@example.com --role admin",
      "  changetrail users token alice",
      "  changetrail serve --port 8080",
      "  changetrail serve --host 0.0.0.0 --port 8080 --ledger jdbc:postgresql://db/changetrail",
      "",
      "Exit codes: 0 stopped; 2 bad option; 3 not a repository; 9 port in use; 10 ledger"
          + " unavailable at start."
    })
final class ServeCommand implements Runnable {
  @ParentCommand Main main;
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin AuditCommand.LedgerOption ledger;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      description = "The address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).",
      defaultValue = "127.0.0.1")
  String host;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "The port (default: ${DEFAULT-VALUE}; 0 for any free port).",
      defaultValue = "8080")
  int port;

  @Option(
      names = "--max-body",
      paramLabel = "BYTES",
      description = "Refuse request bodies larger than this with 413 (default: ${DEFAULT-VALUE}).",
      defaultValue = "1048576")
  long maxBody;

  @Option(
      names = "--session-hours",
      paramLabel = "HOURS",
      description = "How long a web session lasts (default: ${DEFAULT-VALUE}).",
      defaultValue = "8")
  int sessionHours;

  @Option(
      names = "--secure-cookies",
      description = "Mark cookies Secure and send HSTS: use when users reach the node over HTTPS.")
  boolean secureCookies;

  @Option(
      names = "--key",
      paramLabel = "KEY",
      description =
          "Verifier key for checkpoints and proofs (name+keyid+base64key or a .pub file).")
  String key;

  @Option(
      names = "--signing-key",
      paramLabel = "FILE",
      description = "Key file to sign checkpoints asked for through the server (default: none).")
  Path signingKey;

  @Option(
      names = "--access-log",
      description = "Print one line per request on stdout: time, method, path, status, ms, user.")
  boolean accessLog;

  @Override
  public void run() {
    if (port < 0 || port > 65535) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--port must be 0 to 65535, not " + port);
    }
    if (maxBody < 1 || sessionHours < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--max-body and --session-hours must be positive");
    }
    PrintWriter out = spec.commandLine().getOut();
    Workspace workspace = Workspace.open(main.directory());
    String url = LedgerLocation.resolve(ledger.value(), workspace.git());
    ServerOptions options =
        new ServerOptions(
            host,
            port,
            maxBody,
            Duration.ofHours(sessionHours),
            secureCookies,
            Optional.ofNullable(key),
            Optional.ofNullable(signingKey),
            accessLog);
    try (ServerNode node = ServerNode.start(options, workspace, url)) {
      out.println("ChangeTrail server on " + node.url() + " (ledger " + node.ledgerLabel() + ")");
      out.println(
          "web UI "
              + node.url()
              + "/  API "
              + node.url()
              + "/api/v1  contract "
              + node.url()
              + "/openapi.json");
      out.println("stop with Ctrl-C");
      out.flush();
      node.awaitStop();
    }
  }
}
