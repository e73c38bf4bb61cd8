package io.changetrail.app.audit;

import io.changetrail.app.LedgerLocation;
import io.changetrail.app.keys.KeyFiles;
import io.changetrail.app.lifecycle.DecisionSignatures;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.ledger.Fact;
import io.changetrail.domain.ledger.Finding;
import io.changetrail.domain.ledger.LedgerEntry;
import io.changetrail.domain.ledger.SigningKey;
import io.changetrail.domain.ledger.VerificationReport;
import io.changetrail.domain.ledger.VerifierKey;
import io.changetrail.domain.lifecycle.Identities;
import io.changetrail.domain.lifecycle.SignatureReport;
import io.changetrail.git.CheckpointRef;
import io.changetrail.git.GitRepository;
import io.changetrail.ledger.LedgerAuditor;
import io.changetrail.ledger.LedgerBundle;
import io.changetrail.ledger.LedgerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The audit use cases on a repository's ledger: record a fact, sign a checkpoint (and mirror it to
 * the git ref), verify, prove one entry, export a bundle. Each call opens and closes the store,
 * unless the ledger is a server node's shared store, which is borrowed and never closed.
 */
public final class AuditLedger {
  private final GitRepository repository;
  private final String url;
  private final LedgerStore shared;

  /**
   * The ledger of {@code repository}; {@code ledgerOption} is {@code --ledger} (see {@link
   * LedgerLocation}).
   */
  public AuditLedger(GitRepository repository, Optional<String> ledgerOption) {
    this.repository = repository;
    this.url = LedgerLocation.resolve(ledgerOption, repository);
    this.shared = null;
  }

  /** The ledger of a server node: its shared (pooled) store, borrowed for each call. */
  public AuditLedger(GitRepository repository, LedgerStore shared) {
    this.repository = repository;
    this.url = "";
    this.shared = shared;
  }

  private <T> T with(boolean existing, java.util.function.Function<LedgerStore, T> work) {
    if (shared != null) {
      return work.apply(shared);
    }
    try (LedgerStore store = existing ? LedgerStore.openExisting(url) : LedgerStore.open(url)) {
      return work.apply(store);
    }
  }

  /** Appends facts in one transaction; returns the durable entries. */
  public List<LedgerEntry> record(List<Fact> facts) {
    return with(false, store -> store.append(facts));
  }

  /** A signed checkpoint and where it went. */
  public record CheckpointResult(LedgerAuditor.Signed signed, String ledger) {
    /** The checkpoint signed, or the latest one when the log has not grown since. */
    public io.changetrail.domain.ledger.Checkpoint checkpoint() {
      return signed.checkpoint();
    }

    /** Its signed note. */
    public String note() {
      return signed.note();
    }

    /** Whether it was signed now (not the latest one, the log unchanged since). */
    public boolean isNew() {
      return signed.isNew();
    }
  }

  /**
   * Signs a checkpoint of the whole log with the key file, stores it, mirrors it to git and keeps
   * it beside the key. Refused unless the log is consistent with every checkpoint already published
   * that this signer can see: the database's, the git ref's (and its fetched copies), and the last
   * one the key signed.
   */
  public CheckpointResult checkpoint(Optional<Path> keyFile) {
    SigningKey key = KeyFiles.loadSigningKey(keyFile);
    return with(false, store -> checkpoint(store, key, keyFile));
  }

  private CheckpointResult checkpoint(LedgerStore store, SigningKey key, Optional<Path> keyFile) {
    CheckpointRef ref = CheckpointRef.of(repository);
    List<LedgerAuditor.Published> published = new ArrayList<>();
    for (String note : ref.published()) {
      published.add(new LedgerAuditor.Published(note, "git ref " + CheckpointRef.REF));
    }
    KeyFiles.lastSigned(keyFile, store.origin())
        .ifPresent(
            note ->
                published.add(
                    new LedgerAuditor.Published(
                        note,
                        "last checkpoint the key signed ("
                            + KeyFiles.lastCheckpointFile(keyFile)
                            + ")")));
    LedgerAuditor.Signed signed = new LedgerAuditor(store).checkpoint(key, published);
    if (!ref.latest().equals(signed.note())) {
      ref.publish(signed.note());
    }
    if (signed.isNew()
        || KeyFiles.lastSigned(keyFile, store.origin()).filter(signed.note()::equals).isEmpty()) {
      KeyFiles.recordSigned(keyFile, store.origin(), signed.note());
    }
    return new CheckpointResult(signed, store.label());
  }

  /**
   * Verifies the ledger against its checkpoints and those mirrored in the git ref (and the ref's
   * fetched copies).
   */
  public VerificationReport verify(Optional<String> key) {
    VerifierKey verifier = KeyFiles.loadVerifierKey(key);
    List<String> published = CheckpointRef.of(repository).published();
    return with(true, store -> new LedgerAuditor(store).verify(verifier, published));
  }

