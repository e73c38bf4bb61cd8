package io.changetrail.cli;

import io.changetrail.app.Workspace;
import io.changetrail.app.changelog.ChangelogFormats;
import io.changetrail.app.changelog.WriteChangelog;
import io.changetrail.app.changelog.WriteChangelog.ReleaseRequest;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.changelog.Release;
import io.changetrail.domain.changelog.ReleaseChangelog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code changetrail changelog}: the changelog of one change, or of a release. */
@Command(
    name = "changelog",
    mixinStandardHelpOptions = true,
    description = {
      "Write a changelog. For one change (--commit or --file): the methodology's comprehensive"
          + " changelog, with Context and Rationale, Changes Made by system, Impact Assessment,"
          + " Testing and Verification, and the Rollback Procedure when rollback complexity is"
          + " MEDIUM or HIGH.",
      "For a release (--range or --since-tag): Keep a Changelog Markdown, HTML or JSON; a"
          + " section per tag, newest first (each with its tag and date; the commits after the"
          + " newest tag under Unreleased); in each, breaking changes first, then by type and by"
          + " system, with links to tickets and commits (changelog: ticket_patterns, ticket_url,"
          + " commit_url in changetrail.yml). Commits without a type are classified as assess"
          + " classifies them, from their words and files.",
      "A team's house format: --template FILE, a Mustache template (docs/changelog.md)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  changetrail changelog --commit HEAD",
      "  changetrail changelog --file changes/CHG-20261124-7K3Q.md",
      "  changetrail changelog --range HEAD --output CHANGELOG.md   every release of the history",
      "  changetrail changelog --range v1.3.0..v1.4.0 --output CHANGELOG.md",
      "  changetrail changelog --range HEAD --template .changetrail/changelog.mustache",
      "  changetrail changelog --since-tag --format html --output release.html",
      "  changetrail changelog --range v1.3.0..HEAD --path risk-engine/ --format json",
      "  changetrail changelog --range v1.3.0..HEAD --first-parent   one entry per merged PR",
      "",
      "Exit codes: 0 written; 3 not a repository; 4 no commits or unknown revision or range;"
          + " 6 invalid changetrail.yml; 7 invalid input; 8 git failed; 9 output not written."
    })
final class ChangelogCommand implements Runnable {
  @ParentCommand Main main;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  static final class What {
    @Option(names = "--commit", paramLabel = "SHA", description = "One change: a commit.")
    String commit;

    @Option(
        names = "--file",
        paramLabel = "FILE",
        description = "One change: a change document file.")
    Path file;

    @Option(
        names = "--range",
        paramLabel = "A..B",
        description = "A release: the commits in B but not in A.")
    String range;

    @Option(
        names = "--since-tag",
        description = "A release: the commits since the newest tag (all when there is none).")
    boolean sinceTag;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  What what = new What();

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "markdown, html or json (default: markdown; json only for a release).")
  String format = "markdown";

  @Option(
      names = "--release",
      paramLabel = "NAME",
      description =
          "One release of that name for the whole range (default: a release per tag, the"
              + " commits after the newest tag titled by the range's end, or Unreleased).")
  String release;

  @Option(
      names = "--template",
      paramLabel = "FILE",
      description =
          "Lay out a release changelog with this Mustache template (markdown: values as they"
              + " are; html: values HTML-escaped). Its names: docs/changelog.md.")
  Path template;

  @Option(
      names = "--path",
      paramLabel = "PATH",
      description = "Only changes touching PATH (repeatable): one system of a monorepo.")
  List<String> paths = new ArrayList<>();

  @Option(
      names = "--first-parent",
      description =
          "Follow the mainline only: one entry per merge or squash (from the commits it lists).")
  boolean firstParent;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write to FILE instead of standard output.")
  Path output;

  @picocli.CommandLine.Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

  /**
   * The ledger's changes, for Deployment Information: read when --ledger is given or a ledger is
   * configured or exists; never created by a changelog.
   */
  private List<io.changetrail.domain.lifecycle.ChangeRecord> ledgerChanges() {
    Workspace workspace = Workspace.open(main.directory());
    boolean known =
        ledger.value().isPresent()
            || System.getenv("CHANGETRAIL_LEDGER") != null
            || java.nio.file.Files.exists(
                workspace.git().gitDir().resolve("changetrail").resolve("ledger.db"));
    if (!known) {
      return List.of();
    }
    try (var lifecycle = LifecycleSupport.open(main, ledger)) {
      return lifecycle.ledger().changes();
    }
  }

  @Override
  public void run() {
    String kind = format.toLowerCase(java.util.Locale.ROOT);
    if (!List.of("markdown", "md", "html", "json", "text").contains(kind)) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT, "unknown format '" + format + "'", "use markdown, html or json");
    }
    WriteChangelog useCase = new WriteChangelog(Workspace.open(main.directory()));
    String text;
    String title;
    if (what.commit != null || what.file != null) {
      if (kind.equals("json")) {
        throw new ChangeTrailException(
            Problem.INVALID_INPUT,
            "the changelog of one change is Markdown or HTML",
            "use --format markdown or html (JSON: changetrail assess --commit SHA --format json)");
      }
      text =
          what.commit != null
              ? useCase.change(what.commit, ledgerChanges())
              : useCase.document(TextFiles.read(main.directory().resolve(what.file)));
      title = text.lines().findFirst().orElse("Change").replaceFirst("^# ", "");
    } else {
      List<Release> releases =
          useCase.releases(
              new ReleaseRequest(what.range, what.sinceTag, release, paths, firstParent));
      title = "Changelog " + releases.get(0).title();
      if (template != null) {
        if (kind.equals("json")) {
          throw new ChangeTrailException(
              Problem.INVALID_INPUT,
              "--template lays out Markdown or HTML, not JSON",
              "drop --template, or use --format markdown or html");
        }
        Path file = main.directory().resolve(template);
        text =
            ChangelogFormats.template(
                releases,
                useCase.config(),
                TextFiles.read(file),
                template.toString(),
                kind.equals("html"));
        write(text);
        return;
      }
      text =
          kind.equals("json")
              ? ChangelogFormats.json(releases)
              : ReleaseChangelog.markdown(releases, useCase.config());
    }
    if (kind.equals("html")) {
      text = ChangelogFormats.html(text, title);
    }
    write(text);
  }

  private void write(String text) {
    if (output != null) {
      TextFiles.writeAtomically(main.directory().resolve(output), text);
      return;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(text);
    out.flush();
  }
}
