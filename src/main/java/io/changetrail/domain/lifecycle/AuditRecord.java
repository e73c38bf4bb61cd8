package io.changetrail.domain.lifecycle;

import io.changetrail.domain.assess.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The methodology's audit-trail record of one change: every field computed from the ledger's facts
 * (never typed in), with a compliance checklist and the ledger entries that prove each answer.
 */
public final class AuditRecord {
  /** One line of the compliance checklist: PASS, FAIL or N/A, with why. */
  public record Check(String item, String result, String evidence) {}

  private final ChangeRecord change;
  private final String auditId;
  private final List<Check> checklist;

  private AuditRecord(ChangeRecord change, String auditId, List<Check> checklist) {
    this.change = change;
    this.auditId = auditId;
    this.checklist = checklist;
  }

  /**
   * @param ledgerSize the ledger's size when the record is made: it is part of the audit id, so a
   *     record names the exact state of the log it was computed from
   */
  public static AuditRecord of(ChangeRecord change, long ledgerSize) {
    List<Check> checks = new ArrayList<>();
    Optional<ChangeRecord.Verification> verification = change.latestVerification();

    checks.add(
        fromVerification(verification, "change document complete", "Documentation complete"));

    List<ChangeRecord.DeploymentRun> deployments = change.deployments();
    if (deployments.isEmpty()) {
      checks.add(new Check("Approval obtained before deployment", "N/A", "not deployed"));
    } else {
      List<String> late = new ArrayList<>();
      for (ChangeRecord.DeploymentRun run : deployments) {
        long startIndex = run.entries().get(0);
        long before =
            change.approvals().stream()
                .filter(a -> a.index() < startIndex)
                .filter(
                    a -> a.environments().isEmpty() || a.environments().contains(run.environment()))
                .map(a -> a.by().display().toLowerCase())
                .distinct()
                .count();
        if (change.changeClass() != ChangeClass.STANDARD && before < change.requiredApprovals()) {
          late.add(run.id() + (run.emergency() ? " (emergency: " + run.reason() + ")" : ""));
        }
      }
      if (late.isEmpty()) {
        checks.add(
            new Check(
                "Approval obtained before deployment",
                "PASS",
                change.changeClass() == ChangeClass.STANDARD
                    ? "standard change: pre-approved template"
                    : "every deployment was preceded by "
                        + change.requiredApprovals()
                        + " approval(s): entries "
                        + approvalIndices(change)));
      } else {
        boolean emergencyApprovedLater =
            deployments.stream().allMatch(ChangeRecord.DeploymentRun::emergency)
                && change.approvedFor("");
        checks.add(
            new Check(
                "Approval obtained before deployment",
                emergencyApprovedLater ? "PASS (retrospective)" : "FAIL",
                "deployed before approval: "
                    + String.join(", ", late)
                    + (emergencyApprovedLater
                        ? "; approved afterwards: entries " + approvalIndices(change)
                        : "")));
      }
    }

    checks.add(
        verification
            .map(
                v ->
                    new Check(
                        "Testing verified",
                        v.passed() ? "PASS" : "FAIL",
                        (v.passed() ? "verification passed" : "verification failed")
                            + " at entry "
                            + v.index()
                            + ": "
                            + checkNames(v)))
            .orElse(new Check("Testing verified", "FAIL", "no verification recorded")));

    if (change.rollback().atLeast(Level.MEDIUM)) {
      checks.add(
          fromVerification(verification, "rollback procedure documented", "Rollback documented"));
    } else {
      checks.add(
          new Check("Rollback documented", "N/A", "rollback complexity " + change.rollback()));
    }

    List<String> conflicts = new ArrayList<>();
    for (ChangeRecord.Decision approval : change.approvals()) {
      change.dutiesConflict(approval.by(), "approve").ifPresent(conflicts::add);
    }
    checks.add(
        new Check(
            "Segregation of duties",
            conflicts.isEmpty() ? "PASS" : "FAIL",
            conflicts.isEmpty()
                ? "no approver implemented, authored or committed the change"
                : String.join("; ", conflicts)));

    if (change.signOffRequired()) {
      checks.add(
          new Check(
              "Sign-off (HIGH)",
              change.signOffs().isEmpty() ? "FAIL" : "PASS",
              change.signOffs().isEmpty()
                  ? "required because something is HIGH, not given"
                  : "signed off by "
                      + change.signOffs().get(0).by().display()
                      + " at entry "
                      + change.signOffs().get(0).index()));
    }
    return new AuditRecord(change, "AUD-" + change.id() + "-" + ledgerSize, checks);
  }

