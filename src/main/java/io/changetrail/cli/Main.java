package io.changetrail.cli;

import io.changetrail.domain.ChangeTrailException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code changetrail} command: parses the command line and hands over to one subcommand. */
@Command(
    name = "changetrail",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Change management for production trading systems: assess, document, control, record and"
          + " prove every change, in git."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  changetrail assess                     assess the staged change",
      "  changetrail assess --commit HEAD       assess the last commit",
      "  changetrail assess --branch --format markdown",
      "  changetrail template                   a change document pre-filled from the staged change",
      "  changetrail commit                     a guided, documented and linted commit",
      "  changetrail lint --range main..HEAD    check the change documents of a branch",
      "  changetrail hooks install              template, lint and push checks in git itself",
      "  changetrail changelog --since-tag      the release changelog since the last tag",
      "  changetrail init                       write a changetrail.yml for this repository",
      "  changetrail metrics --since 30d        DORA delivery metrics of prod",
      "  changetrail demo                       see it on a built-in example"
    },
    exitCodeListHeading = "%nExit codes:%n")
public final class Main implements Runnable {
  /**
   * Every subcommand. They are registered when the command line is built, and only the one named on
   * the command line when it names one: picocli builds the model of every command it is given,
   * which costs most of a short command's start (a commit-msg hook runs one lint per commit).
   */
  static final List<Class<?>> COMMANDS =
      List.of(
          AssessCommand.class,
          CalibrateCommand.class,
          TemplateCommand.class,
          CommitCommand.class,
          LintCommand.class,
          HooksCommand.class,
          ChangelogCommand.class,
          InitCommand.class,
          DoctorCommand.class,
          DemoCommand.class,
          ChangeCommand.class,
          DecisionCommands.Approve.class,
          DecisionCommands.Reject.class,
          DeployCommand.class,
          AttestCommand.class,
          VerifyCommand.class,
          DecisionCommands.SignOff.class,
          KtCommand.class,
          WhyCommand.class,
          AuditCommand.class,
          MetricsCommand.class,
          KeysCommand.class,
          UsersCommand.class,
          ServeCommand.class,
          CompletionCommand.class,
          CommandLine.HelpCommand.class);

  @Option(
      names = "-C",
      paramLabel = "DIR",
      description = "Run as if started in DIR (default: the current directory).")
  Path directory;

  @Option(names = "--verbose", description = "Show stack traces of internal errors.")
  boolean verbose;

  @Option(
      names = "--color",
      paramLabel = "WHEN",
      scope = CommandLine.ScopeType.INHERIT,
      description =
          "Colour risk levels and verdicts: auto (on a terminal, unless NO_COLOR is set; the"
              + " default), always, never.")
  String color = "auto";

  @Option(
      names = "--no-color",
      scope = CommandLine.ScopeType.INHERIT,
      description = "No colour (as --color never, or NO_COLOR=1).")
  boolean noColor;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  Path directory() {
    return directory != null ? directory : Path.of(System.getProperty("user.dir"));
  }

  /**
   * A file named on the command line, read or written as if started in {@code -C DIR} (as git's
   * {@code -C}): relative to that directory, never to the JVM's own; null stays null.
   */
  Path file(Path given) {
    return given == null ? null : directory().resolve(given);
  }

  /**
   * A {@code --key} value: a verifier key's text (name+keyid+base64), or a key file named relative
   * to {@code -C DIR}; null stays null.
   */
  String keyArgument(String given) {
    if (given == null) {
      return null;
    }
    Path file = directory().resolve(given);
    return given.contains("+") && !java.nio.file.Files.exists(file) ? given : file.toString();
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. 'assess'");
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line with the process's standard streams; returns the exit code. */
  public static int run(String... args) {
    return run(
        new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
        new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true),
        args);
  }

  /** Runs the command line with the given streams; returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    String colour = Colour.mode(args);
    if (!List.of("auto", "always", "never").contains(colour.toLowerCase(java.util.Locale.ROOT))) {
      err.println("changetrail: --color takes auto, always or never, not '" + colour + "'");
      err.flush();
      return ExitCode.USAGE.code();
    }
    if (Colour.enabled(colour, System.getenv(), Terminal.outputIsTerminal(), args)) {
      out = Colour.painting(out);
    }
    Main main = new Main();
    CommandLine cli = new CommandLine(main);
    // One list of exit codes: ExitCode's, never a second copy in an annotation.
    cli.getCommandSpec().usageMessage().exitCodeList(ExitCode.helpList());
    String wanted = requestedCommand(args);
    boolean known =
        !"help".equals(wanted)
            && COMMANDS.stream().anyMatch(command -> namesOf(command).contains(wanted));
    boolean versionOnly = wanted == null && java.util.Arrays.asList(args).contains("--version");
    for (Class<?> command : COMMANDS) {
      if (!versionOnly && (!known || namesOf(command).contains(wanted))) {
        cli.addSubcommand(command);
      }
    }
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (exception, commandLine, parseResult) -> handle(exception, commandLine, main.verbose));
    cli.setParameterExceptionHandler(
        (exception, args1) -> {
          CommandLine failed = exception.getCommandLine();
          failed.getErr().println("changetrail: " + exception.getMessage());
          failed
              .getErr()
              .println(
                  "  run '"
                      + failed.getCommandSpec().qualifiedName()
                      + " --help' for the options and examples");
          return ExitCode.USAGE.code();
        });
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** The subcommand the arguments name, skipping the options of {@code changetrail} itself. */
  static String requestedCommand(String... args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-C")) {
        i++;
      } else if (arg.equals("--color")) {
        i++;
      } else if (arg.startsWith("-C")
          || arg.equals("--verbose")
          || arg.equals("--no-color")
          || arg.startsWith("--color=")) {
        continue;
      } else {
        return arg.startsWith("-") ? null : arg;
      }
    }
    return null;
  }

  private static List<String> namesOf(Class<?> command) {
    Command annotation = command.getAnnotation(Command.class);
    List<String> names = new java.util.ArrayList<>(List.of(annotation.aliases()));
    names.add(annotation.name());
    return names;
  }

  private static int handle(Exception exception, CommandLine commandLine, boolean verbose) {
    PrintWriter err = commandLine.getErr();
    if (exception instanceof ChangeTrailException known) {
      err.println("changetrail: " + known.getMessage());
      if (!known.hint().isEmpty()) {
        err.println("  " + known.hint());
      }
      if (verbose) {
        known.printStackTrace(err);
      }
      return ExitCode.of(known.problem()).code();
    }
    if (exception instanceof GateFailedException gate) {
      err.println("changetrail: " + gate.getMessage());
      return gate.exit().code();
    }
    err.println(
        "changetrail: internal error: "
            + exception.getClass().getSimpleName()
            + (exception.getMessage() == null ? "" : ": " + exception.getMessage()));
    if (verbose) {
      exception.printStackTrace(err);
    } else {
      err.println("  this is a bug; rerun with --verbose and report the output");
    }
    return ExitCode.INTERNAL.code();
  }

  /** Reads the version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {
        "changetrail " + (version == null ? "development build" : version),
        "Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")"
      };
    }
  }
}
