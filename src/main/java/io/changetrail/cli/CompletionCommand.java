package io.changetrail.cli;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code changetrail completion bash|zsh|fish}: a shell completion script for every command. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description =
        "Print a completion script for bash, zsh or fish: commands, subcommands, options and"
            + " their fixed values.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  source <(changetrail completion bash)                      bash, this shell",
      "  changetrail completion bash > ~/.local/share/bash-completion/completions/changetrail",
      "  changetrail completion zsh > \"${fpath[1]}/_changetrail\"    zsh (compinit)",
      "  changetrail completion fish > ~/.config/fish/completions/changetrail.fish"
    })
final class CompletionCommand implements Runnable {
  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "SHELL", description = "bash, zsh or fish.")
  String shell;

  @Override
  public void run() {
    CommandLine all = new CommandLine(new Main());
    for (Class<?> command : Main.COMMANDS) {
      all.addSubcommand(command);
    }
    all.setCaseInsensitiveEnumValuesAllowed(true);
    PrintWriter out = spec.commandLine().getOut();
    switch (shell.toLowerCase(Locale.ROOT)) {
      case "bash" -> out.print(AutoComplete.bash("changetrail", all));
      case "zsh" ->
          // picocli's script is written for bash and zsh's bashcompinit alike
          out.print(
              "#compdef changetrail\nautoload -U +X bashcompinit && bashcompinit\n"
                  + AutoComplete.bash("changetrail", all));
      case "fish" -> out.print(fish(all));
      default ->
          throw new ChangeTrailException(
              Problem.INVALID_INPUT,
              "'" + shell + "' is not a shell ChangeTrail completes",
              "use bash, zsh or fish");
    }
    out.flush();
  }

  /** Fish completions: each command's subcommands, then its options, with their descriptions. */
  static String fish(CommandLine root) {
    StringBuilder out = new StringBuilder("# changetrail completions for fish\n");
    out.append("complete -c changetrail -f\n");
    fishCommand(out, root, "");
    return out.toString();
  }

  private static void fishCommand(StringBuilder out, CommandLine command, String path) {
    String condition =
        path.isEmpty()
            ? "__fish_use_subcommand"
            : "__fish_seen_subcommand_from " + path.substring(path.lastIndexOf(' ') + 1);
    for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
      String[] description = sub.getValue().getCommandSpec().usageMessage().description();
      out.append("complete -c changetrail -n '")
          .append(condition)
          .append("' -a ")
          .append(quote(sub.getKey()))
          .append(" -d ")
          .append(quote(description.length == 0 ? "" : firstSentence(description[0])))
          .append('\n');
    }
    if (!path.isEmpty()) {
      for (OptionSpec option : command.getCommandSpec().options()) {
        if (option.hidden()) {
          continue;
        }
        out.append("complete -c changetrail -n '").append(condition).append("'");
        for (String name : option.names()) {
          if (name.startsWith("--")) {
            out.append(" -l ").append(quote(name.substring(2)));
          } else if (name.length() == 2) {
            out.append(" -s ").append(quote(name.substring(1)));
          }
        }
        if (option.arity().max() > 0) {
          out.append(" -r");
          if (option.completionCandidates() != null) {
            StringBuilder values = new StringBuilder();
            option.completionCandidates().forEach(v -> values.append(v).append(' '));
            out.append(" -a ").append(quote(values.toString().strip()));
          }
        }
        String[] description = option.description();
        out.append(" -d ")
            .append(quote(description.length == 0 ? "" : firstSentence(description[0])))
            .append('\n');
      }
    }
    for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
      fishCommand(out, sub.getValue(), (path + " " + sub.getKey()).strip());
    }
  }

  private static String firstSentence(String text) {
    int end = text.indexOf(". ");
    String first = end < 0 ? text : text.substring(0, end + 1);
    return first.replaceAll("%n", " ").replaceAll("\\$\\{[^}]*}", "").strip();
  }

  private static String quote(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