  private static Check fromVerification(
      Optional<ChangeRecord.Verification> verification, String checkName, String item) {
    if (verification.isEmpty()) {
      return new Check(item, "FAIL", "no verification recorded");
    }
    for (Map<String, Object> check : verification.get().checks()) {
      if (checkName.equals(check.get("name"))) {
        boolean passed = "PASSED".equals(check.get("status"));
        return new Check(
            item,
            passed ? "PASS" : "FAIL",
            String.valueOf(check.getOrDefault("detail", ""))
                + " (entry "
                + verification.get().index()
                + ")");
      }
    }
    return new Check(item, "FAIL", "not checked by the latest verification");
  }

  private static String approvalIndices(ChangeRecord change) {
    return change.approvals().stream().map(a -> Long.toString(a.index())).toList().toString();
  }

  private static String checkNames(ChangeRecord.Verification v) {
    List<String> names = new ArrayList<>();
    for (Map<String, Object> check : v.checks()) {
      names.add(check.get("name") + " " + check.get("status"));
    }
    return String.join(", ", names);
  }

  public String auditId() {
    return auditId;
  }

  public List<Check> checklist() {
    return checklist;
  }

  public boolean compliant() {
    return checklist.stream()
        .allMatch(c -> c.result().startsWith("PASS") || c.result().equals("N/A"));
  }

  @SuppressWarnings("unchecked")
  public String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("# Audit trail record ").append(auditId).append("\n\n");
    out.append("## Change details\n\n| | |\n|---|---|\n");
    out.append("| Change | ").append(change.id()).append(" |\n");
    out.append("| Title | ").append(ChangeReport.md(change.title())).append(" |\n");
    out.append("| Type / class | ")
        .append(change.type())
        .append(" / ")
        .append(change.changeClass())
        .append(" |\n");
    out.append("| Implementer | ")
        .append(ChangeReport.md(change.implementer().display()))
        .append(" |\n");
    out.append("| Registered | ").append(ChangeReport.time(change.registered())).append(" |\n");
    out.append("| Commits | ")
        .append(String.join(", ", change.commits().stream().map(ChangeReport::shortSha).toList()))
        .append(" |\n");
    out.append("| Content | `").append(change.contentHash()).append("` |\n");
    out.append("| Status | ").append(change.status()).append(" |\n\n");

