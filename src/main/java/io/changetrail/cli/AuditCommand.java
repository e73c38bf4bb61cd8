package io.changetrail.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.changetrail.app.LedgerLocation;
import io.changetrail.app.Workspace;
import io.changetrail.app.audit.AuditLedger;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.ledger.Fact;
import io.changetrail.domain.ledger.Finding;
import io.changetrail.domain.ledger.LedgerEntry;
import io.changetrail.domain.ledger.VerificationReport;
import io.changetrail.domain.lifecycle.SignatureReport;
import io.changetrail.git.GitRepository;
import io.changetrail.json.Json;
import io.changetrail.ledger.LedgerAuditor;
import io.changetrail.ledger.LedgerBundle;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code changetrail audit}: the tamper-evident ledger's checkpoints, proofs and exports. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "Verify, checkpoint, prove and export the tamper-evident ledger (a Merkle log with signed"
          + " checkpoints).",
      "The ledger is SQLite in <git dir>/changetrail/ledger.db unless --ledger, CHANGETRAIL_LEDGER"
          + " or 'ledger: url:' in changetrail.yml name another (jdbc:postgresql://... for teams)."
    },
    subcommands = {
      AuditCommand.Verify.class,
      AuditCommand.Checkpoint.class,
      AuditCommand.Proof.class,
      AuditCommand.Export.class,
      AuditCommand.Append.class,
      AuditChangeCommands.Record.class,
      AuditChangeCommands.Reconcile.class,
      AuditChangeCommands.Population.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  changetrail keys generate --name example.com/ledger     once: the signing key",
      "  changetrail audit checkpoint                            sign the current tree head",
      "  changetrail audit verify                                check the whole ledger",
      "  changetrail audit proof --index 42                      prove entry 42 is in the log",
      "  changetrail audit export --out audit-2026.bundle        a bundle for the auditor",
      "  changetrail audit verify --bundle audit-2026.bundle --key 'example.com/ledger+1a2b3c4d+AW...'",
      "",
      "Exit codes: 0 ok; 2 invalid command line; 3 not a repository; 5 nothing to do (no"
          + " checkpoint covers the entry or range yet); 7 invalid input (malformed bundle); 9 file"
          + " error; 10 ledger unreachable, locked, full or empty; 11 tampering found; 12 key"
          + " missing, unsafe or not the one that signed; 17 not proven (unsigned entries)."
    })
