package io.changetrail.domain.lifecycle;

import io.changetrail.domain.ledger.LedgerEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders a change (change show) and a list of changes (change list). */
public final class ChangeReport {
  private ChangeReport() {}

  public static String markdown(ChangeRecord c) {
    StringBuilder out = new StringBuilder();
    out.append("# ").append(c.id()).append(": ").append(md(c.title())).append("\n\n");
    out.append("| | |\n|---|---|\n");
    row(out, "Status", "**" + c.status() + "**");
    row(out, "Class", c.changeClass().name());
    row(out, "Type", c.type());
    row(out, "Risk", c.risk().name());
    row(out, "Rollback complexity", c.rollback().name());
    row(out, "Implementer", md(c.implementer().display()));
    row(out, "Registered", time(c.registered()));
    row(
        out,
        "Commits",
        c.commits().size() + " (" + shortSha(c.base()) + ".." + shortSha(c.tip()) + ")");
    row(out, "Content", "`" + c.contentHash() + "`");
    row(out, "Approvals", c.currentApprovals() + " of " + c.requiredApprovals() + " required");
    if (!c.emergencyReason().isBlank()) {
      row(out, "Emergency reason", md(c.emergencyReason()));
    }
    if (!c.supersedes().isBlank()) {
      row(
          out,
          "Supersedes",
          md(c.supersedes()) + " (rejected or closed with exactly this content: read why first)");
    }
    out.append('\n');
    if (!c.flags().isEmpty()) {
      c.flags().forEach(f -> out.append("> ⚠ ").append(md(f)).append('\n'));
      out.append('\n');
    }
    out.append("## Systems\n\n");
    for (ChangeRecord.SystemRef s : c.systems()) {
      out.append("- ")
          .append(md(s.name()))
          .append(" (tier ")
          .append(s.tier())
          .append(", ")
          .append(s.direct() ? "direct" : "indirect")
          .append(")\n");
    }
    out.append("\n## Approvals and rejections\n\n");
    if (c.approvals().isEmpty() && c.rejections().isEmpty()) {
      out.append("None yet.\n");
    }
    for (ChangeRecord.Decision a : c.approvals()) {
      decision(out, "✅ approved", a);
    }
    for (ChangeRecord.Decision r : c.rejections()) {
      decision(out, "❌ rejected", r);
    }
    out.append("\n## Deployments\n\n");
    if (c.deployments().isEmpty()) {
      out.append("None yet.\n");
    }
    for (ChangeRecord.DeploymentRun d : c.deployments()) {
      out.append("- ")
          .append(d.id())
          .append(" to **")
          .append(md(d.environment()))
          .append("**: ")
          .append(d.status())
          .append(", started ")
          .append(time(d.started()))
          .append(" by ")
          .append(md(d.deployer().display()));
      if (d.emergency()) {
        out.append(" (EMERGENCY: ").append(md(d.reason())).append(')');
      }
      out.append(", ").append(d.steps().size()).append(" step(s) recorded\n");
    }
    if (!c.gateDecisions().isEmpty()) {
      out.append("\n## Deployment gate answers\n\n");
      for (ChangeRecord.GateDecision g : c.gateDecisions()) {
        out.append("- ")
            .append(g.approved() ? "✅ approved" : "❌ rejected")
            .append(" for **")
            .append(md(g.environment()))
            .append("** to ")
            .append(md(g.forge()))
            .append(g.run().isEmpty() ? "" : " (" + md(g.run()) + ")")
            .append(", asked by ")
            .append(md(g.askedBy()))
            .append(" on ")
            .append(time(g.time()))
            .append(", commit ")
            .append(md(g.commit().length() > 10 ? g.commit().substring(0, 10) : g.commit()))
            .append(": ")
            .append(md(g.reason()))
            .append(" (entry ")
            .append(g.index())
            .append(")");
        g.callback()
            .ifPresent(
                cb ->
                    out.append("; ")
                        .append(md(callbackText(g.forge(), cb)))
                        .append(" (entry ")
                        .append(cb.index())
                        .append(")"));
        out.append("\n");
      }
    }
    out.append("\n## Verification\n\n");
    if (c.verifications().isEmpty()) {
      out.append("Not verified yet.\n");
    }
    for (ChangeRecord.Verification v : c.verifications()) {
      out.append("- ")
          .append(v.passed() ? "✅ " : "❌ ")
          .append(v.label())
          .append(" on ")
          .append(time(v.time()))
          .append(" by ")
          .append(md(v.by().display()))
          .append('\n');
      for (ChangeRecord.Check check : v.checks()) {
        out.append("  - ")
            .append(check.passed() ? "✅ " : "❌ ")
            .append(check.ran() ? "executed: " : "")
            .append(md(check.name()));
        check.detail().ifPresent(detail -> out.append(": ").append(md(detail)));
        if (check.ran() && check.output().isPresent()) {
          out.append(" (output ").append(md(check.output().get())).append(')');
        }
        out.append('\n');
      }
      for (String claim : v.claimed()) {
        out.append("  - claimed, not run by ChangeTrail: ").append(md(claim)).append('\n');
      }
      v.postHocNote().ifPresent(note -> out.append("  - ⚠ ").append(md(note)).append('\n'));
    }
    if (c.signOffRequired() || !c.signOffs().isEmpty()) {
      out.append("\n## Sign-off\n\n");
      if (c.signOffs().isEmpty()) {
        out.append("Required (HIGH), not given yet.\n");
      }
      for (ChangeRecord.SignOff s : c.signOffs()) {
        out.append("- ✅ ").append(md(s.by().display())).append(" on ").append(time(s.time()));
        if (!s.comment().isBlank()) {
          out.append(": ").append(md(s.comment()));
        }
        out.append('\n');
      }
    }
    out.append("\n_Ledger entries: ").append(c.entries()).append("_\n");
    return out.toString();
  }

