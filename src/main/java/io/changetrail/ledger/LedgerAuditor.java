package io.changetrail.ledger;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.ledger.Checkpoint;
import io.changetrail.domain.ledger.CompactRange;
import io.changetrail.domain.ledger.Finding;
import io.changetrail.domain.ledger.LogVerifier;
import io.changetrail.domain.ledger.Merkle;
import io.changetrail.domain.ledger.SignedNote;
import io.changetrail.domain.ledger.SigningKey;
import io.changetrail.domain.ledger.VerificationReport;
import io.changetrail.domain.ledger.VerifierKey;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The audit operations on a ledger store: verify it against its signed checkpoints, sign a new
 * checkpoint, and prove that one entry is in the log.
 */
public final class LedgerAuditor {
  private final LedgerStore store;

  public LedgerAuditor(LedgerStore store) {
    this.store = store;
  }

  /**
   * Verifies every entry and checkpoint of the ledger; {@code publishedNotes} are checkpoints kept
   * elsewhere (the git ref), checked as well, so a rollback or fork of the database shows.
   */
  public VerificationReport verify(VerifierKey key, List<String> publishedNotes) {
    return store.read(
        reader -> {
          long size = reader.size();
          LogVerifier verifier = new LogVerifier(key, store.origin(), 0, List.of());
          for (LedgerStore.StoredCheckpoint stored : reader.checkpoints()) {
            verifier.checkpoint(stored.note(), "ledger database");
          }
          for (String note : publishedNotes) {
            verifier.checkpoint(note, "git ref " + "refs/changetrail/checkpoints");
          }
          verifier.start(false);
          reader.entries(
              0, size, (index, bytes, leaf) -> verifier.entry(bytes, 0, bytes.length, leaf));
          VerificationReport report = verifier.finish(size, List.of());
          // The index by change is what `change show` and decisions read: checked against a full
          // replay of the entries, so a row removed or altered in the database is found too.
          List<String> index = reader.changeIndexFindings(size, 20);
          List<Finding> findings = new java.util.ArrayList<>(report.findings());
          List<String> projections = new java.util.ArrayList<>();
          for (String problem : index) {
            findings.add(new Finding(-1, problem));
          }
          if (index.isEmpty()) {
            projections.add("index by change: agrees with a replay of all " + size + " entries");
            // The change states are what filtered lists read: each change's state derived again
            // from its entries (read through the index, just checked) and compared.
            LedgerStore.StateCheck states = reader.changeStateCheck(20);
            for (String problem : states.findings()) {
              findings.add(new Finding(-1, problem));
            }
            if (states.findings().isEmpty()) {
              projections.add(
                  "change states: agree with a replay of the entries of all "
                      + states.changes()
                      + " changes");
            }
          } else {
            projections.add("change states: not checked, the index by change is wrong");
          }
          return new VerificationReport(
              report.from(),
              report.to(),
              report.checkpointsVerified(),
              report.latestCheckpoint(),
              findings,
              projections);
        });
  }

  /** A checkpoint published outside the database, and where it was found (for messages). */
  public record Published(String note, String source) {}

  /** A checkpoint that was signed, or the latest one when the log has not grown since. */
  public record Signed(Checkpoint checkpoint, String note, boolean isNew) {}

  /**
   * Signs a checkpoint of the whole log and stores it; refuses when the log does not verify against
   * its own checkpoints (see {@link #checkpoint(SigningKey, List)}).
   */
  public Signed checkpoint(SigningKey key) {
    return checkpoint(key, List.of());
  }

  /**
   * Signs a checkpoint of the whole log and stores it, after proving the log consistent with every
   * checkpoint already published that the signer can see: those in the database and {@code
   * published} (the git ref and its fetched copies, the last one the key signed). Every entry is
   * re-hashed and every such checkpoint of this key must match the tree it covers; otherwise
   * signing would launder a rewritten or rolled-back log, and it is refused naming the first entry
   * that breaks consistency. Checkpoints of other keys are not this signer's and are not checked.
   */
  public Signed checkpoint(SigningKey key, List<Published> published) {
    Signed signed =
        store.read(
            reader -> {
              long size = reader.size();
              List<LedgerStore.StoredCheckpoint> stored = reader.checkpoints();
              LogVerifier verifier = new LogVerifier(key.verifier(), store.origin(), 0, List.of());
              for (LedgerStore.StoredCheckpoint checkpoint : stored) {
                verifier.checkpoint(checkpoint.note(), "ledger database");
              }
              for (Published note : published) {
                verifier.checkpoint(note.note(), note.source());
              }
              verifier.start(false);
              Merkle merkle = new Merkle();
              CompactRange range = new CompactRange(merkle);
              long[] rows = {0};
              reader.entries(
                  0,
                  size,
                  (index, bytes, leaf) -> {
                    verifier.entry(bytes, 0, bytes.length, leaf);
                    range.append(leaf);
                    rows[0]++;
                  });
              VerificationReport report = verifier.finish(size, List.of());
              List<Finding> broken =
                  report.findings().stream()
                      .filter(f -> f.kind() == Finding.Kind.TAMPERED)
                      .toList();
              if (!broken.isEmpty()) {
                throw refusedToSign(report, broken.get(0));
              }
              if (rows[0] != size) {
                throw tampered("the ledger has " + size + " indices but " + rows[0] + " rows");
              }
              Checkpoint checkpoint = new Checkpoint(store.origin(), size, range.root());
              if (!stored.isEmpty() && stored.get(stored.size() - 1).size() == size) {
                return new Signed(checkpoint, stored.get(stored.size() - 1).note(), false);
              }
              return new Signed(checkpoint, key.sign(checkpoint.text()).encode(), true);
            });
    if (signed.isNew()) {
      store.saveCheckpoint(signed.checkpoint().size(), signed.checkpoint().root(), signed.note());
    }
    return signed;
  }

