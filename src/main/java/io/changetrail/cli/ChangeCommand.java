package io.changetrail.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.changetrail.app.api.ChangePage;
import io.changetrail.app.api.ChangeQuery;
import io.changetrail.app.api.ChangeTrailApi;
import io.changetrail.app.api.ChangeView;
import io.changetrail.app.api.Requests;
import io.changetrail.domain.lifecycle.ChangeClass;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.lifecycle.ChangeReport;
import io.changetrail.domain.lifecycle.ChangeStatus;
import java.io.PrintWriter;
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
      try (ChangeTrailApi api = server.api(parent.main, ledger, true)) {
        ChangeView record =
            api.register(
                new Requests.Register(
                    range,
                    title,
                    changeClass == null ? "" : changeClass.name(),
                    reason,
                    supersedes,
                    writeDocument));
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
          case TEXT -> {
            JsonNode json = record.json();
            out.println(
                "registered "
                    + record.id()
                    + " ("
                    + json.path("class").asText()
                    + ", "
                    + json.path("risk").asText()
                    + " risk, "
                    + json.path("commits").size()
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
          }
          case MARKDOWN -> out.print(api.changeMarkdown(record.id()));
          case HTML ->
              out.print(LifecycleSupport.html(api.changeMarkdown(record.id()), record.id()));
          case JSON -> out.println(LifecycleSupport.json(record));
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

    @Mixin ServerOption server = new ServerOption();

    @Mixin ResultFormat output = new ResultFormat();

    @Override
    public void run() {
      output.json(); // a bad --format is refused before anything is recorded
      try (ChangeTrailApi api = server.api(parent.main, ledger, true)) {
        ChangeView record = api.update(change, new Requests.Update(range));
        output.print(
            spec.commandLine().getOut(),
            "updated "
                + record.id()
                + ": "
                + record.json().path("commits").size()
                + " commit(s), "
                + record.json().path("risk").asText()
                + " risk, status "
                + record.status(),
            record::json);
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