  /** One line per change, for a terminal. */
  public static String table(List<ChangeRecord> changes) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%-18s %-11s %-9s %-6s %-9s %-28s %s%n",
            "ID", "STATUS", "CLASS", "RISK", "APPROVED", "SYSTEMS", "TITLE"));
    for (ChangeRecord c : changes) {
      List<String> names = new ArrayList<>();
      c.systems().stream().filter(ChangeRecord.SystemRef::direct).forEach(s -> names.add(s.name()));
      String systems = String.join(",", names);
      if (systems.length() > 28) {
        systems = systems.substring(0, 25) + "...";
      }
      out.append(
          String.format(
              "%-18s %-11s %-9s %-6s %-9s %-28s %s%n",
              c.id(),
              c.status(),
              c.changeClass(),
              c.risk(),
              c.currentApprovals() + "/" + c.requiredApprovals(),
              systems,
              c.title()));
    }
    if (changes.isEmpty()) {
      out.append("(no changes)\n");
    }
    return out.toString();
  }

  /** A JSON-ready tree (schema changetrail.change/v1). */
  public static Map<String, Object> json(ChangeRecord c) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("schema", "changetrail.change/v1");
    json.put("id", c.id());
    json.put("title", c.title());
    json.put("status", c.status().name());
    json.put("class", c.changeClass().name());
    json.put("type", c.type());
    json.put("risk", c.risk().name());
    json.put("rollback", c.rollback().name());
    json.put("implementer", c.implementer().display());
    json.put("registered", time(c.registered()));
    json.put("base", c.base());
    json.put("tip", c.tip());
    json.put("commits", c.commits());
    json.put("contentHash", c.contentHash());
    if (!c.supersedes().isBlank()) {
      json.put("supersedes", c.supersedes());
    }
    json.put("requiredApprovals", c.requiredApprovals());
    json.put(
        "systems",
        c.systems().stream()
            .map(s -> ordered("name", s.name(), "tier", s.tier(), "direct", s.direct()))
            .toList());
    List<Map<String, Object>> decisions = new ArrayList<>();
    c.approvals().forEach(a -> decisions.add(decisionJson("approved", a)));
    c.rejections().forEach(r -> decisions.add(decisionJson("rejected", r)));
    json.put("decisions", decisions);
    List<Map<String, Object>> deployments = new ArrayList<>();
    for (ChangeRecord.DeploymentRun d : c.deployments()) {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("id", d.id());
      node.put("environment", d.environment());
      node.put("status", d.status().name());
      node.put("started", time(d.started()));
      node.put("finished", d.finished() == null ? null : time(d.finished()));
      node.put("deployer", d.deployer().display());
      node.put("emergency", d.emergency());
      node.put("steps", d.steps().size());
      node.put("commit", d.commit());
      deployments.add(node);
    }
    json.put("deployments", deployments);
    json.put("gateDecisions", gateDecisionsJson(c));
    List<Map<String, Object>> verifications = new ArrayList<>();
    for (ChangeRecord.Verification v : c.verifications()) {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("time", time(v.time()));
      node.put("by", v.by().display());
      node.put("passed", v.passed());
      node.put("result", v.result());
      node.put("checks", v.checks().stream().map(ChangeRecord.Check::data).toList());
      node.put("claimed", v.claimed());
      node.put("postHoc", v.postHoc().isEmpty() ? null : v.postHoc());
      verifications.add(node);
    }
    json.put("verifications", verifications);
    json.put(
        "signOffs",
        c.signOffs().stream()
            .map(
                s ->
                    ordered("by", s.by().display(), "time", time(s.time()), "comment", s.comment()))
            .toList());
    json.put("flags", c.flags());
    json.put("ledgerEntries", c.entries());
    return json;
  }

  private static Map<String, Object> decisionJson(String kind, ChangeRecord.Decision d) {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("decision", kind);
    node.put("by", d.by().display());
    node.put("time", time(d.time()));
    node.put("comment", d.comment());
    node.put("environments", d.environments());
    node.put("contentHash", d.contentHash());
    node.put("current", d.current());
    node.put("identity", d.identity());
    node.put("ledgerIndex", d.index());
    return node;
  }

  private static void decision(StringBuilder out, String label, ChangeRecord.Decision d) {
    out.append("- ")
        .append(label)
        .append(" by ")
        .append(md(d.by().display()))
        .append(" on ")
        .append(time(d.time()));
    if (!d.environments().isEmpty()) {
      out.append(" for ").append(String.join(", ", d.environments()));
    }
    out.append(AuditRecord.identityNote(d.identity()));
    if (!d.current()) {
      out.append(" (void: the content changed since)");
    }
    if (!d.comment().isBlank()) {
      out.append(": ").append(md(d.comment()));
    }
    out.append(" [entry ").append(d.index()).append("]\n");
  }

  private static void row(StringBuilder out, String key, String value) {
    out.append("| ").append(key).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
  }

  static String time(Instant instant) {
    return instant == null ? "" : LedgerEntry.TIME.format(instant);
  }

  static String shortSha(String sha) {
    return sha.length() > 10 ? sha.substring(0, 10) : sha;
  }

  static String md(String text) {
    StringBuilder out = new StringBuilder();
    for (char ch : text.replace('\n', ' ').toCharArray()) {
      if ("\\`*_[]<>|#".indexOf(ch) >= 0) {
        out.append('\\');
      }
      out.append(ch);
    }
    return out.toString();
  }

  /** A JSON object with its keys in the order given (Map.of's order changes from run to run). */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> node = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      node.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return node;
  }

  /** How the forge took a gate answer, in one line: "sent to github: 204" / "not delivered...". */
  public static String callbackText(String forge, ChangeRecord.GateCallback cb) {
    String answered = cb.status() == 0 ? "no answer" : "HTTP " + cb.status();
    return (cb.delivered() ? "delivered to " : "NOT delivered to ")
        + forge
        + " ("
        + answered
        + (cb.delivered() || cb.detail().isEmpty() ? "" : ": " + cb.detail())
        + ")";
  }

  static Map<String, Object> callbackJson(ChangeRecord.GateCallback cb) {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("url", cb.url());
    node.put("status", cb.status());
    node.put("delivered", cb.delivered());
    node.put("detail", cb.detail());
    node.put("time", time(cb.time()));
    node.put("ledgerIndex", cb.index());
    return node;
  }

  /**
   * The change's deployment gate answers as the JSON of {@code change show} and the audit record.
   */
  static List<Map<String, Object>> gateDecisionsJson(ChangeRecord c) {
    List<Map<String, Object>> gate = new ArrayList<>();
    for (ChangeRecord.GateDecision g : c.gateDecisions()) {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("time", time(g.time()));
      node.put("askedBy", g.askedBy());
      node.put("forge", g.forge());
      node.put("run", g.run());
      node.put("environment", g.environment());
      node.put("commit", g.commit());
      node.put("decision", g.approved() ? "approved" : "rejected");
      node.put("reason", g.reason());
      node.put("ledgerIndex", g.index());
      node.put("callback", g.callback().map(ChangeReport::callbackJson).orElse(null));
      gate.add(node);
    }
    return gate;
  }
}
