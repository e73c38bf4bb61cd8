package io.changetrail.cli;

import io.changetrail.app.keys.KeyFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code changetrail keys}: the Ed25519 keys that sign ledger checkpoints. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Manage the Ed25519 key that signs ledger checkpoints.",
    subcommands = {KeysCommand.Generate.class},
    footerHeading = "%nExamples:%n",
    footer = {"  changetrail keys generate --name example.com/trading-ledger"})
final class KeysCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "name a subcommand: generate");
  }

  /** {@code keys generate}. */
  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = {
        "Create a signing key: the private key (mode 600) outside the repository and the"
            + " database, and its public verifier key (name+keyid+base64key) beside it.",
        "Give the verifier key to auditors through another channel than the ledger itself."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  changetrail keys generate --name example.com/trading-ledger",
        "  changetrail keys generate --key-file /secure/ledger.key",
        "",
        "Exit codes: 0 written; 7 invalid name; 9 cannot write; 12 a key is already there (use"
            + " --force)."
      })
  static final class Generate implements Runnable {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--name",
        paramLabel = "NAME",
        description =
            "The key name, no spaces or '+', best a schema-less URL (default: ${DEFAULT-VALUE}).",
        defaultValue = "changetrail.local/ledger")
    String name;

    @Option(
        names = "--key-file",
        paramLabel = "FILE",
        description =
            "Where to write the private key (default: $CHANGETRAIL_HOME/keys/ledger.key).")
    Path keyFile;

    @Option(names = "--force", description = "Replace an existing key.")
    boolean force;

    @Override
    public void run() {
      Main main = (Main) spec.root().userObject();
      KeyFiles.Generated generated =
          KeyFiles.generate(name, Optional.ofNullable(main.file(keyFile)), force);
      PrintWriter out = spec.commandLine().getOut();
      out.println("private key: " + generated.privateKey() + " (mode 600: keep it secret)");
      out.println("public key:  " + generated.publicKey());
      out.println("verifier key (give this to auditors):");
      out.println(generated.verifier().encode());
    }
  }
}
