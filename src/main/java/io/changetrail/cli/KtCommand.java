package io.changetrail.cli;

import io.changetrail.app.knowledge.WriteKnowledgeTransfer;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.domain.knowledge.KnowledgeTransfer;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code changetrail kt CHANGE}: the knowledge-transfer document of a change. */
@Command(
    name = "kt",
    mixinStandardHelpOptions = true,
    description = {
      "Write the knowledge-transfer document of a change: what changed, why, key decisions with"
          + " their rationale and alternatives, critical knowledge, lessons learned, future"
          + " considerations, and what nobody wrote down. Read from changes/<id>.md and the"
          + " change's commit messages."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  changetrail kt CHG-20261124-7K3Q",
      "  changetrail kt CHG-20261124-7K3Q --format html > kt.html",
      "  changetrail kt CHG-20261124-7K3Q --format json",
      "",
      "Exit codes: 0 written; 3 not a repository; 10 ledger unavailable; 13 unknown change."
    })
final class KtCommand implements Runnable {
  @ParentCommand Main main;
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

  @Parameters(paramLabel = "CHANGE", description = "The change id, e.g. CHG-20261124-7K3Q.")
  String change;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text, markdown, html or json (default: ${DEFAULT-VALUE}).")
  DocumentFormat format;

  @Override
  public void run() {
    try (Lifecycle lifecycle = LifecycleSupport.open(main, ledger)) {
      KnowledgeTransfer kt = new WriteKnowledgeTransfer(lifecycle).write(change);
      PrintWriter out = spec.commandLine().getOut();
      switch (format) {
        case TEXT, MARKDOWN -> out.print(kt.markdown());
        case HTML ->
            out.print(
                LifecycleSupport.html(kt.markdown(), "Knowledge transfer: " + kt.change().id()));
        case JSON -> out.println(LifecycleSupport.json(kt.json()));
      }
    }
  }
}
