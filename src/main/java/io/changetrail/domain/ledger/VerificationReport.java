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
    node.put("from", from);
    node.put("to", to);
    node.put("checkpointsVerified", checkpointsVerified);
    latestCheckpoint.ifPresent(c -> node.put("latestCheckpointSize", c.size()));
    firstBadIndex().ifPresent(i -> node.put("firstBadIndex", i));
    List<Map<String, Object>> list = new ArrayList<>();
    for (Finding finding : findings) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("index", finding.index());
      item.put("message", finding.message());
      list.add(item);
    }
    node.put("findings", list);
    return node;
  }
}
