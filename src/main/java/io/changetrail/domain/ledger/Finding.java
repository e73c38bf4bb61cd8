package io.changetrail.domain.ledger;

/**
 * One thing wrong with a log. {@code index} is the first entry index the problem makes bad, or -1
 * when no entry is bad (a forged checkpoint beside intact entries). {@code kind} tells tampering
 * from a checkpoint that another key signed (not forged, just not by the key the caller trusts).
 */
public record Finding(long index, String message, Kind kind) {
  /** What a finding means for the verdict. */
  public enum Kind {
    /** The log or a checkpoint was changed, forged, rolled back or forked. */
    TAMPERED,
    /** A checkpoint carries no signature by the trusted key, only others' (named). */
    OTHER_KEY
  }

  /** A tampering finding. */
  public Finding(long index, String message) {
    this(index, message, Kind.TAMPERED);
  }
}
