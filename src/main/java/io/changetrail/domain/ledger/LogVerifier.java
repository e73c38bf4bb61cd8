package io.changetrail.domain.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checks a log against its signed checkpoints, whatever it is read from (a database, a bundle):
 * every checkpoint's signature and origin, that no two checkpoints disagree, the consistency proofs
 * between consecutive ones when they are given, that every entry sits at the index it claims and
 * hashes to the leaf hash recorded for it, and that the entries rebuild the root of every
 * checkpoint they reach. Fed in order: {@link #checkpoint}s and {@link #consistency} proofs, then
 * {@link #entry} for each entry, then {@link #finish}. Not thread-safe.
 */
public final class LogVerifier {
  private static final int MAX_FINDINGS = 20;

  private final VerifierKey key;
  private final String origin;
  private final Merkle merkle = new Merkle();
  private final List<Finding> findings = new ArrayList<>();
  private final TreeMap<Long, Trusted> checkpoints = new TreeMap<>();
  private final List<Proof> proofs = new ArrayList<>();
  private final long from;
  private CompactRange range;
  private long position;
  private long lastGood;
  private boolean orderBroken;
  private long firstFlagged = -1;
  private long firstLeafMismatch = -1;
  private CompactRange recorded;
  private int verified;
  private Checkpoint latest;
  private Map.Entry<Long, Trusted> next;

  private record Trusted(Checkpoint checkpoint, String source) {}

  private record Proof(long from, long to, List<byte[]> hashes) {}

  /**
   * A verifier for the entries from index {@code from} on, where {@code frontier} are the subtree
   * hashes covering the entries before it (empty when {@code from} is 0).
   */
  public LogVerifier(VerifierKey key, String origin, long from, List<byte[]> frontier) {
    this.key = key;
    this.origin = origin;
    this.from = from;
    this.position = from;
    this.lastGood = from;
    try {
      this.range = CompactRange.of(merkle, from, frontier);
    } catch (IllegalArgumentException e) {
      add(from, "the hashes of the entries before index " + from + " are malformed");
      this.range = CompactRange.of(merkle, 0, List.of());
    }
  }

  /** A signed checkpoint read from {@code source} (e.g. "ledger", "git ref"). */
  public void checkpoint(String note, String source) {
    SignedNote signed;
    Checkpoint checkpoint;
    try {
      signed = SignedNote.parse(note);
      checkpoint = Checkpoint.parse(signed.text());
    } catch (IllegalArgumentException e) {
      add(-1, "a checkpoint from the " + source + " is malformed: " + e.getMessage());
      return;
    }
    String what = "the checkpoint of size " + checkpoint.size() + " from the " + source;
    if (!key.named(signed)) {
      String signers =
          signed.signatures().stream()
              .map(s -> s.keyName() + "+" + String.format("%08x", s.keyId()))
              .distinct()
              .reduce((a, b) -> a + ", " + b)
              .orElse("nobody");
      findings.add(
          new Finding(
              -1,
              what
                  + " is not signed by the key you trust ("
                  + key.name()
                  + "+"
                  + key.keyIdHex()
                  + "): it is signed by "
                  + signers,
              Finding.Kind.OTHER_KEY));
      return;
    }
    if (!key.verify(signed)) {
      add(-1, what + " has a signature that does not verify: forged or altered");
      return;
    }
    if (!checkpoint.origin().equals(origin)) {
      add(-1, what + " is for another log: origin " + checkpoint.origin() + ", not " + origin);
      return;
    }
    Trusted known = checkpoints.get(checkpoint.size());
    if (known != null) {
      if (!Arrays.equals(known.checkpoint().root(), checkpoint.root())) {
        add(
            -1,
            "fork: the "
                + known.source()
                + " and the "
                + source
                + " hold two signed checkpoints of size "
                + checkpoint.size()
                + " with different roots");
      }
      return;
    }
    checkpoints.put(checkpoint.size(), new Trusted(checkpoint, source));
  }

  /** A consistency proof between two checkpoint sizes (a bundle carries them). */
  public void consistency(long fromSize, long toSize, List<byte[]> hashes) {
    proofs.add(new Proof(fromSize, toSize, hashes));
  }

  /** Checks what can be checked before the entries; call once after the checkpoints. */
  public void start(boolean proofsRequired) {
    Trusted previous = null;
    for (Trusted current : checkpoints.values()) {
      if (previous != null) {
        checkConsistency(previous, current, proofsRequired);
      }
      previous = current;
    }
    next = checkpoints.ceilingEntry(position);
    if (next != null && next.getKey() == position && position == from) {
      compare(next.getValue());
      next = checkpoints.higherEntry(position);
    }
  }

  private void checkConsistency(Trusted first, Trusted second, boolean required) {
    long m = first.checkpoint().size();
    long n = second.checkpoint().size();
    if (m == 0) {
      // every tree extends the empty one: there is no proof to check (RFC 9162 defines none),
      // only that the signed head of size 0 is the empty tree's
      if (!Arrays.equals(first.checkpoint().root(), merkle.emptyRoot())) {
        add(0, "the signed checkpoint of size 0 does not hold the empty tree's root: forged");
      }
      return;
    }
    Proof proof =
        proofs.stream().filter(p -> p.from() == m && p.to() == n).findFirst().orElse(null);
    if (proof == null) {
      if (required) {
        add(-1, "no consistency proof between the checkpoints of sizes " + m + " and " + n);
      }
      return;
    }
    if (!merkle.verifyConsistency(
        m, n, first.checkpoint().root(), second.checkpoint().root(), proof.hashes())) {
      add(
          m,
          "fork: the signed checkpoints of sizes "
              + m
              + " and "
              + n
              + " are not consistent (the log was rewritten after index "
              + (m - 1)
              + ")");
    }
  }

  /** The next entry, at {@code position}: its exact bytes and the leaf hash recorded for it. */
  public void entry(byte[] buf, int offset, int length, byte[] recordedLeafHash) {
    entryHashed(
        EntryScanner.index(buf, offset, length),
        merkle.leafHash(buf, offset, length),
        recordedLeafHash);
  }

  /**
   * The next entry, already scanned and hashed (by other threads): the index it claims, its leaf
   * hash as computed from its bytes, and the leaf hash recorded for it (null when none).
   */
  public void entryHashed(long claimed, byte[] leaf, byte[] recordedLeafHash) {
    if (claimed != position && !orderBroken) {
      orderBroken = true;
      flag(position);
      add(
          position,
          claimed < 0
              ? "entry " + position + " is not a ledger entry (no index): it was altered"
              : "the entry at position "
                  + position
                  + " says it is entry "
                  + claimed
                  + ": entries were deleted, inserted or reordered");
    }
    if (recordedLeafHash != null && !Arrays.equals(leaf, recordedLeafHash)) {
      if (recorded == null) {
        // from here on, also build the tree of the recorded leaf hashes: if it matches the next
        // signed checkpoint, the recorded hashes are authentic and this entry is the first bad one
        recorded = CompactRange.of(merkle, range.size(), range.frontier());
        firstLeafMismatch = position;
      }
      flag(position);
      add(position, "entry " + position + " was changed: its bytes no longer match its leaf hash");
    }
    range.append(leaf);
    if (recorded != null) {
      recorded.append(recordedLeafHash != null ? recordedLeafHash : leaf);
    }
    position++;
    if (next != null && next.getKey() == position) {
      compare(next.getValue());
      next = checkpoints.higherEntry(position);
    }
  }

  /**
   * Whether the next {@code 2^height} entries, all found intact (each at its index, each matching
   * its recorded leaf hash), may be appended as one perfect subtree: the position must be aligned
   * and no checkpoint may fall strictly inside them.
   */
  public boolean acceptsSubtree(int height) {
    long count = 1L << height;
    return recorded == null
        && position % count == 0
        && (next == null || next.getKey() >= position + count);
  }

  /** Appends the root of the next {@code 2^height} intact entries (see {@link #acceptsSubtree}). */
  public void intactSubtree(int height, byte[] root) {
    if (!acceptsSubtree(height)) {
      throw new IllegalStateException("a subtree cannot be appended at " + position);
    }
    range.appendSubtree(height, root);
    position += 1L << height;
    if (next != null && next.getKey() == position) {
      compare(next.getValue());
      next = checkpoints.higherEntry(position);
    }
  }

  /**
   * Ends the entries: {@code rightFrontier} holds {height, hash} subtrees that follow the last
   * entry up to a checkpoint beyond it (empty when none). Returns the report.
   */
  public VerificationReport finish(
      long expectedTo, List<Map.Entry<Integer, byte[]>> rightFrontier) {
    if (position != expectedTo) {
      add(
          position,
          "the log ends after "
              + (position - from)
              + " entries, at index "
              + position
              + ", but "
              + (expectedTo - from)
              + " were expected: truncated");
    }
    long to = position;
    try {
      for (Map.Entry<Integer, byte[]> subtree : rightFrontier) {
        range.appendSubtree(subtree.getKey(), subtree.getValue());
        if (next != null && next.getKey() == range.size()) {
          compare(next.getValue());
          next = checkpoints.higherEntry(range.size());
        }
      }
    } catch (IllegalArgumentException e) {
      add(to, "the hashes after the last entry are malformed: " + e.getMessage());
    }
    for (Trusted beyond : checkpoints.tailMap(range.size(), false).values()) {
      add(
          to,
          "rolled back: the "
              + beyond.source()
              + " holds a signed checkpoint of size "
              + beyond.checkpoint().size()
              + " but the log ends at index "
              + to
              + ": entries from index "
              + to
              + " on were removed");
      break;
    }
    return new VerificationReport(from, to, verified, Optional.ofNullable(latest), findings);
  }

  private void compare(Trusted trusted) {
    Checkpoint checkpoint = trusted.checkpoint();
    byte[] root = range.root();
    if (Arrays.equals(root, checkpoint.root())) {
      verified++;
      latest = checkpoint;
      lastGood = checkpoint.size();
      return;
    }
    long first = Math.min(lastGood, Math.max(from, checkpoint.size() - 1));
    String where = "an entry at or after index " + first + " was changed, inserted or removed";
    long named = first;
    if (recorded != null
        && recorded.size() == range.size()
        && Arrays.equals(recorded.root(), checkpoint.root())
        && firstLeafMismatch >= first) {
      // the recorded leaf hashes are the signed ones: the first that differs is the first bad
      named = firstLeafMismatch;
      where = "the recorded leaf hashes match it, so entry " + named + " is the first bad one";
    } else if (firstFlagged >= first && firstFlagged < checkpoint.size()) {
      named = firstFlagged;
      where =
          "the first bad entry is at or after index "
              + first
              + ", and entry "
              + named
              + " is certainly wrong";
    }
    add(
        named,
        "entries "
            + first
            + " to "
            + (checkpoint.size() - 1)
            + " do not match the signed checkpoint of size "
            + checkpoint.size()
            + " from the "
            + trusted.source()
            + " (root "
            + Base64.getEncoder().encodeToString(root)
            + " instead of "
            + Base64.getEncoder().encodeToString(checkpoint.root())
            + "): "
            + where);
  }

  private void flag(long index) {
    if (firstFlagged < 0) {
      firstFlagged = index;
    }
  }

  private void add(long index, String message) {
    if (findings.size() < MAX_FINDINGS) {
      findings.add(new Finding(index, message));
    }
  }
}