final class AuditCommand implements Runnable {
  @ParentCommand Main main;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "name a subcommand: verify, checkpoint, proof, export or append");
  }

  /** Where the ledger is. */
  static final class LedgerOption {
    @Option(
        names = "--ledger",
        paramLabel = "URL",
        description =
            "The ledger: jdbc:sqlite:FILE, jdbc:postgresql://HOST/DB?user=U&password=P, or a"
                + " SQLite file (default: CHANGETRAIL_LEDGER, changetrail.yml, then"
                + " <git dir>/changetrail/ledger.db).")
    String ledger;

    Optional<String> value() {
      return Optional.ofNullable(ledger);
    }
  }

  private static final ObjectMapper JSON = Json.MAPPER;

  static AuditLedger open(Main main, LedgerOption option) {
    return new AuditLedger(GitRepository.open(main.directory()), option.value());
  }

  /** {@code audit verify}. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Recompute every leaf and tree head of the ledger (or of a bundle), check every signed"
            + " checkpoint, the git ref's copies and the consistency between them, and name the"
            + " first bad entry index.",
        "Then check the signature of every signed decision: ssh signatures against an"
            + " allowed-signers file (ssh-keygen -Y verify, as git checks signed commits), OpenPGP"
            + " signatures against an allowed keys file (gpg --verify in a temporary keyring); and"
            + " name each decision as signature valid (by whom, which key), invalid, signed by a"
            + " key not allowed, signed but not checked (no file for its format), unsigned (not"
            + " proven), or authenticated by the team server. The output names the files used."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  changetrail audit verify",
        "  changetrail audit verify --ledger jdbc:postgresql://db/changetrail?user=auditor",
        "  changetrail audit verify --bundle q3.bundle --key ledger.pub --allowed-signers signers",
        "  changetrail audit verify --bundle q3.bundle --key ledger.pub --allowed-signers signers \\",
        "      --allowed-openpgp-keys team-keys.asc --require-signatures",
        "",
        "Exit codes: 0 verified (or, with --allow-unsigned-tail, verified up to the last signed"
            + " checkpoint); 7 malformed bundle, or no allowed-signers or keys file at the path"
            + " given (or one gpg cannot import); 10 ledger unreachable; 11 tampering found, or a decision's signature does not verify"
            + " over its entry; 12 key missing or malformed, the checkpoints are signed by another"
            + " key, or a decision is signed by a key the allowed-signers (or OpenPGP keys) file"
            + " does not list for its actor; 17 not proven: entries no trusted checkpoint covers, or (when signed"
            + " decisions are required) unsigned or unchecked decisions."
      })
  static final class Verify implements Runnable {
    @ParentCommand AuditCommand audit;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin LedgerOption ledger = new LedgerOption();

    @Option(
        names = "--bundle",
        paramLabel = "FILE",
        description = "Verify an exported bundle offline instead of a ledger (needs --key).")
    Path bundle;

    @Option(
        names = "--key",
        paramLabel = "KEY",
        description =
            "The trusted verifier key: name+keyid+base64key, or a .pub file (default: the"
                + " .pub beside the default signing key).")
    String key;

    @Option(
        names = "--format",
        paramLabel = "FORMAT",
        description = "text or json (default: ${DEFAULT-VALUE}).",
        defaultValue = "text")
    OutputFormat format;

    @Option(
        names = "--allow-unsigned-tail",
        description =
            "Accept entries after the last checkpoint signed by the trusted key: exit 0 when"
                + " everything signed verifies, though the tail is not proven (it is still"
                + " counted and named). Without it, an unsigned tail exits 17.")
    boolean allowUnsignedTail;

    @Option(
        names = "--allowed-signers",
        paramLabel = "FILE",
        description =
            "Check every signed decision (approval, rejection, sign-off, deployment, verification)"
                + " against this allowed-signers file (git's gpg.ssh.allowedSignersFile format)"
                + " with ssh-keygen -Y verify. Default for a ledger: git's"
                + " gpg.ssh.allowedSignersFile, else .changetrail/allowed_signers; a bundle's"
                + " signatures are checked only against the file you give.")
    Path allowedSigners;

    @Option(
        names = "--allowed-openpgp-keys",
        paramLabel = "FILE",
        description =
            "Check every OpenPGP-signed decision with gpg against the public keys in this file"
                + " (armored: gpg --armor --export EMAIL...), imported into a temporary keyring"
                + " (never yours); the key's user id must name the decider's email. Default for a"
                + " ledger: .changetrail/allowed-openpgp-keys.asc; a bundle's signatures are"
                + " checked only against the file you give.")
    Path allowedOpenpgpKeys;

    @Option(
        names = "--require-signatures",
        description =
            "Fail (exit 17) when a command-line decision is unsigned or its signature cannot be"
                + " checked; a ledger's changetrail.yml can require it too"
                + " (approvals.require_signatures).")
    boolean requireSignatures;

    @Override
    public void run() {
      VerificationReport report;
      SignatureReport signatures;
      String what;
      Optional<Path> allowed = Optional.ofNullable(audit.main.file(allowedSigners));
      Optional<Path> openpgp = Optional.ofNullable(audit.main.file(allowedOpenpgpKeys));
      Optional<String> key = Optional.ofNullable(audit.main.keyArgument(this.key));
      Path bundle = audit.main.file(this.bundle);
      if (bundle != null) {
        report = AuditLedger.verifyBundle(bundle, key);
        what = "bundle " + bundle;
        signatures =
            report.intact()
                ? AuditLedger.bundleSignatures(bundle, allowed, openpgp, requireSignatures)
                : SignatureReport.skipped(
                    "the entries do not verify, so what they record is not evidence",
                    requireSignatures);
      } else {
        AuditLedger ledgerAudit = open(audit.main, ledger);
        boolean required =
            requireSignatures
                || Workspace.open(audit.main.directory()).lifecycle().signedDecisions();
        AuditLedger.Audit audited = ledgerAudit.audit(key, allowed, openpgp, required);
        report = audited.report();
        signatures = audited.signatures();
        what = "ledger " + ledgerAudit.url();
      }
      PrintWriter out = spec.commandLine().getOut();
      if (format == OutputFormat.JSON) {
        Map<String, Object> tree = new java.util.LinkedHashMap<>(report.tree(what));
        tree.put("signatures", signatures.tree());
        out.println(write(tree));
      } else {
        out.print(text(report, what, allowUnsignedTail));
        out.print(signatures.text());
      }
      out.flush();
      if (report.verdict() != VerificationReport.Verdict.TAMPERED) {
        fail(signatures, true);
      }
      fail(report, allowUnsignedTail);
      fail(signatures, false);
    }

    /**
     * Throws the error of the signatures' verdict: with {@code onlyFailures}, only an invalid
     * signature or a key not allowed (they outrank an unsigned tail of the log, not tampering).
     */
    static void fail(SignatureReport signatures, boolean onlyFailures) {
      SignatureReport.Decision first = signatures.firstFailure().orElse(null);
      if (first == null) {
        return;
      }
      String where = "entry " + first.index() + " (" + first.kind() + " by " + first.actor() + ")";
      switch (signatures.verdict()) {
        case INVALID ->
            throw new ChangeTrailException(
                Problem.TAMPERED,
                "a decision's signature does not verify: " + where + ": " + first.detail(),
                "treat that decision as forged: its content is not what its signer signed;"
                    + " compare with a backup or an earlier bundle");
        case KEY_NOT_ALLOWED ->
            throw new ChangeTrailException(
                Problem.KEY_PROBLEM,
                "a decision is not signed by an allowed signer: " + where + ": " + first.detail(),
                "if the key is theirs, add it to the allowed-signers file ('EMAIL"
                    + " namespaces=\"changetrail\" KEY') or, for an OpenPGP key, to the allowed"
                    + " OpenPGP keys file (gpg --armor --export); otherwise treat the decision as"
                    + " not theirs");
        case NOT_PROVEN -> {
          if (!onlyFailures) {
            throw new ChangeTrailException(
                Problem.UNSIGNED,
                "not proven: "
                    + signatures.requiredMissing().size()
                    + " decision(s) unsigned or unchecked, and signed decisions are required; the"
                    + " first is "
                    + where,
                first.status() == SignatureReport.Status.NOT_CHECKED
                    ? "give the file to check with: --allowed-signers FILE (ssh) or"
                        + " --allowed-openpgp-keys FILE (OpenPGP)"
                    : "an unsigned decision cannot be proven after the fact: treat it as asserted;"
                        + " deciders sign from now on with git's user.signingkey (gpg.format ssh or"
                        + " openpgp; approvals.require_signatures refuses unsigned ones)");
          }
        }
        case OK -> {}
      }
    }

    /** Throws the error that matches the verdict, if it is not a success. */
    static void fail(VerificationReport report, boolean allowUnsignedTail) {
      switch (report.verdict()) {
        case TAMPERED ->
            throw new ChangeTrailException(
                Problem.TAMPERED,
                report.firstBadIndex().stream()
                    .mapToObj(i -> "verification failed: the first bad entry is index " + i)
                    .findFirst()
                    .orElse("verification failed: " + firstTampering(report)),
                "treat the ledger as compromised from there: compare with a backup, an earlier"
                    + " bundle or another clone's refs/changetrail/checkpoints");
        case OTHER_KEY ->
            throw new ChangeTrailException(
                Problem.KEY_PROBLEM,
                report.findings().get(0).message(),
                "verify with the verifier key of whoever signed it, if you trust that key; the"
                    + " entries are not proven by the key you gave");
        case UNSIGNED -> {
          if (report.checkpointsVerified() == 0) {
            throw new ChangeTrailException(
                Problem.UNSIGNED,
                "not proven: no checkpoint signed by the key you trust covers "
                    + (report.entries() == 0
                        ? "the log"
                        : "any of the " + report.entries() + " entries"),
                "the ledger's owner signs one with 'changetrail audit checkpoint'");
          }
          if (!allowUnsignedTail) {
            throw new ChangeTrailException(
                Problem.UNSIGNED,
                "not proven: "
                    + unsignedRange(report)
                    + are(report)
                    + " covered by no checkpoint signed by the key you trust",
                "sign a checkpoint ('changetrail audit checkpoint') and export again, or pass"
                    + " --allow-unsigned-tail to accept what the signatures cover");
          }
        }
        case VERIFIED -> {}
      }
    }

    private static String firstTampering(VerificationReport report) {
      return report.findings().stream()
          .filter(f -> f.kind() == Finding.Kind.TAMPERED)
          .map(Finding::message)
          .findFirst()
          .orElse("");
    }

    private static String are(VerificationReport report) {
      return report.unsignedEntries() == 1 ? " is" : " are";
    }

    static String unsignedRange(VerificationReport report) {
      long first = report.unsignedFrom();
      long last = report.to() - 1;
      long count = report.unsignedEntries();
      return count == 1
          ? "entry " + first
          : "entries " + first + " to " + last + " (" + count + ")";
    }

    static String text(VerificationReport report, String what, boolean allowUnsignedTail) {
      StringBuilder text = new StringBuilder();
      text.append(what).append('\n');
      text.append("  entries checked:      ")
          .append(report.entries())
          .append(
              report.from() > 0
                  ? " (indices " + report.from() + " to " + (report.to() - 1) + ")"
                  : "")
          .append('\n');
      text.append("  checkpoints verified: ").append(report.checkpointsVerified()).append('\n');
      report
          .latestCheckpoint()
          .ifPresent(
              c ->
                  text.append("  latest checkpoint:    size ")
                      .append(c.size())
                      .append(", root ")
                      .append(Base64.getEncoder().encodeToString(c.root()))
                      .append('\n'));
      if (report.intact() && report.entries() > 0) {
        long signedEnd = report.unsignedFrom();
        text.append("  signed (proven):      ")
            .append(
                signedEnd > report.from()
                    ? "entries " + report.from() + " to " + (signedEnd - 1)
                    : "none")
            .append('\n');
        text.append("  unsigned (not proven): ")
            .append(report.unsignedEntries() == 0 ? "none" : unsignedRange(report))
            .append('\n');
      }
      switch (report.verdict()) {
        case VERIFIED -> text.append("OK: every entry and checkpoint verifies\n");
        case UNSIGNED -> {
          if (report.checkpointsVerified() == 0) {
            text.append(
                "NOT PROVEN: no checkpoint signed by the key you trust covers these entries; their"
                    + " hashes agree with each other, which whoever can write the ledger can make"
                    + " them do (run 'audit checkpoint')\n");
          } else if (allowUnsignedTail) {
            text.append("OK (unsigned tail accepted): the signed entries verify; ")
                .append(unsignedRange(report))
                .append(are(report))
                .append(" not proven\n");
          } else {
            text.append("NOT PROVEN: ")
                .append(unsignedRange(report))
                .append(are(report))
                .append(" covered by no checkpoint signed by the key you trust (the ")
                .append(report.unsignedFrom() == 1 ? "entry" : "entries")
                .append(" before verify)\n");
          }
        }
        case OTHER_KEY ->
            text.append(
                "NOT SIGNED BY THE KEY YOU TRUST: nothing is tampered as far as the entries go,"
                    + " but the checkpoints are another key's\n");
        case TAMPERED -> {
          report
              .firstBadIndex()
              .ifPresent(
                  i -> text.append("TAMPERED: first bad entry index ").append(i).append('\n'));
          if (report.firstBadIndex().isEmpty()) {
            text.append("TAMPERED: ").append(firstTampering(report)).append('\n');
          }
        }
      }
      for (Finding finding : report.findings()) {
        text.append("  - ").append(finding.message()).append('\n');
      }
      return text.toString();
    }

    static String json(VerificationReport report, String what) {
      return write(report.tree(what));
    }
  }

  /** {@code audit checkpoint}. */
  @Command(
      name = "checkpoint",
      mixinStandardHelpOptions = true,
      description = {
        "Sign the ledger's current tree head (C2SP tlog-checkpoint, Ed25519), store it, mirror"
            + " it to the git ref refs/changetrail/checkpoints and keep it beside the key"
            + " (KEY.last-checkpoint). Refuses to sign a ledger that is not consistent with every"
            + " checkpoint already published that it can see, naming the first entry that breaks"
            + " consistency.",
        "Share the ref: git push origin 'refs/changetrail/*:refs/changetrail/*'"
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  changetrail audit checkpoint",
        "  changetrail audit checkpoint --key-file /secure/ledger.key",
        "",
        "Exit codes: 0 signed; 10 ledger unreachable; 11 the ledger is not consistent with a"
            + " checkpoint already published (the database's, the git ref's or its fetched copies',"
            + " or the last one the key signed): nothing is signed; 12 key missing, readable by"
            + " others, or mismatched."
      })
  static final class Checkpoint implements Runnable {
    @ParentCommand AuditCommand audit;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin LedgerOption ledger = new LedgerOption();

    @Option(
        names = "--key-file",
        paramLabel = "FILE",
        description = "The private key (default: $CHANGETRAIL_HOME/keys/ledger.key).")
    Path keyFile;

    @Override
    public void run() {
      AuditLedger.CheckpointResult result =
          open(audit.main, ledger).checkpoint(Optional.ofNullable(audit.main.file(keyFile)));
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          result.signed().isNew()
              ? "signed checkpoint of size " + result.signed().checkpoint().size()
              : "the ledger has not grown: the checkpoint of size "
                  + result.signed().checkpoint().size()
                  + " stands");
      out.print(result.signed().note());
    }
  }

  /** {@code audit proof}. */
  @Command(
      name = "proof",
      mixinStandardHelpOptions = true,
      description =
          "Print entry N with its RFC 6962 inclusion proof against the smallest signed checkpoint"
              + " that covers it, checked before it is printed.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  changetrail audit proof --index 42",
        "  changetrail audit proof --index 42 --format json",
        "",
        "Exit codes: 0 proved; 5 no checkpoint covers it yet; 7 no such entry; 11 tampering; 12"
            + " key problem."
      })
  static final class Proof implements Runnable {
    @ParentCommand AuditCommand audit;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin LedgerOption ledger = new LedgerOption();

    @Option(names = "--index", paramLabel = "N", required = true, description = "The entry.")
    long index;

    @Option(
        names = "--key",
        paramLabel = "KEY",
        description = "The verifier key (default: the default key's .pub).")
    String key;

    @Option(
        names = "--format",
        paramLabel = "FORMAT",
        description = "text or json (default: ${DEFAULT-VALUE}).",
        defaultValue = "text")
    OutputFormat format;

    @Override
    public void run() {
      LedgerAuditor.InclusionProof proof =
          open(audit.main, ledger).prove(index, Optional.ofNullable(audit.main.keyArgument(key)));
      if (!proof.verified()) {
        throw new ChangeTrailException(
            Problem.TAMPERED,
            "entry "
                + index
                + " does not prove against the checkpoint of size "
                + proof.checkpoint().size(),
            "run 'changetrail audit verify'");
      }
      PrintWriter out = spec.commandLine().getOut();
      io.changetrail.app.api.Proof shown = io.changetrail.app.api.Proof.of(proof);
      if (format == OutputFormat.JSON) {
        out.println(LifecycleSupport.json(shown));
        return;
      }
      out.print(shown.text());
    }
  }

  /** {@code audit export}. */
  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = {
        "Write a self-contained bundle (entries, signed checkpoints, proofs, public key) that an"
            + " auditor verifies offline with 'audit verify --bundle FILE --key KEY'. Format:"
            + " docs/bundle-format.md.",
        "Signs a checkpoint first when none covers the range yet and the signing key is at hand."
      },
      footerHeading = "%nExamples:%n",
      footer = {
        "  changetrail audit export --out ledger.bundle",
        "  changetrail audit export --from 1000 --to 2000 --out q3.bundle",
        "",
        "Exit codes: 0 written (and verified); 5 no checkpoint covers the range and no signing"
            + " key; 7 invalid range, or --out is a folder; 9 file error; 10 ledger unreachable,"
            + " missing or empty; 11 the ledger does not verify (rewritten, or rolled back behind a"
            + " published checkpoint): nothing is written; 12 key problem."
      })
  static final class Export implements Runnable {
    @ParentCommand AuditCommand audit;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin LedgerOption ledger = new LedgerOption();

    @Option(names = "--from", paramLabel = "N", description = "First index (default: 0).")
    long from;

    @Option(
        names = "--to",
        paramLabel = "N",
        description = "End index, exclusive (default: the whole ledger).")
    Long to;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The bundle.")
    Path out;

    @Option(
        names = "--key-file",
        paramLabel = "FILE",
        description = "The private key, to sign a covering checkpoint when needed.")
    Path keyFile;

    @Option(names = "--key", paramLabel = "KEY", description = "The verifier key to include.")
    String key;

    @Override
    public void run() {
      Path target = audit.main.file(out);
      LedgerBundle.Exported exported =
          open(audit.main, ledger)
              .export(
                  from,
                  Optional.ofNullable(to),
                  target,
                  Optional.ofNullable(audit.main.file(keyFile)),
                  Optional.ofNullable(audit.main.keyArgument(key)));
      spec.commandLine()
          .getOut()
          .println(
              "wrote "
                  + exported.file()
                  + ": entries "
                  + exported.from()
                  + " to "
                  + (exported.to() - 1)
                  + ", "
                  + exported.checkpoints()
                  + " signed checkpoint(s), tree size "
                  + exported.treeSize());
    }
  }

  /** {@code audit append}: a raw fact, for scripts and tests. */
  @Command(
      name = "append",
      mixinStandardHelpOptions = true,
      description =
          "Append one raw fact to the ledger (low level: the other commands record their own"
              + " facts). Prints the entry's index once it is durable.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  changetrail audit append --actor alice --kind note --change CHG-20261124-7K3Q \\",
        "      --data '{\"text\":\"reviewed the rollback plan\"}'",
        "",
        "Exit codes: 0 appended; 7 invalid data; 10 ledger unreachable, locked or full."
      })
  static final class Append implements Runnable {
    @ParentCommand AuditCommand audit;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin LedgerOption ledger = new LedgerOption();

    @Option(names = "--actor", paramLabel = "WHO", required = true, description = "Who acted.")
    String actor;

    @Option(names = "--kind", paramLabel = "KIND", required = true, description = "What kind.")
    String kind;

    @Option(names = "--change", paramLabel = "ID", description = "The change it concerns.")
    String change;

    @Option(
        names = "--data",
        paramLabel = "JSON",
        description = "Details as a JSON object (integers, no fractions).",
        defaultValue = "{}")
    String data;

    @Override
    public void run() {
      Map<String, Object> details;
      try {
        Object parsed = JSON.readValue(data, Object.class);
        if (!(parsed instanceof Map<?, ?>)) {
          throw new ChangeTrailException(
              Problem.INVALID_INPUT, "--data must be a JSON object", "e.g. --data '{\"a\":1}'");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) parsed;
        details = map;
      } catch (JsonProcessingException e) {
        throw new ChangeTrailException(
            Problem.INVALID_INPUT,
            "--data is not valid JSON: " + e.getOriginalMessage(),
            "e.g. --data '{\"a\":1}'");
      }
      List<LedgerEntry> entries;
      try {
        entries = open(audit.main, ledger).record(List.of(new Fact(actor, kind, change, details)));
      } catch (IllegalArgumentException e) {
        throw new ChangeTrailException(Problem.INVALID_INPUT, e.getMessage(), "");
      }
      spec.commandLine().getOut().println(entries.get(0).index());
    }
  }

  static String write(Object node) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  static String location(Path base, String value) {
    return LedgerLocation.toUrl(value, base);
  }
}
