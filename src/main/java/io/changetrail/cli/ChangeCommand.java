package io.changetrail.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.changetrail.app.api.ChangePage;
import io.changetrail.app.api.ChangeQuery;
import io.changetrail.app.api.ChangeTrailApi;
import io.changetrail.app.api.ChangeView;
import io.changetrail.app.api.Requests;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.app.lifecycle.RegisterChange;
import io.changetrail.domain.lifecycle.ChangeClass;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.lifecycle.ChangeReport;
import io.changetrail.domain.lifecycle.ChangeStatus;
import io.changetrail.remote.ServerClient;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code changetrail change new|update|show|list}. */
@Command(
    name = "change",
    mixinStandardHelpOptions = true,
    description = "Register, update, show and list changes: the unit of work and of audit.",
    subcommands = {
      ChangeCommand.New.class,
      ChangeCommand.Update.class,
      ChangeCommand.Show.class,
      ChangeCommand.ListChanges.class,
      ChangeCommand.Close.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  changetrail change new                      this branch since main, as one change",
      "  changetrail change new --range v1.4.0..HEAD --title 'Intraday limits'",
      "  changetrail change new --class emergency --reason 'orders rejected at XLON'",
      "  changetrail change show CHG-20261124-7K3Q --format html > change.html",
      "  changetrail change list --status APPROVED",
      "",
      "Exit codes: 0 done; 3 not a repository; 4 unknown revision; 7 invalid input; 10 ledger"
          + " unavailable; 13 unknown change; 14 refused."
    })
