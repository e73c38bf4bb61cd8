package io.changetrail.domain.lifecycle;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code audit verify} proved about who made each decision of a ledger or a bundle: every
 * signed decision checked against an allowed-signers file, the unsigned ones named as not proven.
 *
 * @param decisions every decision entry, in ledger order
 * @param allowedSigners the files the signatures were checked against and where each came from (the
 *     ssh allowed-signers file: "--allowed-signers", "git's gpg.ssh.allowedSignersFile", ...; the
 *     allowed OpenPGP keys file); empty when there was none, and then no signature was checked
 * @param required whether the policy requires signed decisions (changetrail.yml's {@code
 *     approvals.require_signatures}, or {@code --require-signatures}): then an unsigned or
 *     unchecked command-line decision is a failure, not only unproven
 * @param skipped why the signatures were not looked at (the entries themselves do not verify), or
 *     empty
 */
public record SignatureReport(
    List<Decision> decisions, String allowedSigners, boolean required, String skipped) {

  public SignatureReport {
    decisions = List.copyOf(decisions);
  }

  /** A report of entries that were not looked at: {@code why}. */
  public static SignatureReport skipped(String why, boolean required) {
    return new SignatureReport(List.of(), "", required, why);
  }

  /** What one decision's signature is. */
  public enum Status {
    /** Signed; the signature verifies for the actor by the allowed-signers file. */
    VALID("signature valid"),
    /** Signed, but the signature does not verify over the entry's content. */
    INVALID("signature INVALID"),
    /** Signed by a key the allowed-signers file does not list. */
    KEY_NOT_ALLOWED("key NOT ALLOWED"),
    /** Signed by a key the allowed-signers file lists for someone else. */
    OTHER_PRINCIPAL("key of ANOTHER PERSON"),
    /** Signed, but there was no allowed-signers file to check it with. */
    NOT_CHECKED("signed, NOT CHECKED"),
    /** Made on the command line without a signature: who made it is asserted, not proven. */
    UNSIGNED("unsigned, not proven"),
    /** Made through the team server with a user's API token: the server's word, not signed. */
    SERVER("server-authenticated, unsigned");

    private final String label;

    Status(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** Whether this status fails verification whatever the policy. */
    public boolean failure() {
      return this == INVALID || this == KEY_NOT_ALLOWED || this == OTHER_PRINCIPAL;
    }
  }

  /**
   * One decision entry.
   *
   * @param principal who signed it, by the allowed-signers file (VALID)
   * @param key the signing key's fingerprint, when the signature is well formed
   * @param detail why it has its status, in a sentence
   */
  public record Decision(
      long index,
      String kind,
      String change,
      String actor,
      Status status,
      String principal,
      String key,
      String detail) {}

  /** The verdict of the signatures, in precedence order of what is wrong. */
  public enum Verdict {
    /** A signature does not verify over its entry: the entry is not what was signed. */
    INVALID,
    /** A signature is by a key the allowed-signers file does not list for the actor. */
    KEY_NOT_ALLOWED,
    /** Signed decisions are required and some are unsigned or could not be checked. */
    NOT_PROVEN,
    /** Nothing failed (what is unsigned or unchecked is said, not proven). */
    OK
  }

  public Verdict verdict() {
    if (decisions.stream().anyMatch(d -> d.status() == Status.INVALID)) {
      return Verdict.INVALID;
    }
    if (decisions.stream().anyMatch(d -> d.status().failure())) {
      return Verdict.KEY_NOT_ALLOWED;
    }
    if (required && !requiredMissing().isEmpty()) {
      return Verdict.NOT_PROVEN;
    }
    return Verdict.OK;
  }

  /** The decisions a signature policy finds wanting: unsigned, or signed but not checked. */
  public List<Decision> requiredMissing() {
    return decisions.stream()
        .filter(d -> d.status() == Status.UNSIGNED || d.status() == Status.NOT_CHECKED)
        .toList();
  }

  /** How many decisions have each status. */
  public Map<Status, Integer> counts() {
    Map<Status, Integer> counts = new EnumMap<>(Status.class);
    for (Decision decision : decisions) {
      counts.merge(decision.status(), 1, Integer::sum);
    }
    return counts;
  }

  /** How many decisions each signer ("EMAIL (KEY)") is proven to have signed, in ledger order. */
  public Map<String, Integer> signers() {
    Map<String, Integer> signers = new LinkedHashMap<>();
    for (Decision decision : decisions) {
      if (decision.status() == Status.VALID) {
        String key = decision.key().isEmpty() ? "" : " (" + decision.key() + ")";
        signers.merge(decision.principal() + key, 1, Integer::sum);
      }
    }
    return signers;
  }

  /** The first failing decision, for the one-line error. */
  public Optional<Decision> firstFailure() {
    Verdict verdict = verdict();
    return decisions.stream()
        .filter(
            d ->
                switch (verdict) {
                  case INVALID -> d.status() == Status.INVALID;
                  case KEY_NOT_ALLOWED -> d.status().failure();
                  case NOT_PROVEN ->
                      d.status() == Status.UNSIGNED || d.status() == Status.NOT_CHECKED;
                  case OK -> false;
                })
        .findFirst();
  }

  /** The text {@code audit verify} prints after the ledger's own verdict. */
  public String text() {
    StringBuilder text = new StringBuilder();
    if (!skipped.isEmpty()) {
      text.append("decision signatures: not checked: ").append(skipped).append('\n');
      return text.toString();
    }
    if (decisions.isEmpty()) {
      text.append("decision signatures: no decision (approval, rejection, sign-off, deployment,")
          .append(" verification) in these entries\n");
      return text.toString();
    }
    text.append("decision signatures")
        .append(
            allowedSigners.isEmpty()
                ? " (no allowed-signers file: no signature was checked)"
                : " (checked against " + allowedSigners + ")")
        .append(required ? ", signed decisions required by the policy" : "")
        .append(":\n");
    for (Decision d : decisions) {
      text.append("  entry ")
          .append(d.index())
          .append(' ')
          .append(d.kind())
          .append(d.change().isEmpty() ? "" : " " + d.change())
          .append(" by ")
          .append(d.actor())
          .append(": ")
          .append(d.status().label());
      if (d.status() == Status.VALID) {
        text.append(", signed by ").append(d.principal());
      }
      if (!d.key().isEmpty()) {
        text.append(" (").append(d.key()).append(')');
      }
      if (!d.detail().isEmpty()) {
        text.append(": ").append(d.detail());
      }
      text.append('\n');
    }
    Map<Status, Integer> counts = counts();
    List<String> parts = new ArrayList<>();
    for (Status status : Status.values()) {
      if (counts.containsKey(status)) {
        parts.add(counts.get(status) + " " + status.label());
      }
    }
    text.append("  decisions: ")
        .append(decisions.size())
        .append(" (")
        .append(String.join(", ", parts))
        .append(")\n");
    Map<String, Integer> signers = signers();
    if (!signers.isEmpty()) {
      List<String> by = new ArrayList<>();
      signers.forEach((signer, count) -> by.add(signer + ": " + count));
      text.append("  verified by: ").append(String.join("; ", by)).append('\n');
    }
    int valid = counts.getOrDefault(Status.VALID, 0);
    int unproven =
        counts.getOrDefault(Status.UNSIGNED, 0) + counts.getOrDefault(Status.NOT_CHECKED, 0);
    int server = counts.getOrDefault(Status.SERVER, 0);
    switch (verdict()) {
      case INVALID ->
          text.append(
              "SIGNATURES INVALID: a signed decision is not what its signer signed (altered after"
                  + " it was signed, or signed over other bytes)\n");
      case KEY_NOT_ALLOWED ->
          text.append(
              "SIGNATURES NOT BY ALLOWED SIGNERS: a decision is signed by a key the allowed-signers"
                  + " (or allowed OpenPGP keys) file does not list for its actor\n");
      case NOT_PROVEN ->
          text.append("SIGNATURES NOT PROVEN: ")
              .append(unproven)
              .append(" command-line decision(s) ")
              .append(
                  counts.containsKey(Status.NOT_CHECKED)
                      ? "unsigned or unchecked (give --allowed-signers FILE or"
                          + " --allowed-openpgp-keys FILE)"
                      : "unsigned")
              .append(", and the policy requires signed decisions\n");
      case OK -> {
        if (allowedSigners.isEmpty() && counts.containsKey(Status.NOT_CHECKED)) {
          text.append("SIGNATURES NOT CHECKED: ")
              .append(counts.get(Status.NOT_CHECKED))
              .append(
                  " signed decision(s), no allowed-signers file (give --allowed-signers FILE, or"
                      + " --allowed-openpgp-keys FILE for OpenPGP signatures): who signed them is"
                      + " not proven\n");
        } else {
          text.append("SIGNATURES: ")
              .append(valid)
              .append(" decision(s) proven by their signers' keys");
          int unsigned = counts.getOrDefault(Status.UNSIGNED, 0);
          int unchecked = counts.getOrDefault(Status.NOT_CHECKED, 0);
          if (unsigned > 0) {
            text.append("; ").append(unsigned).append(" unsigned, not proven (self-asserted)");
          }
          if (unchecked > 0) {
            text.append("; ")
                .append(unchecked)
                .append(" signed but NOT CHECKED (no file for their signature format)");
          }
          if (server > 0) {
            text.append("; ")
                .append(server)
                .append(" authenticated by the team server only (its record, not a signature)");
          }
          text.append('\n');
        }
      }
    }
    return text.toString();
  }

  /** The report as a JSON-ready tree. */
  public Map<String, Object> tree() {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("verdict", skipped.isEmpty() ? verdict().name() : "SKIPPED");
    node.put("checked", !allowedSigners.isEmpty() && skipped.isEmpty());
    node.put("allowedSigners", allowedSigners);
    node.put("required", required);
    if (!skipped.isEmpty()) {
      node.put("skipped", skipped);
    }
    Map<String, Object> counts = new LinkedHashMap<>();
    counts().forEach((status, count) -> counts.put(status.name(), count));
    node.put("counts", counts);
    List<Map<String, Object>> signers = new ArrayList<>();
    for (Decision d : decisions) {
      if (d.status() != Status.VALID) {
        continue;
      }
      Map<String, Object> found =
          signers.stream()
              .filter(x -> x.get("principal").equals(d.principal()) && x.get("key").equals(d.key()))
              .findFirst()
              .orElse(null);
      if (found == null) {
        found = new LinkedHashMap<>();
        found.put("principal", d.principal());
        found.put("key", d.key());
        found.put("decisions", new ArrayList<Long>());
        signers.add(found);
      }
      @SuppressWarnings("unchecked")
      List<Long> indices = (List<Long>) found.get("decisions");
      indices.add(d.index());
    }
    node.put("signers", signers);
    List<Map<String, Object>> list = new ArrayList<>();
    for (Decision d : decisions) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("index", d.index());
      item.put("kind", d.kind());
      item.put("change", d.change());
      item.put("actor", d.actor());
      item.put("status", d.status().name());
      if (!d.principal().isEmpty()) {
        item.put("principal", d.principal());
      }
      if (!d.key().isEmpty()) {
        item.put("key", d.key());
      }
      item.put("detail", d.detail());
      list.add(item);
    }
    node.put("decisions", list);
    return node;
  }
}