    out.append("## Impact assessment\n\n");
    out.append("- Risk: **").append(change.risk()).append("**");
    Map<String, Object> risk =
        (Map<String, Object>) change.assessment().getOrDefault("risk", Map.of());
    if (risk.get("score") != null) {
      out.append(" (score ").append(risk.get("score")).append(")");
    }
    out.append('\n');
    for (Object factor : (List<Object>) risk.getOrDefault("factors", List.of())) {
      Map<String, Object> f = (Map<String, Object>) factor;
      out.append("  - +")
          .append(f.get("weight"))
          .append(" ")
          .append(ChangeReport.md(String.valueOf(f.get("description"))))
          .append('\n');
    }
    out.append("- Rollback complexity: **").append(change.rollback()).append("**\n");
    out.append("- Systems: ");
    out.append(
        String.join(
            ", ",
            change.systems().stream()
                .map(s -> s.name() + " (tier " + s.tier() + (s.direct() ? "" : ", indirect") + ")")
                .toList()));
    out.append("\n\n");
    planMarkdown(out);
    out.append("## Approvals\n\n");
    if (change.approvals().isEmpty()) {
      out.append("None.\n");
    }
    for (ChangeRecord.Decision a : change.approvals()) {
      out.append("- ")
          .append(ChangeReport.md(a.by().display()))
          .append(" at ")
          .append(ChangeReport.time(a.time()))
          .append(a.current() ? "" : " (void: content changed)")
          .append(" [entry ")
          .append(a.index())
          .append("]\n");
    }
    out.append("\n## Deployments\n\n");
    if (change.deployments().isEmpty()) {
      out.append("None.\n");
    }
    for (ChangeRecord.DeploymentRun d : change.deployments()) {
      out.append("- ")
          .append(d.id())
          .append(" to ")
          .append(ChangeReport.md(d.environment()))
          .append(": ")
          .append(d.status())
          .append(" (")
          .append(ChangeReport.time(d.started()))
          .append(d.finished() == null ? "" : " to " + ChangeReport.time(d.finished()))
          .append(") by ")
          .append(ChangeReport.md(d.deployer().display()))
          .append(" [entries ")
          .append(d.entries())
          .append("]\n");
    }
    out.append("\n## Verification records\n\n");
    if (change.verifications().isEmpty()) {
      out.append("None.\n");
    }
    for (ChangeRecord.Verification v : change.verifications()) {
      out.append("- ")
          .append(v.passed() ? "PASSED" : "FAILED")
          .append(" at ")
          .append(ChangeReport.time(v.time()))
          .append(" by ")
          .append(ChangeReport.md(v.by().display()))
          .append(" [entry ")
          .append(v.index())
          .append("]\n");
      for (Map<String, Object> check : v.checks()) {
        out.append("  - ")
            .append(ChangeReport.md(String.valueOf(check.get("name"))))
            .append(": ")
            .append(check.get("status"));
        if (check.get("digest") != null && !String.valueOf(check.get("digest")).isEmpty()) {
          out.append(" (exit ")
              .append(check.get("exitCode"))
              .append(", ")
              .append(check.get("durationMs"))
              .append(" ms, output ")
              .append(check.get("digest"))
              .append(")");
        }
        out.append('\n');
      }
    }
    out.append("\n## Compliance checklist\n\n| Item | Result | Evidence |\n|---|---|---|\n");
    for (Check check : checklist) {
      out.append("| ")
          .append(check.item())
          .append(" | ")
          .append(
              check.result().startsWith("PASS") ? "✅ " : check.result().equals("N/A") ? "➖ " : "❌ ")
          .append(check.result())
          .append(" | ")
          .append(ChangeReport.md(check.evidence()))
          .append(" |\n");
    }
    out.append("\n_Computed from ledger entries ")
        .append(change.entries())
        .append("; verify them with `changetrail audit verify`._\n");
    return out.toString();
  }

  /** The documentation plan recorded at registration, item by item with its methodology name. */
  @SuppressWarnings("unchecked")
  private void planMarkdown(StringBuilder out) {
    List<Object> items =
        (List<Object>) change.assessment().getOrDefault("documentation", List.of());
    if (items.isEmpty()) {
      return;
    }
    out.append("## Documentation plan\n\n");
    for (Object entry : items) {
      Map<String, Object> item = (Map<String, Object>) entry;
      Object name = item.getOrDefault("item", item.get("section"));
      out.append("- ").append(ChangeReport.md(String.valueOf(name)));
      if (Boolean.FALSE.equals(item.get("applicable"))) {
        out.append(": not applicable: ")
            .append(ChangeReport.md(String.valueOf(item.get("notApplicable"))));
      } else {
        out.append(" (")
            .append(ChangeReport.md(String.valueOf(item.get("reason"))))
            .append("; rule ")
            .append(item.get("rule"))
            .append(")");
      }
      out.append('\n');
    }
    out.append('\n');
  }

  public Map<String, Object> json() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("schema", "changetrail.audit-record/v1");
    json.put("auditId", auditId);
    json.put("change", ChangeReport.json(change));
    json.put("assessment", change.assessment());
    List<Map<String, Object>> items = new ArrayList<>();
    for (Check check : checklist) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("item", check.item());
      item.put("result", check.result());
      item.put("evidence", check.evidence());
      items.add(item);
    }
    json.put("compliance", items);
    json.put("compliant", compliant());
    return json;
  }
}
