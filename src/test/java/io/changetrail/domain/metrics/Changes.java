package io.changetrail.domain.metrics;

import io.changetrail.domain.ledger.Fact;
import io.changetrail.domain.ledger.LedgerEntry;
import io.changetrail.domain.lifecycle.ApprovalPolicy;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.lifecycle.EventKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Change records built the way the ledger builds them: ledger entries folded by {@link
 * ChangeRecord#project}. One instance numbers entries across all the changes it builds.
 */
final class Changes {
  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  private long index;
  private final List<Change> changes = new ArrayList<>();

  /** A change registered at {@code registered}, touching {@code systems} directly. */
  Change change(String id, Instant registered, String... systems) {
    Change change = new Change(id);
    change.entry(
        registered,
        EventKind.REGISTERED,
        Map.of("title", "change " + id, "class", "NORMAL", "implementer", "Alice <a@x>"));
    List<Object> affected = new ArrayList<>();
    for (String system : systems) {
      affected.add(Map.of("name", system, "tier", 1, "direct", true));
    }
    change.entry(
        registered,
        EventKind.ASSESSED,
        Map.of(
            "contentHash",
            "h-" + id,
            "commits",
            List.of(),
            "assessment",
            Map.of("risk", Map.of("level", "LOW"), "systems", Map.of("affected", affected))));
    changes.add(change);
    return change;
  }

  List<ChangeRecord> records() {
    return changes.stream().map(Change::record).toList();
  }

  final class Change {
    private final String id;
    private final List<LedgerEntry> entries = new ArrayList<>();

    private Change(String id) {
      this.id = id;
    }

    private void entry(Instant time, String kind, Map<String, Object> data) {
      entries.add(new LedgerEntry(index++, time, new Fact("Carol <c@x>", kind, id, data)));
    }

    /** A deployment to prod that ended at {@code finished} with {@code status}. */
    Change deploy(String deployment, Instant started, Instant finished, String status) {
      return deploy("prod", deployment, started, finished, status, false);
    }

    Change deploy(
        String environment,
        String deployment,
        Instant started,
        Instant finished,
        String status,
        boolean emergency) {
      start(environment, deployment, started, emergency, true);
      entry(
          finished,
          EventKind.DEPLOYMENT_FINISHED,
          Map.of("deployment", deployment, "status", status));
      return this;
    }

    /** An emergency deployment to prod. */
    Change emergency(String deployment, Instant started, Instant finished, String status) {
      return deploy("prod", deployment, started, finished, status, true);
    }

    /** A deployment to prod still running (its process alive). */
    Change running(String deployment, Instant started) {
      start("prod", deployment, started, false, true);
      return this;
    }

    /** A deployment to prod whose process died before it recorded its end. */
    Change interrupted(String deployment, Instant started) {
      start("prod", deployment, started, false, false);
      return this;
    }

    /** The rollback of a deployment, ending at {@code at}. */
    Change rolledBack(String deployment, Instant at) {
      entry(at, EventKind.ROLLED_BACK, Map.of("deployment", deployment, "status", "ROLLED_BACK"));
      return this;
    }

    private void start(
        String environment, String deployment, Instant at, boolean emergency, boolean alive) {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("deployment", deployment);
      data.put("environment", environment);
      data.put("runbook", "deploy/prod.yml");
      data.put("commit", "c0ffee");
      data.put("emergency", emergency);
      data.put("reason", emergency ? "orders rejected" : "");
      data.put("alive", alive);
      entry(at, EventKind.DEPLOYMENT_STARTED, data);
    }

    ChangeRecord record() {
      return ChangeRecord.project(
          id,
          entries,
          ApprovalPolicy.defaults(),
          run -> Boolean.TRUE.equals(run.startData().get("alive")),
          NOW);
    }
  }
}
