package io.changetrail.cli;

import io.changetrail.app.attest.AttestChange;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code changetrail attest}: a change's evidence as signed in-toto attestations. */
@Command(
    name = "attest",
    mixinStandardHelpOptions = true,
    description = {
      "Write a change's evidence as in-toto Statement v1 attestations in DSSE envelopes signed"
          + " with the ledger key, one per line (JSON Lines, .intoto.jsonl):",
      "  - the change record (predicate " + AttestChange.CHANGE_PREDICATE + ");",
      "  - the gate decision as a Simple Verification Result ("
          + AttestChange.SVR_PREDICATE
          + ") whose properties are only the audit checks the ledger proves;",
      "  - a deployment authorisation ("
          + AttestChange.DEPLOYMENT_PREDICATE
          + ") per environment the change is approved for.",
      "Subjects: the change's tip as git tree and commit, and any artifact named with --subject"
          + " or --subject-digest. See docs/attestations.md for verifying them."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  changetrail attest CHG-20261124-7K3Q --out change.intoto.jsonl --public-key ledger.pem",
      "  changetrail attest CHG-20261124-7K3Q --subject target/app.jar --out app.intoto.jsonl",
      "  changetrail attest CHG-20261124-7K3Q --subject-digest registry.example/app=sha256:3a24...",
      "",
      "Exit codes: 0 written; 7 a bad --subject-digest; 9 a file cannot be read or written; 12 the"
          + " ledger key is missing or unusable; 13 no such change."
    })
final class AttestCommand implements Runnable {
  @ParentCommand Main main;
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

  @Parameters(paramLabel = "CHANGE", description = "The change id.")
  String change;

  @Option(
      names = "--subject",
      paramLabel = "FILE",
      description = "An artifact to name as a subject, by its SHA-256 (repeatable).")
  List<Path> subjects = new ArrayList<>();

  @Option(
      names = "--subject-digest",
      paramLabel = "NAME=sha256:HEX",
      description = "An artifact named by its digest, e.g. a container image (repeatable).")
  List<String> digests = new ArrayList<>();

  @Option(
      names = "--key-file",
      paramLabel = "FILE",
      description = "The ledger's private key (default: $CHANGETRAIL_HOME/keys/ledger.key).")
  Path keyFile;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write the envelopes here (default: standard output).")
  Path out;

  @Option(
      names = "--public-key",
      paramLabel = "FILE",
      description = "Also write the ledger's public key as PEM, for other verifiers.")
  Path publicKey;

  @Override
  public void run() {
    PrintWriter console = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Path> files = subjects.stream().map(p -> main.directory().resolve(p)).toList();
    AttestChange.Outcome outcome;
    try (Lifecycle lifecycle = LifecycleSupport.openForRead(main, ledger)) {
      outcome =
          new AttestChange(lifecycle)
              .attest(
                  new AttestChange.Request(
                      change, files, digests, Optional.ofNullable(main.file(keyFile))));
    }
    String lines = AttestChange.jsonLines(outcome.attestations());
    if (out == null) {
      console.print(lines);
    } else {
      write(main.directory().resolve(out), lines);
    }
    if (publicKey != null) {
      write(main.directory().resolve(publicKey), outcome.publicKeyPem());
    }
    PrintWriter report = out == null ? err : console;
    report.println(
        outcome.attestations().size()
            + " attestations of "
            + outcome.change().id()
            + ", signed by ledger key "
            + outcome.keyId()
            + (out == null ? "" : ", written to " + out)
            + ":");
    for (AttestChange.Attestation attestation : outcome.attestations()) {
      report.println("  " + attestation.summary());
    }
    if (!outcome.notProven().isEmpty()) {
      report.println("not attested (the audit record does not prove them):");
      for (String item : outcome.notProven()) {
        report.println("  " + item);
      }
    }
    report.flush();
  }

  /** Writes through a temporary file and a move: a failure never leaves half a file. */
  private static void write(Path file, String text) {
    Path temporary = null;
    try {
      Path parent = file.toAbsolutePath().getParent();
      temporary = Files.createTempFile(parent, ".changetrail-", ".tmp");
      Files.writeString(temporary, text, StandardCharsets.UTF_8);
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (temporary != null) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
          // best effort: the message below says what failed
        }
      }
      throw new ChangeTrailException(
          Problem.IO,
          "cannot write " + file + ": " + e.getMessage(),
          "check that the folder exists and is writable");
    }
  }
}
