package io.changetrail.cli;

import io.changetrail.app.hooks.Launcher;
import io.changetrail.app.hooks.ManageHooks;
import io.changetrail.app.hooks.ManageHooks.Existing;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.git.GitRepository;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code changetrail hooks install|uninstall}: the git hooks that keep changes documented. */
@Command(
    name = "hooks",
    mixinStandardHelpOptions = true,
    description = {
      "Install or remove ChangeTrail's git hooks: prepare-commit-msg fills in the change"
          + " document template, commit-msg lints the message, pre-push lints every commit pushed.",
      "Hooks already there are never lost: --chain keeps each as <hook>.local and runs it first."
          + " core.hooksPath is honoured. For the pre-commit framework, see .pre-commit-hooks.yaml."
    },
    subcommands = {HooksCommand.Install.class, HooksCommand.Uninstall.class},
    footerHeading = "%nExamples:%n",
    footer = {
      "  changetrail hooks install",
      "  changetrail hooks install --chain          keep and run the hooks you already have",
      "  changetrail hooks install --command 'changetrail'   always use the one on the PATH",
      "  changetrail hooks uninstall",
      "",
      "The hooks find ChangeTrail through $CHANGETRAIL (a command), else the jar used at install"
          + " time, else 'changetrail' on the PATH.",
      "Exit codes: 0 done; 3 not a repository; 8 git failed; 9 a hook could not be written;"
          + " 15 a hook that is not ChangeTrail's is in the way (nothing was changed)."
    })
final class HooksCommand implements Runnable {
  @ParentCommand Main main;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "name a subcommand: install or uninstall");
  }

  @Command(name = "install", mixinStandardHelpOptions = true, description = "Install the hooks.")
  static final class Install implements Runnable {
    @ParentCommand HooksCommand hooks;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--chain",
        description = "Keep hooks that are not ChangeTrail's as <hook>.local and run them first.")
    boolean chain;

    @Option(
        names = "--force",
        description =
            "Replace hooks that are not ChangeTrail's (kept as <hook>.changetrail-backup).")
    boolean force;

    @Option(
        names = "--command",
        paramLabel = "CMD",
        description = "The command the hooks run (default: this ChangeTrail's jar).")
    String command;

    @Override
    public void run() {
      if (chain && force) {
        throw new ChangeTrailException(
            Problem.INVALID_INPUT, "--chain and --force exclude each other", "choose one");
      }
      ManageHooks manage = new ManageHooks(GitRepository.open(hooks.main.directory()));
      Launcher launcher =
          command != null ? Launcher.command(command) : current(Optional.of(manage.classArchive()));
      List<String> done =
          manage.install(
              launcher, chain ? Existing.CHAIN : force ? Existing.FORCE : Existing.REFUSE);
      PrintWriter out = spec.commandLine().getOut();
      done.forEach(out::println);
    }

    private static Launcher current(Optional<Path> classArchive) {
      try {
        Path source =
            Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return Launcher.current(
            Path.of(System.getProperty("java.home")),
            source,
            System.getProperty("java.class.path"),
            classArchive);
      } catch (URISyntaxException | SecurityException e) {
        throw new ChangeTrailException(
            Problem.INVALID_INPUT,
            "cannot tell where ChangeTrail was started from",
            "give the command the hooks should run with --command");
      }
    }
  }

  @Command(
      name = "uninstall",
      mixinStandardHelpOptions = true,
      description = "Remove the hooks and restore those they chained.")
  static final class Uninstall implements Runnable {
    @ParentCommand HooksCommand hooks;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      List<String> done = new ManageHooks(GitRepository.open(hooks.main.directory())).uninstall();
      PrintWriter out = spec.commandLine().getOut();
      done.forEach(out::println);
    }
  }
}
