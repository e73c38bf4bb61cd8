package io.changetrail.cli;

import io.changetrail.app.knowledge.ExplainLines;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.domain.knowledge.LineHistory;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code changetrail why PATH[:LINE[-LINE]]}: the changes that shaped a file or some lines. */
@Command(
    name = "why",
    mixinStandardHelpOptions = true,
    description = {
      "List, newest first, the changes that shaped a file or some of its lines (through git"
          + " blame, ignoring whitespace-only changes and following moved lines), with their"
          + " rationale and key decisions. A commit belongs to a change when the change recorded"
          + " it or its message has a 'Change-Id:' trailer naming a registered change; other"
          + " commits are listed with their own message's rationale."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  changetrail why order-router/src/main/java/acme/Router.java",
      "  changetrail why order-router/src/main/java/acme/Router.java:42",
      "  changetrail why Router.java:40-60 --format markdown",
      "  changetrail why Router.java --limit 3 --format json",
      "",
      "Exit codes: 0 done; 3 not a repository; 7 invalid input (untracked or missing file, binary"
          + " file, line beyond the end); 8 git failed; 10 ledger unavailable."
    })
final class WhyCommand implements Runnable {
  @ParentCommand Main main;
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

  @Parameters(
      paramLabel = "PATH[:LINE[-LINE]]",
      description = "A file (relative to the current directory), optionally a line or lines.")
  String target;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text, markdown, html or json (default: ${DEFAULT-VALUE}).")
  DocumentFormat format;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "0",
      description = "Show at most N changes, the newest (default: all).")
  int limit;

  @Override
  public void run() {
    ExplainLines.Target parsed = ExplainLines.Target.parse(target);
    try (Lifecycle lifecycle = LifecycleSupport.open(main, ledger)) {
      LineHistory history = new ExplainLines(lifecycle).explain(main.directory(), parsed, limit);
      PrintWriter out = spec.commandLine().getOut();
      switch (format) {
        case TEXT -> out.print(history.text());
        case MARKDOWN -> out.print(history.markdown());
        case HTML -> out.print(LifecycleSupport.html(history.markdown(), "Why " + target));
        case JSON -> out.println(LifecycleSupport.json(history.json()));
      }
    }
  }
}
