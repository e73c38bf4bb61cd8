package io.changetrail.domain.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.domain.ledger.Fact;
import io.changetrail.domain.ledger.LedgerEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The audit record's "Approval obtained before deployment": a rollback in an environment spends the
 * approvals given before it, so deploying there again needs an approval given since (as the
 * deployment gate requires); ledgers written before the gate enforced it are read by this rule.
 */
class AuditRecordRollbackTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private final List<LedgerEntry> all = new ArrayList<>();

  private void entry(String actor, String kind, Map<String, Object> data) {
    all.add(
        new LedgerEntry(
            all.size(), T0.plusSeconds(60L * all.size()), new Fact(actor, kind, "CHG-1", data)));
  }

  private void registeredAndApproved() {
    entry(
        "Alice <a@x>",
        EventKind.REGISTERED,
        Map.of("title", "change", "class", "NORMAL", "implementer", "Alice <a@x>"));
    entry(
        "Alice <a@x>",
        EventKind.ASSESSED,
        Map.of(
            "contentHash",
            "h",
            "commits",
            List.of("c1"),
            "assessment",
            Map.of("risk", Map.of("level", "LOW"))));
    approve();
  }

  private void approve() {
    entry(
        "Bob <b@x>",
        EventKind.APPROVED,
        Map.of("comment", "ok", "contentHash", "h", "environments", List.of()));
  }

  private void deploy(String id, boolean rolledBack) {
    Map<String, Object> start = new LinkedHashMap<>();
    start.put("deployment", id);
    start.put("environment", "prod");
    start.put("runbook", "deploy/prod.yml");
    start.put("commit", "c1");
    start.put("emergency", false);
    start.put("reason", "");
    entry("Carol <c@x>", EventKind.DEPLOYMENT_STARTED, start);
    entry(
        "Carol <c@x>",
        EventKind.DEPLOYMENT_FINISHED,
        Map.of("deployment", id, "status", "SUCCEEDED"));
    if (rolledBack) {
      entry(
          "Carol <c@x>", EventKind.ROLLED_BACK, Map.of("deployment", id, "status", "ROLLED_BACK"));
    }
  }

  private AuditRecord.Check approvalCheck() {
    ChangeRecord record =
        ChangeRecord.project(
            "CHG-1", all, ApprovalPolicy.defaults(), run -> false, T0.plusSeconds(86_400));
    return AuditRecord.of(record, all.size(), Map.of()).checklist().stream()
        .filter(c -> c.item().equals("Approval obtained before deployment"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void deployingAgainAfterARollbackWithoutANewApprovalFails() {
    registeredAndApproved();
    deploy("DEP-1", true);
    deploy("DEP-2", false);

    AuditRecord.Check check = approvalCheck();
    assertThat(check.result()).isEqualTo("FAIL");
    assertThat(check.evidence())
        .contains("DEP-2 (after the rollback of DEP-1, without an approval given since)")
        .doesNotContain("DEP-1 (");
  }

  @Test
  void anApprovalGivenAfterTheRollbackCoversTheNextDeployment() {
    registeredAndApproved();
    deploy("DEP-1", true);
    approve();
    deploy("DEP-2", false);
    approve(); // after every deployment: not evidence of approval before one

    AuditRecord.Check check = approvalCheck();
    assertThat(check.result()).isEqualTo("PASS");
    assertThat(check.evidence()).endsWith("entries [2, 6]");
  }
}
