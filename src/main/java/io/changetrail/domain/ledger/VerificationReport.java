package io.changetrail.domain.ledger;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What verifying a log found: how many entries and checkpoints were checked, the newest checkpoint
 * that verified, and every problem, ordered by the entry index it makes bad.
 */
public record VerificationReport(
    long from,
    long to,
    int checkpointsVerified,
    Optional<Checkpoint> latestCheckpoint,
    List<Finding> findings) {
  public VerificationReport {
    findings =
        findings.stream()
            .sorted(
                Comparator.comparingLong((Finding f) -> f.index() < 0 ? Long.MAX_VALUE : f.index()))
            .toList();
  }

  public boolean ok() {
    return findings.isEmpty();
  }

  public long entries() {
    return to - from;
  }

  /** The first entry index that is wrong, when an entry is. */
  public OptionalLong firstBadIndex() {
    return findings.stream().mapToLong(Finding::index).filter(i -> i >= 0).min();
  }
}
