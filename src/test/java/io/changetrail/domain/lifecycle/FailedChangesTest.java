package io.changetrail.domain.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.domain.ledger.Fact;
import io.changetrail.domain.ledger.LedgerEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Outcome labels from the ledger: which changes failed in production, by their commits. */
class FailedChangesTest {
  private static final Set<String> PROD = Set.of("prod");
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private final List<LedgerEntry> all = new ArrayList<>();
  private final List<String> ids = new ArrayList<>();

  private static Instant at(int hour) {
    return T0.plusSeconds(hour * 3600L);
  }

  /** A change of commit "c-ID" touching {@code system} directly. */
  private void change(String id, String system) {
    ids.add(id);
    entry(
        id,
        at(0),
        EventKind.REGISTERED,
        Map.of("title", "change " + id, "class", "NORMAL", "implementer", "Alice <a@x>"));
    entry(
        id,
        at(0),
        EventKind.ASSESSED,
        Map.of(
            "contentHash",
            "h-" + id,
            "commits",
            List.of("c-" + id),
            "assessment",
            Map.of(
                "risk",
                Map.of("level", "LOW"),
                "systems",
                Map.of("affected", List.of(Map.of("name", system, "tier", 1, "direct", true))))));
  }

  private void deploy(
      String id, String env, int hour, String status, boolean emergency, boolean rollback) {
    String deployment = "D-" + id + "-" + hour;
    Map<String, Object> start = new LinkedHashMap<>();
    start.put("deployment", deployment);
    start.put("environment", env);
    start.put("runbook", "deploy/" + env + ".yml");
    start.put("commit", "c-" + id);
    start.put("emergency", emergency);
    start.put("reason", emergency ? "orders rejected" : "");
    entry(id, at(hour), EventKind.DEPLOYMENT_STARTED, start);
    entry(
        id,
        at(hour).plusSeconds(600),
        EventKind.DEPLOYMENT_FINISHED,
        Map.of("deployment", deployment, "status", status));
    if (rollback) {
      entry(
          id,
          at(hour).plusSeconds(1200),
          EventKind.ROLLED_BACK,
          Map.of("deployment", deployment, "status", "ROLLED_BACK"));
    }
  }

  private void entry(String id, Instant time, String kind, Map<String, Object> data) {
    all.add(new LedgerEntry(all.size(), time, new Fact("Carol <c@x>", kind, id, data)));
  }

  private List<ChangeRecord> records() {
    List<ChangeRecord> records = new ArrayList<>();
    for (String id : ids) {
      records.add(
          ChangeRecord.project(
              id,
              all.stream().filter(e -> e.fact().change().equals(id)).toList(),
              ApprovalPolicy.defaults(),
              run -> false,
              at(100)));
    }
    return records;
  }

  @Test
  void aRolledBackOrFailedDeploymentMarksItsChangesCommits() {
    change("ok", "router");
    deploy("ok", "prod", 1, "SUCCEEDED", false, false);
    change("back", "router");
    deploy("back", "prod", 2, "SUCCEEDED", false, true);
    change("broke", "risk");
    deploy("broke", "prod", 3, "FAILED", false, false);

    assertThat(FailedChanges.commits(records(), PROD)).containsExactly("c-back", "c-broke");
  }

  @Test
  void anEmergencyMarksTheLastSuccessfulChangeOfItsSystemInItsEnvironment() {
    change("older", "router");
    deploy("older", "prod", 1, "SUCCEEDED", false, false);
    change("culprit", "router");
    deploy("culprit", "prod", 2, "SUCCEEDED", false, false);
    change("elsewhere", "risk"); // another system, deployed just before the emergency
    deploy("elsewhere", "prod", 3, "SUCCEEDED", false, false);
    change("staging", "router"); // the same system, but another environment
    deploy("staging", "staging", 4, "SUCCEEDED", false, false);
    change("hotfix", "router");
    deploy("hotfix", "prod", 5, "SUCCEEDED", true, false);

    assertThat(FailedChanges.commits(records(), PROD)).containsExactly("c-culprit");
  }

  @Test
  void successfulDeploymentsAloneLabelNothing() {
    change("a", "router");
    deploy("a", "prod", 1, "SUCCEEDED", false, false);
    change("b", "router");
    deploy("b", "prod", 2, "SUCCEEDED", false, false);
    change("c", "risk"); // never deployed

    assertThat(FailedChanges.commits(records(), PROD)).isEmpty();
    assertThat(FailedChanges.commits(List.of(), PROD)).isEmpty();
  }

  @Test
  void rollbacksFailuresAndEmergenciesOutsideProductionLabelNothing() {
    change("tried", "router");
    deploy("tried", "staging", 1, "SUCCEEDED", false, true); // rolled back in staging
    change("broke", "router");
    deploy("broke", "uat", 2, "FAILED", false, false);
    change("culprit", "router");
    deploy("culprit", "staging", 3, "SUCCEEDED", false, false);
    change("hotfix", "router");
    deploy("hotfix", "staging", 4, "SUCCEEDED", true, false);

    assertThat(FailedChanges.commits(records(), PROD)).isEmpty();
    // the same records, with staging configured as a production environment
    assertThat(FailedChanges.commits(records(), Set.of("prod", "staging")))
        .containsExactly("c-culprit", "c-tried");
  }
}