  private static ChangeTrailException refusedToSign(VerificationReport report, Finding first) {
    String where =
        report.firstBadIndex().stream()
            .mapToObj(i -> "the first entry that breaks consistency is index " + i + ": ")
            .findFirst()
            .orElse("");
    return new ChangeTrailException(
        Problem.TAMPERED,
        "refusing to sign: the ledger is not consistent with the checkpoints already published; "
            + where
            + first.message(),
        "do not sign over it: run 'changetrail audit verify', compare with a backup, an earlier"
            + " bundle or another clone's refs/changetrail/checkpoints");
  }

  /** An inclusion proof of one entry in the tree of a signed checkpoint. */
  public record InclusionProof(
      long index,
      byte[] entry,
      byte[] leafHash,
      List<byte[]> path,
      Checkpoint checkpoint,
      String note,
      boolean verified) {
    public String pathBase64(int i) {
      return Base64.getEncoder().encodeToString(path.get(i));
    }
  }

  /** Proves entry {@code index} against the smallest stored checkpoint that covers it. */
  public InclusionProof prove(long index, VerifierKey key) {
    return store.read(
        reader -> {
          long size = reader.size();
          if (index < 0 || index >= size) {
            throw new ChangeTrailException(
                Problem.INVALID_INPUT,
                "there is no entry " + index + ": the ledger has " + size + " entries",
                size == 0 ? "record something first" : "use an index from 0 to " + (size - 1));
          }
          Optional<LedgerStore.StoredCheckpoint> cover =
              reader.checkpoints().stream().filter(c -> c.size() > index).findFirst();
          if (cover.isEmpty()) {
            throw new ChangeTrailException(
                Problem.NOTHING_TO_DO,
                "no signed checkpoint covers entry " + index + " yet",
                "run 'changetrail audit checkpoint' first");
          }
          SignedNote note;
          Checkpoint checkpoint;
          try {
            note = SignedNote.parse(cover.get().note());
            checkpoint = Checkpoint.parse(note.text());
          } catch (IllegalArgumentException e) {
            throw tampered("the stored checkpoint of size " + cover.get().size() + " is malformed");
          }
          if (!key.named(note)) {
            throw new ChangeTrailException(
                Problem.KEY_PROBLEM,
                "the checkpoint of size "
                    + cover.get().size()
                    + " is not signed by the key you trust ("
                    + key.name()
                    + "+"
                    + key.keyIdHex()
                    + "): it is signed by "
                    + note.signatures().stream()
                        .map(s -> s.keyName() + "+" + String.format("%08x", s.keyId()))
                        .distinct()
                        .reduce((a, b) -> a + ", " + b)
                        .orElse("nobody"),
                "prove with --key set to the verifier key of the ledger's signer");
          }
          if (!key.verify(note)) {
            throw tampered(
                "the stored checkpoint of size "
                    + cover.get().size()
                    + " is not validly signed by "
                    + key.name());
          }
          List<byte[]> leaves = reader.leafHashes(0, checkpoint.size());
          if (leaves.size() != checkpoint.size()) {
            throw tampered("entries are missing below index " + checkpoint.size());
          }
          Merkle merkle = new Merkle();
          byte[] entry = reader.entry(index).orElseThrow();
          byte[] leaf = merkle.leafHash(entry);
          List<byte[]> path = merkle.inclusionProof(leaves, (int) index, (int) checkpoint.size());
          boolean verified =
              merkle.verifyInclusion(index, checkpoint.size(), leaf, path, checkpoint.root());
          return new InclusionProof(
              index, entry, leaf, path, checkpoint, cover.get().note(), verified);
        });
  }

  static ChangeTrailException tampered(String message) {
    return new ChangeTrailException(
        Problem.TAMPERED, message, "run 'changetrail audit verify' to find the first bad entry");
  }
}
