package io.changetrail.cli;

import io.changetrail.app.Workspace;
import io.changetrail.app.init.InitConfig;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code changetrail init}: writes a commented changetrail.yml with the discovered systems. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description =
        "Write a commented changetrail.yml listing the systems discovered from the build.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  changetrail init             write changetrail.yml at the repository root",
      "  changetrail init --stdout    print it instead",
      "",
      "Exit codes: 0 written; 3 not a repository; 7 the file exists (use --force); 9 write failed."
    })
final class InitCommand implements Runnable {
  @ParentCommand Main main;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--force", description = "Replace an existing changetrail.yml.")
  boolean force;

  @Option(names = "--stdout", description = "Print the configuration instead of writing it.")
  boolean stdout;

  @Override
  public void run() {
    InitConfig init = new InitConfig(Workspace.open(main.directory()));
    if (stdout) {
      spec.commandLine().getOut().print(init.render());
      return;
    }
    Path written = init.write(force);
    var out = spec.commandLine().getOut();
    out.println("wrote " + written + ": set each system's tier, owners and tests, then commit it");
    for (InitConfig.RuleShare share : init.ruleShares()) {
      if (share.noisy()) {
        out.println(
            "built-in rule "
                + share.rule()
                + " fired on "
                + share.fired()
                + " of the last "
                + share.commits()
                + " commits ("
                + share.percent()
                + "): left out, commented, in "
                + written.getFileName()
                + "; uncomment it to keep it");
      }
    }
  }
}
