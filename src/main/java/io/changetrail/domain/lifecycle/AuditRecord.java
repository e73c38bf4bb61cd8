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
    return of(change, ledgerSize, Map.of());
  }

  /**
   * @param signatures the signed decision entries by index: "signed by PRINCIPAL" when the
   *     signature verified against the allowed signers, else why not ("BAD: ...", "not checked:
   *     ...")
   */
  public static AuditRecord of(ChangeRecord change, long ledgerSize, Map<Long, String> signatures) {
    List<Check> checks = new ArrayList<>();
    Optional<ChangeRecord.Verification> verification = change.latestVerification();

    checks.add(documentation(verification));

    List<ChangeRecord.DeploymentRun> deployments = change.deployments();
    if (deployments.isEmpty()) {
      checks.add(new Check("Approval obtained before deployment", "N/A", "not deployed"));
    } else {
      List<String> late = new ArrayList<>();
      Map<String, ChangeRecord.DeploymentRun> rolledBack = new java.util.HashMap<>();
      long lastStart = -1;
      for (ChangeRecord.DeploymentRun run : deployments) {
        long startIndex = run.entries().get(0);
        lastStart = Math.max(lastStart, startIndex);
        // a rollback in this environment spends the approvals given before it
        ChangeRecord.DeploymentRun previous = rolledBack.get(run.environment());
        long floor =
            previous == null || previous.entries().isEmpty()
                ? -1
                : previous.entries().get(previous.entries().size() - 1);
        long before =
            change.approvals().stream()
                .filter(a -> a.index() < startIndex && a.index() > floor)
                .filter(
                    a -> a.environments().isEmpty() || a.environments().contains(run.environment()))
                .map(a -> a.by().key())
                .distinct()
                .count();
        if (change.changeClass() != ChangeClass.STANDARD && before < change.requiredApprovals()) {
          late.add(
              run.id()
                  + (run.emergency() ? " (emergency: " + run.reason() + ")" : "")
                  + (previous != null && !run.emergency()
                      ? " (after the rollback of "
                          + previous.id()
                          + ", without an approval given since)"
                      : ""));
        }
        if (run.status() == io.changetrail.domain.deploy.DeploymentStatus.ROLLED_BACK
            || run.status() == io.changetrail.domain.deploy.DeploymentStatus.ROLLBACK_FAILED) {
          rolledBack.put(run.environment(), run);
        }
      }
      long deployedBy = lastStart;
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
                        + change.approvals().stream()
                            .filter(a -> a.index() < deployedBy)
                            .map(a -> Long.toString(a.index()))
                            .toList()));
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
            .map(AuditRecord::testing)
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
    if (change.approvals().isEmpty()) {
      // nothing to separate yet: a PASS here would be a verdict without evidence
      checks.add(new Check("Segregation of duties", "N/A", "no approval recorded"));
    } else {
      checks.add(
          new Check(
              "Segregation of duties",
              conflicts.isEmpty() ? "PASS" : "FAIL",
              conflicts.isEmpty()
                  ? "no approver implemented, authored or committed the change"
                  : String.join("; ", conflicts)));
    }

    checks.add(identities(change, signatures));

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

  /**
   * How the people who decided were identified. Asserted identities (git config or
   * CHANGETRAIL_USER, no ledger users) and entries that did not record how are a FINDING: nothing
   * proves who made those decisions.
   */
  private static Check identities(ChangeRecord change, Map<Long, String> signatures) {
    Map<String, List<Long>> bySource = new LinkedHashMap<>();
    List<String> bad = new ArrayList<>();
    change
        .identitySources()
        .forEach(
            (index, recorded) -> {
              String signature = signatures.getOrDefault(index, "");
              String source = recorded.isEmpty() ? "unrecorded" : recorded;
              if (signature.startsWith("signed by ")) {
                source = ChangeRecord.SIGNED;
              } else if (signature.startsWith("BAD: ")) {
                bad.add("entry " + index + ": " + signature.substring(5));
              } else if (!signature.isEmpty()) {
                source = "signed, " + signature;
              }
              bySource.computeIfAbsent(source, k -> new ArrayList<>()).add(index);
            });
    if (!bad.isEmpty()) {
      return new Check(
          "Identities of deciders",
          "FAIL",
          "signatures that do not verify: " + String.join("; ", bad));
    }
    if (bySource.isEmpty()) {
      return new Check("Identities of deciders", "N/A", "no decision recorded yet");
    }
    List<String> parts = new ArrayList<>();
    bySource.forEach((source, entries) -> parts.add(describe(source) + ": entries " + entries));
    String evidence = String.join("; ", parts);
    if (bySource.containsKey(ChangeRecord.ASSERTED)
        || bySource.containsKey("unrecorded")
        || bySource.keySet().stream().anyMatch(k -> k.startsWith("signed, "))) {
      return new Check("Identities of deciders", "FINDING", evidence);
    }
    if (bySource.containsKey(ChangeRecord.ASSERTED_USER)) {
      return new Check("Identities of deciders", "PASS (not authenticated)", evidence);
    }
    return new Check("Identities of deciders", "PASS", evidence);
  }

  private static String describe(String source) {
    return switch (source) {
      case ChangeRecord.ASSERTED ->
          "self-asserted (git config or CHANGETRAIL_USER; the ledger has no users, nothing checks"
              + " who it was)";
      case ChangeRecord.ASSERTED_USER ->
          "asserted on the command line and matched to a ledger user with the role (not"
              + " authenticated)";
      case ChangeRecord.TOKEN -> "authenticated by the team server (API token of the user)";
      case ChangeRecord.SIGNED ->
          "signed with a key the allowed-signers file (or allowed OpenPGP keys file) lists for the"
              + " actor";
      case "unrecorded" -> "identity not recorded (made by an earlier version)";
      default -> source;
    };
  }

  /**
   * Documentation complete: from the latest verification's check, on committed documents only; a
   * post-hoc document never makes it PASS for a normal change, and is named in the evidence.
   */
  private static Check documentation(Optional<ChangeRecord.Verification> verification) {
    Check check =
        fromVerification(verification, "change document complete", "Documentation complete");
    if (verification.isEmpty() || verification.get().postHocNote().isEmpty()) {
      return check;
    }
    String note = verification.get().postHocNote().get();
    boolean counted = Boolean.TRUE.equals(verification.get().postHoc().get("counted"));
    String result =
        check.result().equals("PASS") && counted ? "PASS (retrospective)" : check.result();
    return new Check(check.item(), result, check.evidence() + "; " + note);
  }

  private static Check fromVerification(
      Optional<ChangeRecord.Verification> verification, String checkName, String item) {
    if (verification.isEmpty()) {
      return new Check(item, "FAIL", "no verification recorded");
    }
    for (ChangeRecord.Check check : verification.get().checks()) {
      if (checkName.equals(check.name())) {
        return new Check(
            item,
            check.passed() ? "PASS" : "FAIL",
            check.detail().orElse("") + " (entry " + verification.get().index() + ")");
      }
    }
    return new Check(item, "FAIL", "not checked by the latest verification");
  }

  /**
   * Testing is verified only by technical checks ChangeRecord ran and recorded, each with its exit
   * code and output digest; what the change's documents claim is named as a claim.
   */
  private static Check testing(ChangeRecord.Verification v) {
    List<String> executed = new ArrayList<>();
    for (ChangeRecord.Check check : v.executed()) {
      executed.add(
          check.name()
              + " "
              + check.status()
              + check.exitCode().map(code -> " exit " + code).orElse("")
              + check.digest().map(digest -> " output " + digest).orElse(""));
    }
    String claimed =
        v.claimed().isEmpty()
            ? ""
            : "; claimed in the change's documents, not run by ChangeTrail: "
                + String.join(" / ", v.claimed());
    if (executed.isEmpty()) {
      return new Check(
          "Testing verified",
          "FAIL",
          "no technical check ran at entry "
              + v.index()
              + " (verification "
              + v.label()
              + "): nothing was tested"
              + claimed);
    }
    boolean passed = v.executed().stream().allMatch(ChangeRecord.Check::passed);
    return new Check(
        "Testing verified",
        passed ? "PASS" : "FAIL",
        "executed at entry " + v.index() + ": " + String.join(", ", executed) + claimed);
  }

  private static String approvalIndices(ChangeRecord change) {
    return change.approvals().stream().map(a -> Long.toString(a.index())).toList().toString();
  }

  /** How a decision's identity reads beside it: " (identity self-asserted)", " (signed)". */
  public static String identityNote(String source) {
    return switch (source) {
      case ChangeRecord.ASSERTED -> " (identity self-asserted)";
      case ChangeRecord.ASSERTED_USER -> " (ledger user, asserted on the command line)";
      case ChangeRecord.TOKEN -> " (authenticated by token)";
      case ChangeRecord.SIGNED -> " (signed)";
      default -> " (identity not recorded)";
    };
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
          .append(identityNote(a.identity()))
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
    out.append("\n## Deployment gate answers\n\n");
    if (change.gateDecisions().isEmpty()) {
      out.append("None.\n");
    }
    for (ChangeRecord.GateDecision g : change.gateDecisions()) {
      out.append("- ")
          .append(g.approved() ? "approved" : "rejected")
          .append(" for ")
          .append(ChangeReport.md(g.environment()))
          .append(", commit ")
          .append(ChangeReport.shortSha(g.commit()))
          .append(", asked through ")
          .append(ChangeReport.md(g.forge()))
          .append(g.run().isEmpty() ? "" : " (" + ChangeReport.md(g.run()) + ")")
          .append(" by ")
          .append(ChangeReport.md(g.askedBy()))
          .append(" at ")
          .append(ChangeReport.time(g.time()))
          .append(": ")
          .append(ChangeReport.md(g.reason()))
          .append(" [entry ")
          .append(g.index())
          .append("]");
      g.callback()
          .ifPresent(
              cb ->
                  out.append("; ")
                      .append(ChangeReport.md(ChangeReport.callbackText(g.forge(), cb)))
                      .append(" [entry ")
                      .append(cb.index())
                      .append("]"));
      out.append('\n');
    }
    out.append("\n## Verification records\n\n");
    if (change.verifications().isEmpty()) {
      out.append("None.\n");
    }
    for (ChangeRecord.Verification v : change.verifications()) {
      out.append("- ")
          .append(v.label())
          .append(" at ")
          .append(ChangeReport.time(v.time()))
          .append(" by ")
          .append(ChangeReport.md(v.by().display()))
          .append(" [entry ")
          .append(v.index())
          .append("]\n");
      for (ChangeRecord.Check check : v.checks()) {
        out.append("  - ")
            .append(check.ran() ? "executed: " : "")
            .append(ChangeReport.md(check.name()))
            .append(": ")
            .append(check.status());
        if (check.output().isPresent()) {
          out.append(" (exit ")
              .append(check.exitCode().map(String::valueOf).orElse("none recorded"))
              .append(", ")
              .append(check.durationMs().map(String::valueOf).orElse("?"))
              .append(" ms, output ")
              .append(check.output().get())
              .append(")");
        }
        out.append('\n');
      }
      for (String claim : v.claimed()) {
        out.append("  - claimed, not run by ChangeTrail: ")
            .append(ChangeReport.md(claim))
            .append('\n');
      }
      v.postHocNote()
          .ifPresent(note -> out.append("  - ⚠ ").append(ChangeReport.md(note)).append('\n'));
    }
    out.append("\n## Compliance checklist\n\n| Item | Result | Evidence |\n|---|---|---|\n");
    for (Check check : checklist) {
      out.append("| ")
          .append(check.item())
          .append(" | ")
          .append(
              check.result().startsWith("PASS")
                  ? "✅ "
                  : check.result().equals("N/A")
                      ? "➖ "
                      : check.result().equals("FINDING") ? "⚠️ " : "❌ ")
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
    json.put("gateDecisions", ChangeReport.gateDecisionsJson(change));
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
