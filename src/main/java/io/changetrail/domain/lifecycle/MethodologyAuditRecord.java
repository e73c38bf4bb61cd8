package io.changetrail.domain.lifecycle;

import io.changetrail.domain.event.LedgerEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit trail record in the methodology's own structure ({@code create_audit_trail_record},
 * section 4.2): its field names and nesting, each value computed from the ledger's facts. It stands
 * beside ChangeTrail's richer {@link AuditRecord}, whose compliance checklist it reuses; the schema
 * is docs/audit-record-methodology.schema.json.
 */
public final class MethodologyAuditRecord {
  /** The methodology's default {@code compliance_framework}. */
  public static final String DEFAULT_FRAMEWORK = "Internal Trading System Standards";

  /** The methodology's {@code audit_version}. */
  public static final String AUDIT_VERSION = "1.0";

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

  private MethodologyAuditRecord() {}

  /**
   * @param change the change as the ledger projects it
   * @param record ChangeTrail's audit record of the same change (its checklist is reused)
   * @param businessDriver what the change documents say under Business Driver, empty if nothing
   * @param now when the record is made (the methodology's {@code datetime.now()})
   * @param framework the compliance framework named in changetrail.yml ({@code audit:
   *     compliance_framework}), or the methodology's default
   */
  public static Map<String, Object> of(
      ChangeRecord change,
      AuditRecord record,
      String businessDriver,
      Instant now,
      String framework) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("audit_id", "AUDIT_" + change.id() + "_" + STAMP.format(now));

    Map<String, Object> details = new LinkedHashMap<>();
    details.put("change_id", change.id());
    details.put("change_type", change.type());
    details.put("description", change.title());
    details.put("implementer", change.implementer().display());
    List<String> approvers =
        change.approvals().stream()
            .filter(ChangeRecord.Decision::current)
            .map(a -> a.by().display())
            .distinct()
            .toList();
    details.put("approver", approvers.isEmpty() ? "N/A" : String.join(", ", approvers));
    details.put("implementation_date", implementationDate(change).toString());
    root.put("change_details", details);

    Map<String, Object> impact = new LinkedHashMap<>();
    impact.put("risk_level", change.risk().name());
    impact.put("affected_systems", change.systems().stream().map(s -> s.name()).toList());
    impact.put(
        "business_impact",
        businessDriver == null || businessDriver.isBlank() ? "N/A" : businessDriver.strip());
    root.put("impact_assessment", impact);

    List<Map<String, Object>> pre = new ArrayList<>();
    List<Map<String, Object>> post = new ArrayList<>();
    for (ChangeRecord.DeploymentRun run : change.deployments()) {
      for (LedgerEvent.DeploymentStep step : run.steps()) {
        String phase = step.phase();
        if ("PRE_CHECK".equals(phase)) {
          pre.add(check("pre-check", run, step));
        } else if ("POST_CHECK".equals(phase)) {
          post.add(check("post-check", run, step));
        }
      }
    }
    for (ChangeRecord.Verification v : change.verifications()) {
      post.add(verification(v));
    }
    Map<String, Object> verification = new LinkedHashMap<>();
    verification.put("pre_change_verification", pre);
    verification.put("post_change_verification", post);
    verification.put("rollback_tested", rollbackTested(change));
    root.put("verification_records", verification);

    Map<String, Object> compliance = new LinkedHashMap<>();
    compliance.put("documentation_complete", result(record, "Documentation complete"));
    compliance.put("approval_obtained", result(record, "Approval obtained"));
    compliance.put("testing_verified", result(record, "Testing verified"));
    compliance.put("rollback_documented", result(record, "Rollback documented"));
    root.put("compliance_checklist", compliance);

    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("created_date", now.toString());
    metadata.put("audit_version", AUDIT_VERSION);
    metadata.put(
        "compliance_framework",
        framework == null || framework.isBlank() ? DEFAULT_FRAMEWORK : framework.strip());
    metadata.put("changetrail_audit_id", record.auditId());
    metadata.put("ledger_entries", change.entries());
    root.put("audit_metadata", metadata);
    return root;
  }

  /** When the change was implemented: its first successful deployment, else its registration. */
  private static Instant implementationDate(ChangeRecord change) {
    return change.deployments().stream()
        .filter(
            d ->
                d.finished() != null
                    && d.status() == io.changetrail.domain.deploy.DeploymentStatus.SUCCEEDED)
        .map(ChangeRecord.DeploymentRun::finished)
        .min(Instant::compareTo)
        .orElse(change.registered());
  }

  private static Map<String, Object> check(
      String kind, ChangeRecord.DeploymentRun run, LedgerEvent.DeploymentStep step) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", kind);
    out.put("deployment", run.id());
    out.put("environment", run.environment());
    out.put("name", step.name());
    out.put("result", "PASSED".equals(step.status()) ? "PASSED" : "FAILED");
    out.put("time", step.started().isEmpty() ? run.started().toString() : step.started());
    return out;
  }

  private static Map<String, Object> verification(ChangeRecord.Verification v) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", "verify");
    out.put("entry", v.index());
    out.put("name", "changetrail verify");
    out.put("result", v.passed() ? "PASSED" : "FAILED");
    out.put("time", v.time().toString());
    out.put("by", v.by().display());
    List<String> checks = new ArrayList<>();
    for (ChangeRecord.Check check : v.checks()) {
      checks.add(check.name() + ": " + check.status());
    }
    out.put("checks", checks);
    return out;
  }

  /** True when a rollback ran: a deployment rolled back, or a rollback step passed. */
  private static boolean rollbackTested(ChangeRecord change) {
    for (ChangeRecord.DeploymentRun run : change.deployments()) {
      if (run.status() == io.changetrail.domain.deploy.DeploymentStatus.ROLLED_BACK) {
        return true;
      }
      for (LedgerEvent.DeploymentStep step : run.steps()) {
        if ("ROLLBACK".equals(step.phase()) && "PASSED".equals(step.status())) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The checklist answer as the methodology's boolean: true for PASS, false for FAIL, null when the
   * item does not apply (N/A) or ChangeTrail's checklist has no such item.
   */
  private static Boolean result(AuditRecord record, String itemPrefix) {
    for (AuditRecord.Check check : record.checklist()) {
      if (check.item().startsWith(itemPrefix)) {
        if (check.result().startsWith("PASS")) {
          return true;
        }
        return check.result().equals("N/A") ? null : false;
      }
    }
    return null;
  }
}
