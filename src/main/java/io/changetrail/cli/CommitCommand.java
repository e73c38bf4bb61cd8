package io.changetrail.cli;

import io.changetrail.app.Workspace;
import io.changetrail.app.document.GuidedCommit;
import io.changetrail.app.document.PrepareTemplate.Prepared;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.assess.Assessment;
import io.changetrail.domain.assess.DocumentationRequirement;
import io.changetrail.domain.assess.TestingRequirement;
import io.changetrail.domain.document.ChangeDocument;
import io.changetrail.domain.document.ChangeDocumentRenderer;
import io.changetrail.domain.document.ChecklistItem;
import io.changetrail.domain.document.Section;
import io.changetrail.domain.lint.LintReport;
import io.changetrail.domain.lint.LintReportRenderer;
import io.changetrail.domain.template.ChangeTemplate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code changetrail commit}: a guided, documented, linted commit of the staged change. */
@Command(
    name = "commit",
    mixinStandardHelpOptions = true,
    description = {
      "Commit the staged change with a change document: shows the assessment, asks for what the"
          + " documentation plan requires (rationale, business driver, test results, rollback"
          + " steps...), checks the document with lint and commits it.",
      "--no-interactive takes the answers from options or a file, for scripts; --editor opens the"
          + " pre-filled document in your editor ($GIT_EDITOR, core.editor, $VISUAL, $EDITOR)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  changetrail commit                                   guided, in the terminal",
      "  changetrail commit -m 'stop routing to halted venues' --editor",
      "  changetrail commit --no-interactive -m 'BUGFIX: stop routing to halted venues' \\",
      "      --context 'Orders were routed during the 14:02 halt.' \\",
      "      --test 'SmartOrderRouterTest' --failed-test 'soak test: p99 over budget'",
      "  changetrail commit --no-interactive --file msg.md",
      "",
      "Exit codes: 0 committed; 1 the document does not pass lint (nothing committed, the draft"
          + " is kept in .git/CHANGETRAIL_EDITMSG); 3 not a repository; 5 nothing staged;"
          + " 6 invalid changetrail.yml; 7 invalid input or aborted; 8 git failed."
    })
