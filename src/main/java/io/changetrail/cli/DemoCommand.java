package io.changetrail.cli;

import io.changetrail.app.LedgerLocation;
import io.changetrail.app.Workspace;
import io.changetrail.app.assess.AssessChange;
import io.changetrail.app.assess.AssessChange.Request;
import io.changetrail.app.assess.AssessChange.Source;
import io.changetrail.app.demo.DocumentationTour;
import io.changetrail.app.demo.ExampleRepository;
import io.changetrail.app.demo.LifecycleTour;
import io.changetrail.app.demo.ServerTour;
import io.changetrail.app.demo.TourOutput;
import io.changetrail.app.deploy.ConsoleProgress;
import io.changetrail.app.deploy.DeploymentListener;
import io.changetrail.app.users.Role;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.assess.AssessmentRenderer;
import io.changetrail.domain.deploy.Runbook;
import io.changetrail.server.ServerNode;
import io.changetrail.server.ServerOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code changetrail demo}: builds the example trading repository and assesses its changes. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Create a small trading-system repository with a history in a temporary folder and show"
            + " ChangeTrail on its changes.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  changetrail demo                 run the tour in a new temporary folder",
      "  changetrail demo --dir /tmp/ex   keep the example repository there to explore"
    })
final class DemoCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Create the example here (must not exist yet) instead of a temporary folder.")
  Path dir;

  @Option(
      names = "--serve",
      description =
          "After the tour, start the team server on the example and print a sign-in token per"
              + " role (stop it with Ctrl-C).")
  boolean serve;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description = "The port for --serve (default: ${DEFAULT-VALUE}; 0 for any free port).")
  int port;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    Path target = prepare();
    out.println("ChangeTrail demo: an equities trading platform in " + target);
    out.println("  Maven modules common, market-data, risk-engine, order-router; changetrail.yml");
    out.println("  gives their tiers and owners, the build gives their dependencies.");
    out.println();
    ExampleRepository example = new ExampleRepository(target);
    var scenarios = example.create();
    AssessChange assess = new AssessChange(Workspace.open(target));
    int step = 1;
    for (ExampleRepository.Scenario scenario : scenarios) {
      String command =
          scenario.revision().isEmpty()
              ? "changetrail assess"
              : "changetrail assess --commit " + scenario.revision().substring(0, 10);
      out.println("=".repeat(78));
      out.println(step++ + ". " + scenario.title());
      out.println("$ " + command);
      out.println("-".repeat(78));
      Request request =
          scenario.revision().isEmpty()
              ? Request.staged()
              : new Request(Source.COMMIT, scenario.revision(), "");
      out.print(AssessmentRenderer.text(assess.execute(request)));
      out.println();
      out.flush();
    }
    tours(target, step, out);
    out.println("=".repeat(78));
    out.println("Explore it yourself:");
    out.println("  cd " + target);
    out.println("  changetrail assess --range HEAD~4..HEAD --format markdown");
    out.println("  changetrail assess --commit HEAD~2 --format json");
    out.println("  changetrail lint --range HEAD~6..HEAD");
    out.println("  changetrail hooks install && git commit");
    out.println("  changetrail change list");
    out.println("  changetrail audit reconcile --env prod");
    out.println("  changetrail demo --serve         the same tour, then the web UI");
    if (serve) {
      serve(target, out);
    }
  }

  /** The demo server's options: loopback, with the demo's signing and verifier keys. */
  static ServerOptions serverOptions(int port, ServerTour.Prepared prepared) {
    ServerOptions local = ServerOptions.local(port);
    return new ServerOptions(
        local.host(),
        local.port(),
        local.maxBodyBytes(),
        local.sessionLifetime(),
        local.secureCookies(),
        Optional.of(prepared.verifierKey().toString()),
        Optional.of(prepared.signingKey()),
        local.accessLog());
  }

  /** Starts a server node on the example and waits until the process is stopped. */
  private void serve(Path target, PrintWriter out) {
    ServerTour.Prepared prepared = new ServerTour(target).prepare();
    Workspace workspace = Workspace.open(target);
    String url = LedgerLocation.resolve(Optional.empty(), workspace.git());
    try (ServerNode node = ServerNode.start(serverOptions(port, prepared), workspace, url)) {
      out.println("=".repeat(78));
      out.println("The team server runs on the example: " + node.url() + "/");
      out.println(
          "Sign in with one of these tokens (each is shown once; admins issue more with"
              + " 'changetrail users token NAME'):");
      for (ServerTour.Login login : prepared.logins()) {
        out.printf(
            "  %-6s %-38s %s%n  %-6s %s%n",
            login.user(), login.person(), Role.names(login.roles()), "", login.token());
      }
      out.println(
          "Change "
              + prepared.pendingChange()
              + " waits for approval: sign in as carol and approve it at "
              + node.url()
              + "/changes/"
              + prepared.pendingChange());
      out.println("The API: " + node.url() + "/openapi.json. Stop the server with Ctrl-C.");
      out.flush();
      node.awaitStop();
    }
  }

  /**
   * The documentation part (lint, template, guided commit, changelogs) and the control part
   * (register, approve, deploy, roll back, verify, audit) of the tour.
   */
  private void tours(Path target, int first, PrintWriter out) {
    int[] step = {first};
    TourOutput output =
        new TourOutput() {
          @Override
          public void banner(String title, String command) {
            DemoCommand.banner(out, step[0]++, title, command);
          }

          @Override
          public void text(String text) {
            out.print(text);
            out.println();
            out.flush();
          }

          @Override
          public DeploymentListener progress(Runbook runbook) {
            return new ConsoleProgress(out, runbook);
          }
        };
    new DocumentationTour(target, output).run();
    new LifecycleTour(target, output).run();
  }

  private static void banner(PrintWriter out, int step, String title, String command) {
    out.println("=".repeat(78));
    out.println(step + ". " + title);
    out.println("$ " + command);
    out.println("-".repeat(78));
  }

  private Path prepare() {
    try {
      if (dir == null) {
        return Files.createTempDirectory("changetrail-demo-");
      }
      if (Files.exists(dir) && (!Files.isDirectory(dir) || Files.list(dir).findAny().isPresent())) {
        throw new ChangeTrailException(
            Problem.INVALID_INPUT,
            dir + " already exists and is not empty",
            "choose a new folder, or leave out --dir for a temporary one");
      }
      Files.createDirectories(dir);
      return dir.toAbsolutePath();
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO, "cannot create " + dir + ": " + e.getMessage(), "choose another folder");
    }
  }
}