  /** The ledger's verification and its decisions' signatures, judged together. */
  public record Audit(VerificationReport report, SignatureReport signatures) {
    /** Proven: every entry covered by a verified checkpoint, and no signature failed. */
    public boolean ok() {
      return report.ok() && signatures.verdict() == SignatureReport.Verdict.OK;
    }
  }

  /**
   * Verifies the ledger, then (when its entries verify) the signatures of its decisions; when the
   * entries do not verify, what they record is not evidence and the signatures are not checked
   * (said so).
   */
  public Audit audit(Optional<String> key, Optional<Path> allowedSigners, boolean required) {
    return audit(key, allowedSigners, Optional.empty(), required);
  }

  /**
   * As {@link #audit(Optional, Optional, boolean)}, with the auditor's allowed OpenPGP keys file
   * ({@code openpgpKeys}; empty: the repository's {@code .changetrail/allowed-openpgp-keys.asc}).
   */
  public Audit audit(
      Optional<String> key,
      Optional<Path> allowedSigners,
      Optional<Path> openpgpKeys,
      boolean required) {
    VerificationReport report = verify(key);
    SignatureReport signatures =
        report.intact()
            ? signatures(allowedSigners, openpgpKeys, required)
            : SignatureReport.skipped(
                "the entries do not verify, so what they record is not evidence", required);
    return new Audit(report, signatures);
  }

  /**
   * The signatures of the ledger's decisions, checked against {@code allowedSigners} (the
   * auditor's), else the repository's allowed-signers file (git's {@code
   * gpg.ssh.allowedSignersFile}, else {@code .changetrail/allowed_signers}); {@code required}: the
   * policy requires signed decisions.
   */
  public SignatureReport signatures(Optional<Path> allowedSigners, boolean required) {
    return signatures(allowedSigners, Optional.empty(), required);
  }

  /** As {@link #signatures(Optional, boolean)}, with the auditor's allowed OpenPGP keys file. */
  public SignatureReport signatures(
      Optional<Path> allowedSigners, Optional<Path> openpgpKeys, boolean required) {
    DecisionSignatures.Trust allowed =
        DecisionSignatures.trust(allowedSigners, openpgpKeys, Optional.of(repository));
    return with(
        true,
        store -> {
          Identities identities =
              Lifecycle.identitiesOf(repository.root(), store, Clock.systemUTC());
          return DecisionSignatures.ofStore(store, identities, allowed, required);
        });
  }

  /**
   * The signatures of a bundle's decisions, offline: checked only against the allowed-signers file
   * the auditor gives (none: each signed decision is reported as not checked).
   */
  public static SignatureReport bundleSignatures(
      Path bundle, Optional<Path> allowedSigners, boolean required) {
    return bundleSignatures(bundle, allowedSigners, Optional.empty(), required);
  }

  /** As {@link #bundleSignatures(Path, Optional, boolean)}, with an allowed OpenPGP keys file. */
  public static SignatureReport bundleSignatures(
      Path bundle, Optional<Path> allowedSigners, Optional<Path> openpgpKeys, boolean required) {
    return DecisionSignatures.ofBundle(
        bundle, DecisionSignatures.trust(allowedSigners, openpgpKeys, Optional.empty()), required);
  }

  /** An inclusion proof of entry {@code index}. */
  public LedgerAuditor.InclusionProof prove(long index, Optional<String> key) {
    VerifierKey verifier = KeyFiles.loadVerifierKey(key);
    return with(true, store -> new LedgerAuditor(store).prove(index, verifier));
  }

  /**
   * Exports entries {@code [from, to)} (to the end when {@code to} is empty) to a bundle. When no
   * checkpoint covers them yet and the signing key is at hand, signs one first (with the same
   * consistency check as {@link #checkpoint}).
   */
  public Exported export(
      long from, Optional<Long> to, Path out, Optional<Path> keyFile, Optional<String> key) {
    return export(from, to, out, keyFile, key, true);
  }

  /**
   * Exports without signing (the server's export): a range no checkpoint covers is refused. {@code
   * key} is the verifier key the bundle is checked with.
   */
  public Exported exportCovered(long from, Optional<Long> to, Path out, Optional<String> key) {
    return export(from, to, out, Optional.empty(), key, false);
  }

  /** A bundle written: its file, entries {@code [from, to)}, its tree's size and checkpoints. */
  public record Exported(Path file, long from, long to, long treeSize, int checkpoints) {
    static Exported of(LedgerBundle.Exported exported) {
      return new Exported(
          exported.file(),
          exported.from(),
          exported.to(),
          exported.treeSize(),
          exported.checkpoints());
    }
  }

