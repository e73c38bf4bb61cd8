package io.changetrail.app.demo;

import io.changetrail.app.Workspace;
import io.changetrail.app.changelog.WriteChangelog;
import io.changetrail.app.document.GuidedCommit;
import io.changetrail.app.lint.LintMessages;
import io.changetrail.domain.changelog.ReleaseChangelog;
import io.changetrail.domain.document.ChangeDocument;
import io.changetrail.domain.document.ChangeDocumentRenderer;
import io.changetrail.domain.document.ChecklistItem;
import io.changetrail.domain.document.Section;
import io.changetrail.domain.lint.LintReport;
import io.changetrail.domain.lint.LintReportRenderer;
import io.changetrail.domain.template.ChangeTemplate;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The documentation part of the demo: lint rejects a minimal message, a template is pre-filled from
 * the staged change, a guided commit is linted and made, and the change's and the release's
 * changelogs are rendered; through the same use cases as the commands.
 */
public final class DocumentationTour {
  private final Path repository;
  private final TourOutput out;

  public DocumentationTour(Path repository, TourOutput out) {
    this.repository = repository;
    this.out = out;
  }

  /** Runs the documentation steps on the example repository. */
  public void run() {
    LintMessages lint = LintMessages.open(repository);
    out.banner(
        "The minimal message 'fixed stuff' is rejected by lint", "changetrail lint --commit HEAD");
    out.text(LintReportRenderer.text(lint.lintCommit("HEAD")));

    GuidedCommit guided = new GuidedCommit(Workspace.open(repository));
    var prepared = guided.prepare("");
    out.banner("The staged change gets a pre-filled change document", "changetrail template");
    out.text(ChangeDocumentRenderer.render(prepared.document()));

    out.banner(
        "A guided commit: the author answers the prompts, lint checks, ChangeTrail commits",
        "changetrail commit --no-interactive -m '...' --context '...' --test '...'");
    ChangeDocument filled =
        ChangeTemplate.fill(
            prepared.document(),
            "drop quotes older than 500 ms in the feed handler",
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
    out.text(LintReportRenderer.text(report));
    if (report.passed()) {
      String sha = guided.commit(text);
      out.text("committed " + sha.substring(0, 10) + ": " + filled.header().line() + "\n");
    }

    WriteChangelog changelog = new WriteChangelog(Workspace.open(repository));
    out.banner("The change's comprehensive changelog", "changetrail changelog --commit HEAD");
    out.text(changelog.change("HEAD"));
    out.banner("The release changelog of the whole history", "changetrail changelog --range HEAD");
    out.text(
        ReleaseChangelog.markdown(
            changelog.release(
                new WriteChangelog.ReleaseRequest("HEAD", false, "v1.0.0", List.of(), false)),
            changelog.config()));
  }
}
