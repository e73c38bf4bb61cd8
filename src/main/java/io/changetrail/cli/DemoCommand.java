package io.changetrail.cli;

import io.changetrail.app.Workspace;
import io.changetrail.app.assess.AssessChange;
import io.changetrail.app.assess.AssessChange.Request;
import io.changetrail.app.assess.AssessChange.Source;
import io.changetrail.app.changelog.WriteChangelog;
import io.changetrail.app.demo.ExampleRepository;
import io.changetrail.app.demo.LifecycleTour;
import io.changetrail.app.deploy.ConsoleProgress;
import io.changetrail.app.deploy.DeploymentListener;
import io.changetrail.app.document.GuidedCommit;
import io.changetrail.app.lint.LintMessages;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.assess.AssessmentRenderer;
import io.changetrail.domain.changelog.ReleaseChangelog;
import io.changetrail.domain.deploy.Runbook;
import io.changetrail.domain.document.ChangeDocument;
import io.changetrail.domain.document.ChangeDocumentRenderer;
import io.changetrail.domain.document.ChecklistItem;
import io.changetrail.domain.document.Section;
import io.changetrail.domain.lint.LintReport;
import io.changetrail.domain.lint.LintReportRenderer;
import io.changetrail.domain.template.ChangeTemplate;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
    step = documentedCommit(target, step, out);
    lifecycle(target, step, out);
    out.println("=".repeat(78));
    out.println("Explore it yourself:");
    out.println("  cd " + target);
    out.println("  changetrail assess --range HEAD~4..HEAD --format markdown");
    out.println("  changetrail assess --commit HEAD~2 --format json");
    out.println("  changetrail lint --range HEAD~6..HEAD");
    out.println("  changetrail hooks install && git commit");
    out.println("  changetrail change list");
    out.println("  changetrail audit reconcile --env prod");
  }

  /** The documentation part of the tour: lint, template, a guided commit, changelogs. */
  private int documentedCommit(Path target, int step, PrintWriter out) {
    LintMessages lint = LintMessages.open(target);
    banner(
        out,
        step++,
        "The minimal message 'fixed stuff' is rejected by lint",
        "changetrail lint --commit HEAD");
    out.print(LintReportRenderer.text(lint.lintCommit("HEAD")));
    out.println();

    GuidedCommit guided = new GuidedCommit(Workspace.open(target));
    var prepared = guided.prepare("");
    banner(
        out, step++, "The staged change gets a pre-filled change document", "changetrail template");
    out.print(ChangeDocumentRenderer.render(prepared.document()));
    out.println();

    banner(
        out,
        step++,
        "A guided commit: the author answers the prompts, lint checks, ChangeTrail commits",
        "changetrail commit --no-interactive -m '...' --context '...' --test '...'");
    ChangeDocument filled =
        ChangeTemplate.fill(
            prepared.document(),
            null,
            Map.of(
                Section.CONTEXT_AND_RATIONALE,
                "Stale quotes from a lagging feed were priced as live during the 09:30 open.\n"
                    + "The handler now drops quotes older than 500 ms."),
            List.of(
                new ChecklistItem(true, "FeedHandlerTest (market-data)", 0),
                new ChecklistItem(true, "order-router and risk-engine suites", 0),
                new ChecklistItem(
                    true, "replay of the 2026-11-20 open: no stale quote priced", 0)));
    String text = ChangeDocumentRenderer.render(filled);
    LintReport report = guided.check(text, prepared.assessment());
    out.print(LintReportRenderer.text(report));
    if (report.passed()) {
      String sha = guided.commit(text);
      out.println("committed " + sha.substring(0, 10) + ": " + filled.header().line());
    }
    out.println();

    WriteChangelog changelog = new WriteChangelog(Workspace.open(target));
    banner(
        out, step++, "The change's comprehensive changelog", "changetrail changelog --commit HEAD");
    out.print(changelog.change("HEAD"));
    out.println();
    banner(
        out,
        step,
        "The release changelog of the whole history",
        "changetrail changelog --range HEAD");
    out.print(
        ReleaseChangelog.markdown(
            changelog.release(
                new WriteChangelog.ReleaseRequest("HEAD", false, "v1.0.0", List.of(), false)),
            changelog.config()));
    out.println();
    return step + 1;
  }

  /** The control part of the tour: register, approve, deploy, roll back, verify, audit. */
  private void lifecycle(Path target, int first, PrintWriter out) {
    int[] step = {first};
    new LifecycleTour(
            target,
            new LifecycleTour.Output() {
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
            })
        .run();
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