  private Exported export(
      long from,
      Optional<Long> to,
      Path out,
      Optional<Path> keyFile,
      Optional<String> key,
      boolean maySign) {
    if (Files.isDirectory(out)) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "--out " + out + " is a folder: the bundle is one file",
          "name a file, e.g. --out " + out.resolve("ledger.bundle"));
    }
    return Exported.of(
        with(true, store -> exportFrom(store, from, to, out, keyFile, key, maySign)));
  }

  private LedgerBundle.Exported exportFrom(
      LedgerStore store,
      long from,
      Optional<Long> to,
      Path out,
      Optional<Path> keyFile,
      Optional<String> key,
      boolean maySign) {
    {
      long size = store.read(LedgerStore.Reader::size);
      long end = to.orElse(size);
      checkRange(from, end, size, to.isPresent());
      long covered =
          store.read(
              reader -> {
                List<LedgerStore.StoredCheckpoint> all = reader.checkpoints();
                return all.isEmpty() ? -1L : all.get(all.size() - 1).size();
              });
      VerifierKey verifier;
      if (covered < end && maySign) {
        if (keyFile.isEmpty() && !Files.exists(KeyFiles.privateKeyFile(Optional.empty()))) {
          throw new ChangeTrailException(
              Problem.NOTHING_TO_DO,
              "no signed checkpoint covers the entries up to index "
                  + (end - 1)
                  + ", and there is no signing key at "
                  + KeyFiles.privateKeyFile(Optional.empty())
                  + " to sign one",
              "run 'changetrail audit checkpoint' where the key is, or pass --key-file FILE");
        }
        SigningKey signing = KeyFiles.loadSigningKey(keyFile);
        try {
          checkpoint(store, signing, keyFile);
        } catch (ChangeTrailException e) {
          if (e.problem() != Problem.TAMPERED) {
            throw e;
          }
          // the checkpoint that would cover the export is refused: so is the export
          throw new ChangeTrailException(
              Problem.TAMPERED, "refusing to export: " + e.getMessage(), e.hint());
        }
        verifier = signing.verifier();
      } else {
        verifier =
            key.isPresent() || keyFile.isEmpty()
                ? KeyFiles.loadVerifierKey(key)
                : KeyFiles.loadVerifierKey(Optional.of(keyFile.get().toString()));
      }
      // what is exported must verify, against the git ref's checkpoints too
      VerificationReport ledger =
          new LedgerAuditor(store).verify(verifier, CheckpointRef.of(repository).published());
      if (!ledger.intact()) {
        throw new ChangeTrailException(
            Problem.TAMPERED,
            "refusing to export: the ledger does not verify ("
                + ledger.findings().stream()
                    .filter(f -> f.kind() == Finding.Kind.TAMPERED)
                    .findFirst()
                    .map(Finding::message)
                    .orElse("")
                + ")",
            "run 'changetrail audit verify' to see what is wrong; a bundle of it would carry the"
                + " damage to the auditor");
      }
      LedgerBundle.Exported exported = LedgerBundle.export(store, from, end, verifier, out);
      VerificationReport bundle = LedgerBundle.verify(exported.file(), verifier);
      if (!bundle.ok()) {
        try {
          Files.deleteIfExists(exported.file());
        } catch (java.io.IOException ignored) {
          // reported below either way
        }
        throw new ChangeTrailException(
            Problem.TAMPERED,
            "refusing to export: the bundle written does not verify ("
                + (bundle.findings().isEmpty()
                    ? bundle.unsignedEntries() + " entries unsigned"
                    : bundle.findings().get(0).message())
                + "); it was removed",
            "run 'changetrail audit verify'");
      }
      return exported;
    }
  }

  private static void checkRange(long from, long end, long size, boolean toGiven) {
    if (from < 0) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "--from " + from + " is negative",
          "entries are numbered from 0: use 0 <= --from <= --to <= " + size);
    }
    if (toGiven && end < 0) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "--to " + end + " is negative",
          "--to is the index after the last entry to export: use 0 <= --from <= --to <= " + size);
    }
    if (end > size) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "--to " + end + " is beyond the end of the ledger, which has " + size + " entries",
          "use --to " + size + " or less (or leave it out to export to the end)");
    }
    if (from > end) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "--from " + from + " is after " + (toGiven ? "--to " : "the end of the ledger, ") + end,
          "use 0 <= --from <= --to <= " + size);
    }
  }

  /** Verifies a bundle offline with the auditor's trusted key: no repository, no database. */
  public static VerificationReport verifyBundle(Path bundle, Optional<String> key) {
    if (key.isEmpty()) {
      throw new ChangeTrailException(
          Problem.KEY_PROBLEM,
          "verifying a bundle needs the key you trust: --key name+keyid+base64key (or a .pub file)",
          "get the verifier key from the ledger's owner through another channel than the bundle");
    }
    return LedgerBundle.verify(bundle, KeyFiles.loadVerifierKey(key));
  }

  public String url() {
    return url;
  }
}
