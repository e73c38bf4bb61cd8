package io.changetrail.domain.ledger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What verifying a log found: how many entries and checkpoints were checked, the newest checkpoint
 * that verified, and every problem, ordered by the entry index it makes bad. It says exactly what
 * is proven: the entries up to the size of the largest checkpoint signed by the trusted key that
 * verified; entries beyond it are unsigned (intact as far as their own hashes go, which whoever can
 * write the ledger can recompute, so not proven).
 */
public record VerificationReport(
    long from,
    long to,
    int checkpointsVerified,
    Optional<Checkpoint> latestCheckpoint,
    List<Finding> findings,
    List<String> projections) {
  /**
   * @param projections what was found of the projections kept beside the log (the ledger's index by
   *     change and change states), checked against a replay of the entries; empty when none
   */
  public VerificationReport {
    projections = List.copyOf(projections);
    findings =
        findings.stream()
            .sorted(
                Comparator.comparingLong((Finding f) -> f.index() < 0 ? Long.MAX_VALUE : f.index()))
            .toList();
  }

  /** A report about a log that keeps no projections beside it (a bundle). */
  public VerificationReport(
      long from,
      long to,
      int checkpointsVerified,
      Optional<Checkpoint> latestCheckpoint,
      List<Finding> findings) {
    this(from, to, checkpointsVerified, latestCheckpoint, findings, List.of());
  }

  /** The verdict, most serious first. */
  public enum Verdict {
    /** An entry or a checkpoint was changed, forged, removed, rolled back or forked. */
    TAMPERED,
    /** A checkpoint is signed by another key than the trusted one (and nothing is tampered). */
    OTHER_KEY,
    /** Some or all entries are covered by no checkpoint signed by the trusted key. */
    UNSIGNED,
    /** Every entry is covered by a checkpoint signed by the trusted key, and all verify. */
    VERIFIED
  }

  public Verdict verdict() {
    if (findings.stream().anyMatch(f -> f.kind() == Finding.Kind.TAMPERED)) {
      return Verdict.TAMPERED;
    }
    if (!findings.isEmpty()) {
      return Verdict.OTHER_KEY;
    }
    if (checkpointsVerified == 0 || unsignedEntries() > 0) {
      return Verdict.UNSIGNED;
    }
    return Verdict.VERIFIED;
  }

  /** Proven: every entry is covered by a verified checkpoint of the trusted key, nothing wrong. */
  public boolean ok() {
    return verdict() == Verdict.VERIFIED;
  }

  /** Nothing tampered found (the entries may still be unsigned, or signed by another key). */
  public boolean intact() {
    return verdict() != Verdict.TAMPERED;
  }

  public long entries() {
    return to - from;
  }

  /** The size of the largest checkpoint by the trusted key that verified (0 when none). */
  public long signedSize() {
    return latestCheckpoint.map(Checkpoint::size).orElse(0L);
  }

  /** The first entry index that no verified checkpoint covers ({@code to} when all are). */
  public long unsignedFrom() {
    return Math.min(to, Math.max(from, signedSize()));
  }

  /** How many of the entries checked no verified checkpoint covers. */
  public long unsignedEntries() {
    return to - unsignedFrom();
  }

  /** The first entry index that is wrong, when an entry is. */
  public OptionalLong firstBadIndex() {
    return findings.stream()
        .filter(f -> f.kind() == Finding.Kind.TAMPERED)
        .mapToLong(Finding::index)
        .filter(i -> i >= 0)
        .min();
  }

  /**
   * The report as a JSON-ready tree, as {@code audit verify --format json} prints it and the
   * server's {@code /api/v1/audit/verify} answers.
   *
   * @param subject what was verified (a ledger or a bundle)
   */
  public Map<String, Object> tree(String subject) {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("subject", subject);
    node.put("ok", ok());
    node.put("verdict", verdict().name());
    node.put("from", from);
    node.put("to", to);
    node.put("checkpointsVerified", checkpointsVerified);
    latestCheckpoint.ifPresent(c -> node.put("latestCheckpointSize", c.size()));
    node.put("signedSize", signedSize());
    node.put("unsignedFrom", unsignedFrom());
    node.put("unsignedEntries", unsignedEntries());
    firstBadIndex().ifPresent(i -> node.put("firstBadIndex", i));
    List<Map<String, Object>> list = new ArrayList<>();
    for (Finding finding : findings) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("index", finding.index());
      item.put("kind", finding.kind().name());
      item.put("message", finding.message());
      list.add(item);
    }
    node.put("findings", list);
    if (!projections.isEmpty()) {
      node.put("projections", projections);
    }
    return node;
  }
}