final class ChangeCommand implements Runnable {
  @ParentCommand Main main;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "name a subcommand: new, update, show or list");
  }

  static void print(PrintWriter out, ChangeRecord record, DocumentFormat format) {
    switch (format) {
      case TEXT, MARKDOWN -> out.print(ChangeReport.markdown(record));
      case HTML -> out.print(LifecycleSupport.html(ChangeReport.markdown(record), record.id()));
      case JSON -> out.println(LifecycleSupport.json(ChangeReport.json(record)));
    }
  }

  @Command(
      name = "new",
      mixinStandardHelpOptions = true,
      description = {
        "Assess the current branch (or a range), link its commits, give the change an id and"
            + " record it in the ledger. Add 'Change-Id: <id>' to the commits' messages to carry"
            + " it in git too."
      })
  static final class New implements Runnable {
    @ParentCommand ChangeCommand parent;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

    @Option(
        names = "--range",
        paramLabel = "A..B",
        description = "The commits (default: this branch since the default branch).")
    String range;

    @Option(
        names = "--title",
        paramLabel = "TEXT",
        description = "Title (default: the first commit's subject).")
    String title;

    @Option(
        names = "--class",
        paramLabel = "CLASS",
        description =
            "normal, standard or emergency (default: standard when a template of changetrail.yml fits, else normal).")
    ChangeClass changeClass;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for an emergency change.")
    String reason;

    @Option(
        names = "--format",
        paramLabel = "FORMAT",
        defaultValue = "text",
        description = "text, markdown, html or json.")
    DocumentFormat format;

    @Option(
        names = "--supersedes",
        paramLabel = "CHANGE",
        description =
            "Register exactly the content of a rejected or closed change again, as a new change"
                + " linked to it (its approvers see that it supersedes the old one).")
    String supersedes;

    @Option(
        names = "--write-doc",
        description =
            "Also write changes/<id>.md, pre-filled from the assessment, for a change that spans"
                + " commits.")
    boolean writeDocument;

    @Mixin ServerOption server = new ServerOption();

    @Override
    public void run() {
      Optional<ServerClient> remote = server.client();
      if (remote.isPresent()) {
        registerOn(remote.get());
        return;
      }
      try (Lifecycle lifecycle = LifecycleSupport.open(parent.main, ledger)) {
        ChangeRecord record =
            new RegisterChange(lifecycle)
                .register(
                    new RegisterChange.Request(
                        range == null ? "" : range,
                        title == null ? "" : title,
                        Optional.ofNullable(changeClass),
                        reason == null ? "" : reason,
                        writeDocument,
                        supersedes));
        PrintWriter out = spec.commandLine().getOut();
        if (format == DocumentFormat.TEXT) {
          out.println(
              "registered "
                  + record.id()
                  + " ("
                  + record.changeClass()
                  + ", "
                  + record.risk()
                  + " risk, "
                  + record.commits().size()
                  + " commit(s)): "
                  + record.title());
          out.println(
              "  needs "
                  + record.requiredApprovals()
                  + " approval(s); add 'Change-Id: "
                  + record.id()
                  + "' to your commit messages");
          if (writeDocument) {
            out.println(
                "  wrote changes/" + record.id() + ".md: fill in the prompts and commit it");
          }
        } else {
          print(out, record, format);
        }
      }
    }

    /** Registers {@code --range} of the server's clone (which it fetches when it lacks it). */
    private void registerOn(ServerClient remote) {
      if (range == null || range.isBlank()) {
        throw new io.changetrail.domain.ChangeTrailException(
            io.changetrail.domain.Problem.INVALID_INPUT,
            "with --server, name the commits: --range A..B",
            "the server registers a range of its own clone, e.g. --range"
                + " \"$BEFORE..$GITHUB_SHA\" on a push");
      }
      if (writeDocument) {
        throw new io.changetrail.domain.ChangeTrailException(
            io.changetrail.domain.Problem.INVALID_INPUT,
            "--write-doc writes into this checkout and does not work with --server",
            "register locally with --write-doc, or write changes/<id>.md yourself");
      }
      Map<String, Object> body = new java.util.LinkedHashMap<>();
      body.put("range", range);
      body.put("title", title == null ? "" : title);
      body.put("class", changeClass == null ? "" : changeClass.name().toLowerCase());
      body.put("reason", reason == null ? "" : reason);
      if (supersedes != null) {
        body.put("supersedes", supersedes);
      }
      JsonNode change = remote.post("/api/v1/changes", body);
      PrintWriter out = spec.commandLine().getOut();
      switch (format) {
        case TEXT ->
            out.println(
                "registered "
                    + change.path("id").asText()
                    + " ("
                    + change.path("class").asText()
                    + ", "
                    + change.path("risk").asText()
                    + " risk, "
                    + change.path("commits").size()
                    + " commit(s)): "
                    + change.path("title").asText());
        case JSON -> out.println(LifecycleSupport.json(change));
        case MARKDOWN, HTML -> {
          String path = "/api/v1/changes/" + change.path("id").asText();
          String markdown = remote.get(path, Map.of("format", "markdown"));
          out.print(
              format == DocumentFormat.HTML
                  ? LifecycleSupport.html(markdown, change.path("id").asText())
                  : markdown);
        }
      }
    }
  }

  @Command(
      name = "update",
      mixinStandardHelpOptions = true,
      description =
          "Re-link a change to its branch's new commits and re-assess it; approvals of the old content stop counting.")
  static final class Update implements Runnable {
    @ParentCommand ChangeCommand parent;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

    @Parameters(paramLabel = "CHANGE", description = "The change id.")
    String change;

    @Option(
        names = "--range",
        paramLabel = "A..B",
        description = "The new range (default: the change's base to HEAD).")
    String range;

    @Mixin ResultFormat output = new ResultFormat();

    @Override
    public void run() {
      output.json(); // a bad --format is refused before anything is recorded
      try (Lifecycle lifecycle = LifecycleSupport.open(parent.main, ledger)) {
        ChangeRecord record =
            new RegisterChange(lifecycle).update(change, range == null ? "" : range);
        output.print(
            spec.commandLine().getOut(),
            "updated "
                + record.id()
                + ": "
                + record.commits().size()
                + " commit(s), "
                + record.risk()
                + " risk, status "
                + record.status(),
            () -> ChangeReport.json(record));
      }
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show a change: status, risk, systems, approvals, deployments, verification.")
  static final class Show implements Runnable {
    @ParentCommand ChangeCommand parent;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

    @Parameters(paramLabel = "CHANGE", description = "The change id.")
    String change;

    @Option(
        names = "--format",
        paramLabel = "FORMAT",
        defaultValue = "text",
        description = "text, markdown, html or json.")
    DocumentFormat format;

    @Mixin ServerOption server = new ServerOption();

    @Override
    public void run() {
      try (ChangeTrailApi api = server.api(parent.main, ledger, false)) {
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
          case TEXT, MARKDOWN -> out.print(api.changeMarkdown(change));
          case HTML -> out.print(LifecycleSupport.html(api.changeMarkdown(change), change));
          case JSON -> out.println(LifecycleSupport.json(api.change(change)));
        }
      }
    }
  }

  @Command(
      name = "close",
      mixinStandardHelpOptions = true,
      description = "Close a VERIFIED change.")
  static final class Close implements Runnable {
    @ParentCommand ChangeCommand parent;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

    @Parameters(paramLabel = "CHANGE", description = "The change id.")
    String change;

    @Option(names = "--comment", paramLabel = "TEXT", description = "Closing remarks.")
    String comment;

    @Mixin ServerOption server = new ServerOption();

    @Mixin ResultFormat output = new ResultFormat();

    @Override
    public void run() {
      output.json(); // a bad --format is refused before anything is recorded
      try (ChangeTrailApi api = server.api(parent.main, ledger, true)) {
        ChangeView record = api.close(change, new Requests.Comment(comment));
        output.print(spec.commandLine().getOut(), "closed " + record.id(), record::json);
      }
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List changes with their status, risk, systems and approvals.")
  static final class ListChanges implements Runnable {
    @ParentCommand ChangeCommand parent;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

    @Option(
        names = "--status",
        paramLabel = "STATUS",
        description = "Only changes with this status.")
    ChangeStatus status;

    @Option(
        names = "--format",
        paramLabel = "FORMAT",
        defaultValue = "text",
        description = "text or json.")
    DocumentFormat format;

    @Option(
        names = "--limit",
        paramLabel = "N",
        description =
            "At most N changes (1 to 1000, default: 100); the last line (or the JSON's next)"
                + " names the change to page on --after.")
    String limit;

    @Option(
        names = "--after",
        paramLabel = "CHANGE",
        description = "The page after this change (the 'next' of the page before).")
    String after;

    @Mixin ServerOption server = new ServerOption();

    @Override
    public void run() {
      ChangeQuery query =
          new ChangeQuery(
              status == null ? "" : status.name(),
              "",
              "",
              "",
              "",
              "",
              "oldest",
              ChangeQuery.limit(limit),
              after);
      try (ChangeTrailApi api = server.api(parent.main, ledger, false)) {
        ChangePage page = api.changes(query);
        PrintWriter out = spec.commandLine().getOut();
        if (format == DocumentFormat.JSON) {
          out.println(LifecycleSupport.json(page));
        } else {
          out.print(page.table());
        }
      }
    }
  }
}
