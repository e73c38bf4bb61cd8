package io.changetrail.cli;

import io.changetrail.app.Workspace;
import io.changetrail.app.document.PrepareTemplate;
import io.changetrail.domain.assess.Level;
import io.changetrail.domain.document.ChangeDocumentRenderer;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code changetrail template}: a change document pre-filled from the staged change. */
@Command(
    name = "template",
    mixinStandardHelpOptions = true,
    description = {
      "Print a change document pre-filled from the assessment of the staged change: the header"
          + " with the change type, Changes Made by system, the Impact Assessment, and every"
          + " section the documentation plan requires, with TODO prompts for what only you know.",
      "'changetrail lint' rejects the document while required sections are still prompts."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  changetrail template                          print it",
      "  changetrail template -m 'stop routing to halted venues' --output msg.txt",
      "  changetrail template > msg.txt && $EDITOR msg.txt && git commit -F msg.txt",
      "  changetrail template --type INTEGRATION --risk HIGH   the plan of a type, nothing staged",
      "",
      "Exit codes: 0 printed; 3 not a repository; 5 nothing staged; 6 invalid changetrail.yml;"
          + " 8 git failed; 9 the output file could not be written."
    })
final class TemplateCommand implements Runnable {
  @ParentCommand Main main;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-m", "--message"},
      paramLabel = "TEXT",
      description = "The summary or header you already have (default: a prompt).")
  String message;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the document to FILE instead of standard output.")
  Path output;

  @Option(
      names = "--type",
      paramLabel = "TYPE",
      description =
          "The template of a change type (FEATURE, CLEANUP, INTEGRATION, VERIFICATION,"
              + " PRODUCTION... or a team alias): of the staged change with that type, or of the"
              + " type's documentation plan when nothing is staged.")
  String type;

  @Option(
      names = "--risk",
      paramLabel = "LEVEL",
      defaultValue = "LOW",
      description =
          "With --type and nothing staged: the risk the plan assumes (LOW, MEDIUM, HIGH).")
  Level risk;

  @Option(
      names = "--rollback",
      paramLabel = "LEVEL",
      defaultValue = "LOW",
      description = "With --type and nothing staged: the rollback complexity the plan assumes.")
  Level rollback;

  @Override
  public void run() {
    PrepareTemplate prepare = new PrepareTemplate(Workspace.open(main.directory()));
    String text =
        ChangeDocumentRenderer.render(
            type != null
                ? prepare.forType(type, message, risk, rollback)
                : prepare.execute(message).document());
    if (output == null) {
      PrintWriter out = spec.commandLine().getOut();
      out.print(text);
      out.flush();
      return;
    }
    TextFiles.writeAtomically(main.directory().resolve(output), text);
  }
}