final class CommitCommand implements Runnable {
  @ParentCommand Main main;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-m", "--message"},
      paramLabel = "TEXT",
      description = "The header or summary.")
  String message;

  @Option(
      names = "--no-interactive",
      description = "Ask nothing: take the answers from options or --file.")
  boolean noInteractive;

  @Option(
      names = "--file",
      paramLabel = "FILE",
      description = "The finished change document to commit.")
  Path file;

  @Option(
      names = "--editor",
      description = "Edit the pre-filled document in your editor before it is checked.")
  boolean editor;

  @Option(names = "--context", paramLabel = "TEXT", description = "Context and Rationale.")
  String context;

  @Option(names = "--business-driver", paramLabel = "TEXT", description = "Business Driver.")
  String businessDriver;

  @Option(names = "--deployment", paramLabel = "TEXT", description = "Deployment Information.")
  String deployment;

  @Option(names = "--rollback", paramLabel = "TEXT", description = "Rollback Procedure.")
  String rollback;

  @Option(
      names = "--section",
      paramLabel = "TITLE=TEXT",
      description = "Any section, e.g. --section 'Key Decisions=kept the old API for one release'.")
  Map<String, String> sections = new java.util.LinkedHashMap<>();

  @Option(names = "--test", paramLabel = "TEXT", description = "A check that passed (repeatable).")
  List<String> passed = new ArrayList<>();

  @Option(
      names = "--failed-test",
      paramLabel = "TEXT",
      description = "A check that failed (repeatable).")
  List<String> failed = new ArrayList<>();

  @Option(names = "--dry-run", description = "Print the document and its check; commit nothing.")
  boolean dryRun;

  private BufferedReader in;
  private PrintWriter out;

  @Override
  public void run() {
    out = spec.commandLine().getOut();
    GuidedCommit guided = new GuidedCommit(Workspace.open(main.directory()));
    Prepared prepared = guided.prepare(message);
    Assessment assessment = prepared.assessment();
    String text;
    if (file != null) {
      text = TextFiles.read(main.directory().resolve(file));
    } else {
      Map<Section, String> answers = answersFromOptions();
      List<ChecklistItem> results = new ArrayList<>();
      passed.forEach(t -> results.add(new ChecklistItem(true, t, 0)));
      failed.forEach(t -> results.add(new ChecklistItem(false, t, 0)));
      String summary = null;
      if (!noInteractive) {
        in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        showAssessment(assessment);
        if (!editor) {
          summary = askSummary(prepared.document());
          askSections(assessment, answers);
          if (results.isEmpty()) {
            askTests(assessment, results);
          }
        }
      }
      ChangeDocument document = ChangeTemplate.fill(prepared.document(), summary, answers, results);
      text = ChangeDocumentRenderer.render(document);
    }
    if (editor) {
      guided.saveDraft(text);
      guided.edit();
      text = guided.readDraft();
    }
    while (true) {
      LintReport report = guided.check(text, assessment);
      if (dryRun) {
        out.print(text);
        out.println();
      }
      out.print(LintReportRenderer.text(report));
      out.flush();
      if (report.passed()) {
        break;
      }
      guided.saveDraft(text);
      if (noInteractive
          || in == null
          || !ask("Edit it in your editor and check again? [Y/n] ", true)) {
        throw new GateFailedException(
            "nothing committed: the change document does not pass lint; the draft is kept in "
                + guided.draftFile());
      }
      guided.edit();
      text = guided.readDraft();
    }
    if (dryRun) {
      return;
    }
    if (!noInteractive && in != null && !ask("Commit? [Y/n] ", true)) {
      guided.saveDraft(text);
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "aborted: nothing committed",
          "the draft is kept in " + guided.draftFile());
    }
    String sha = guided.commit(text);
    out.println("committed " + sha.substring(0, 10) + ": " + text.lines().findFirst().orElse(""));
  }

  private Map<Section, String> answersFromOptions() {
    Map<Section, String> answers = new EnumMap<>(Section.class);
    put(answers, Section.CONTEXT_AND_RATIONALE, context);
    put(answers, Section.BUSINESS_DRIVER, businessDriver);
    put(answers, Section.DEPLOYMENT_INFORMATION, deployment);
    put(answers, Section.ROLLBACK_PROCEDURE, rollback);
    for (Map.Entry<String, String> entry : sections.entrySet()) {
      Section section =
          Section.byTitle(entry.getKey())
              .or(
                  () ->
                      java.util.Arrays.stream(Section.values())
                          .filter(s -> s.id().equals(entry.getKey()))
                          .findFirst())
              .orElseThrow(
                  () ->
                      new ChangeTrailException(
                          Problem.INVALID_INPUT,
                          "'" + entry.getKey() + "' is not a section of the methodology",
                          "use a title such as 'Key Decisions' or an id such as key-decisions"));
      put(answers, section, entry.getValue());
    }
    return answers;
  }

  private static void put(Map<Section, String> answers, Section section, String value) {
    if (value != null && !value.isBlank()) {
      answers.put(section, value.replace("\\n", "\n"));
    }
  }

  private void showAssessment(Assessment a) {
    out.println(
        "Staged change: "
            + a.classification().type()
            + ", risk "
            + a.risk().level()
            + ", rollback complexity "
            + a.rollback().level()
            + ", systems: "
            + String.join(
                ", ",
                a.directSystems().stream()
                    .map(s -> s.name() + " (tier " + s.tier() + ")")
                    .toList()));
    out.println("The documentation plan asks for:");
    for (DocumentationRequirement r : a.documentation().requirements()) {
      out.println(
          "  - "
              + r.item()
              + (r.applies()
                  ? ": " + r.evidence() + "  (" + r.reason() + ")"
                  : ": not applicable: " + r.notApplicable().get()));
    }
    out.println();
  }

  private String askSummary(ChangeDocument template) {
    String current = template.header().summary();
    boolean prompt = current.startsWith("TODO");
    String answer =
        line(
            template.header().type()
                + ": what does the change do, in one line?"
                + (prompt ? " " : " [" + current + "] "));
    return answer.isBlank() ? null : answer;
  }

  private void askSections(Assessment a, Map<Section, String> answers) {
    for (DocumentationRequirement r : a.documentation().requirements()) {
      Section section = r.section();
      if (!r.applies()
          || !r.isWholeSection()
          || answers.containsKey(section)
          || section == Section.CHANGES_MADE
          || section == Section.IMPACT_ASSESSMENT
          || section == Section.TESTING_AND_VERIFICATION) {
        continue;
      }
      out.println(
          section.title() + ": " + r.prompt() + "  (" + r.reason() + "; end with an empty line)");
      StringBuilder text = new StringBuilder();
      String line;
      while (!(line = line("> ")).isEmpty()) {
        text.append(line).append('\n');
      }
      if (text.length() > 0) {
        answers.put(section, text.toString());
      }
    }
  }

  private void askTests(Assessment a, List<ChecklistItem> results) {
    out.println("Testing and Verification: did these pass? (y = ✅, n = ❌, s = not run)");
    for (TestingRequirement t : a.testing()) {
      String what = (t.system().isEmpty() ? "" : t.system() + ": ") + t.description();
      String answer = line("  " + what + " [y/n/s] ").toLowerCase(java.util.Locale.ROOT);
      if (answer.startsWith("y")) {
        results.add(new ChecklistItem(true, what, 0));
      } else if (answer.startsWith("n")) {
        String why = line("    what failed? ");
        results.add(new ChecklistItem(false, what + (why.isBlank() ? "" : ": " + why), 0));
      }
    }
    out.println(
        "Other checks you ran, one per line as 'y name' or 'n name' (empty line to finish):");
    String line;
    while (!(line = line("> ")).isEmpty()) {
      boolean ok = !line.toLowerCase(java.util.Locale.ROOT).startsWith("n ");
      String name = line.matches("^[yYnN] .*") ? line.substring(2).strip() : line.strip();
      results.add(new ChecklistItem(ok, name, 0));
    }
  }

  private boolean ask(String question, boolean byDefault) {
    String answer = line(question).toLowerCase(java.util.Locale.ROOT);
    return answer.isEmpty() ? byDefault : answer.startsWith("y");
  }

  private String line(String prompt) {
    out.print(prompt);
    out.flush();
    try {
      String line = in.readLine();
      if (line == null) {
        throw new ChangeTrailException(
            Problem.INVALID_INPUT,
            "the input ended before the change document was complete; nothing was committed",
            "answer in a terminal, or use --no-interactive with options or --file");
      }
      return line.strip();
    } catch (IOException e) {
      throw new ChangeTrailException(Problem.IO, "cannot read the terminal: " + e.getMessage(), "");
    }
  }
}
