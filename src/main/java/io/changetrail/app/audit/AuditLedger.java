package io.changetrail.app.audit;

import io.changetrail.app.keys.KeyFiles;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.ledger.Fact;
import io.changetrail.domain.ledger.LedgerEntry;
import io.changetrail.domain.ledger.SigningKey;
import io.changetrail.domain.ledger.VerificationReport;
import io.changetrail.domain.ledger.VerifierKey;
import io.changetrail.git.CheckpointRef;
import io.changetrail.git.GitRepository;
import io.changetrail.ledger.LedgerAuditor;
import io.changetrail.ledger.LedgerBundle;
import io.changetrail.ledger.LedgerStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The audit use cases on a repository's ledger: record a fact, sign a checkpoint (and mirror it to
 * the git ref), verify, prove one entry, export a bundle. Each call opens and closes the store.
 */
public final class AuditLedger {
  private final GitRepository repository;
  private final String url;

  /**
   * The ledger of {@code repository}; {@code ledgerOption} is {@code --ledger} (see {@link
   * LedgerLocation}).
   */
  public AuditLedger(GitRepository repository, Optional<String> ledgerOption) {
    this.repository = repository;
    this.url = LedgerLocation.resolve(ledgerOption, repository);
  }

  /** Appends facts in one transaction; returns the durable entries. */
  public List<LedgerEntry> record(List<Fact> facts) {
    try (LedgerStore store = LedgerStore.open(url)) {
      return store.append(facts);
    }
  }

  /** A signed checkpoint and where it went. */
  public record CheckpointResult(LedgerAuditor.Signed signed, String ledger) {}

  /** Signs a checkpoint of the whole log with the key file, stores it and mirrors it to git. */
  public CheckpointResult checkpoint(Optional<Path> keyFile) {
    SigningKey key = KeyFiles.loadSigningKey(keyFile);
    try (LedgerStore store = LedgerStore.open(url)) {
      LedgerAuditor.Signed signed = new LedgerAuditor(store).checkpoint(key);
      CheckpointRef ref = CheckpointRef.of(repository);
      if (!ref.latest().equals(signed.note())) {
        ref.publish(signed.note());
      }
      return new CheckpointResult(signed, store.label());
    }
  }

  /** Verifies the ledger against its checkpoints and those mirrored in the git ref. */
  public VerificationReport verify(Optional<String> key) {
    VerifierKey verifier = KeyFiles.loadVerifierKey(key);
    List<String> published = CheckpointRef.of(repository).history();
    try (LedgerStore store = LedgerStore.open(url)) {
      return new LedgerAuditor(store).verify(verifier, published);
    }
  }

  /** An inclusion proof of entry {@code index}. */
  public LedgerAuditor.InclusionProof prove(long index, Optional<String> key) {
    VerifierKey verifier = KeyFiles.loadVerifierKey(key);
    try (LedgerStore store = LedgerStore.open(url)) {
      return new LedgerAuditor(store).prove(index, verifier);
    }
  }

  /**
   * Exports entries {@code [from, to)} (to the end when {@code to} is empty) to a bundle. When no
   * checkpoint covers them yet and the signing key is at hand, signs one first.
   */
  public LedgerBundle.Exported export(
      long from, Optional<Long> to, Path out, Optional<Path> keyFile, Optional<String> key) {
    try (LedgerStore store = LedgerStore.open(url)) {
      long end = to.orElseGet(() -> store.read(LedgerStore.Reader::size));
      long covered =
          store.read(
              reader -> {
                List<LedgerStore.StoredCheckpoint> all = reader.checkpoints();
                return all.isEmpty() ? -1L : all.get(all.size() - 1).size();
              });
      VerifierKey verifier;
      if (covered < end) {
        SigningKey signing = KeyFiles.loadSigningKey(keyFile);
        LedgerAuditor.Signed signed = new LedgerAuditor(store).checkpoint(signing);
        CheckpointRef.of(repository).publish(signed.note());
        verifier = signing.verifier();
      } else {
        verifier =
            key.isPresent() || keyFile.isEmpty()
                ? KeyFiles.loadVerifierKey(key)
                : KeyFiles.loadVerifierKey(Optional.of(keyFile.get().toString()));
      }
      return LedgerBundle.export(store, from, end, verifier, out);
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
