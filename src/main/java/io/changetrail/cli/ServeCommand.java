package io.changetrail.cli;

import io.changetrail.app.LedgerLocation;
import io.changetrail.app.Workspace;
import io.changetrail.app.forge.GitHubApp;
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

  @Option(
      names = "--fetch-interval",
      paramLabel = "DURATION",
      description =
          "Fetch the server's clone this often, e.g. 60s, 5m (default: only on push webhooks).")
  String fetchInterval;

  @Option(
      names = "--fetch-remote",
      paramLabel = "REMOTE",
      description = "The remote of the server's clone to fetch (default: ${DEFAULT-VALUE}).",
      defaultValue = "origin")
  String fetchRemote;

  @Option(
      names = "--fetch-refspec",
      paramLabel = "REFSPEC",
      description = "A refspec to fetch (repeatable; default: the remote's configured ones).")
  java.util.List<String> fetchRefspecs = new java.util.ArrayList<>();

  @Option(
      names = "--github-webhook-secret-file",
      paramLabel = "FILE",
      description = "The GitHub webhook's secret: POST /hooks/github checks X-Hub-Signature-256.")
  Path githubSecret;

  @Option(
      names = "--gitlab-webhook-token-file",
      paramLabel = "FILE",
      description =
          "The GitLab webhook's secret token (X-Gitlab-Token), also the shared secret of"
              + " external status checks (X-Gitlab-Signature).")
  Path gitlabToken;

  @Option(
      names = "--github-api-url",
      paramLabel = "URL",
      description =
          "GitHub's REST API, for deployment protection answers (default: ${DEFAULT-VALUE}).",
      defaultValue = "https://api.github.com")
  String githubApi;

  @Option(
      names = "--github-token-file",
      paramLabel = "FILE",
      description = "The token deployment protection answers are sent to GitHub with.")
  Path githubToken;

  @Option(
      names = "--github-app-id",
      paramLabel = "ID",
      description =
          "The GitHub App's id: deployment protection answers are sent with installation tokens"
              + " the App mints (with --github-app-key-file).")
  String githubAppId;

  @Option(
      names = "--github-app-key-file",
      paramLabel = "FILE",
      description = "The GitHub App's private key (.pem, PKCS#1 as GitHub issues it, or PKCS#8).")
  Path githubAppKey;

  @Option(
      names = "--gitlab-api-url",
      paramLabel = "URL",
      description = "GitLab's REST API (https://gitlab.example.com/api/v4), for status checks.")
  String gitlabApi;

  @Option(
      names = "--gitlab-api-token-file",
      paramLabel = "FILE",
      description = "The token external status check answers are sent to GitLab with.")
  Path gitlabApiToken;

  private ServerOptions.Forge forge() {
    Duration interval = Duration.ZERO;
    if (fetchInterval != null) {
      interval =
          io.changetrail.domain.deploy.DurationText.parse(fetchInterval)
              .filter(d -> !d.isNegative() && (d.isZero() || d.toSeconds() >= 5))
              .orElseThrow(
                  () ->
                      new picocli.CommandLine.ParameterException(
                          spec.commandLine(),
                          "--fetch-interval '"
                              + fetchInterval
                              + "' is not a duration of at least 5s (e.g. 60s, 5m)"));
    }
    return new ServerOptions.Forge(
        fetchRemote,
        fetchRefspecs,
        interval,
        secret(githubSecret, "--github-webhook-secret-file"),
        secret(gitlabToken, "--gitlab-webhook-token-file"),
        url(githubApi, "--github-api-url"),
        secret(githubToken, "--github-token-file"),
        Optional.ofNullable(gitlabApi).map(u -> url(u, "--gitlab-api-url")),
        secret(gitlabApiToken, "--gitlab-api-token-file"),
        githubApp());
  }

  private Optional<ServerOptions.GitHubAppKey> githubApp() {
    if (githubAppId == null && githubAppKey == null) {
      return Optional.empty();
    }
    if (githubAppId == null || githubAppKey == null) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "--github-app-id and --github-app-key-file go together: give both (the App's id from"
              + " its settings page and the private key file GitHub generated)");
    }
    String id;
    try {
      id = GitHubApp.checkedAppId(githubAppId);
    } catch (io.changetrail.domain.ChangeTrailException e) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--github-app-id: " + e.getMessage());
    }
    return Optional.of(
        new ServerOptions.GitHubAppKey(id, GitHubApp.readKey(main.file(githubAppKey))));
  }

  private Optional<String> secret(Path given, String option) {
    if (given == null) {
      return Optional.empty();
    }
    Path file = main.file(given);
    String value;
    try {
      value = java.nio.file.Files.readString(file).strip();
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      throw new io.changetrail.domain.ChangeTrailException(
          io.changetrail.domain.Problem.IO,
          "cannot read " + option + " " + file + ": " + e.getMessage(),
          "give a readable file holding only the secret");
    }
    if (value.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), option + " " + file + " is empty");
    }
    return Optional.of(value);
  }

  private java.net.URI url(String value, String option) {
    try {
      java.net.URI uri = new java.net.URI(value);
      if ((uri.getScheme() != null
              && (uri.getScheme().equals("https") || uri.getScheme().equals("http")))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (java.net.URISyntaxException e) {
      // refused below
    }
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), option + " '" + value + "' is not an http(s) URL");
  }

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
            Optional.ofNullable(main.keyArgument(key)),
            Optional.ofNullable(main.file(signingKey)),
            accessLog,
            forge());
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
