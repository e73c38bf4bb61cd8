package io.changetrail.app.attest;

import io.changetrail.app.keys.KeyFiles;
import io.changetrail.app.lifecycle.AuditChanges;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.attest.Dsse;
import io.changetrail.domain.attest.Statement;
import io.changetrail.domain.ledger.CanonicalJson;
import io.changetrail.domain.ledger.LedgerEntry;
import io.changetrail.domain.ledger.SigningKey;
import io.changetrail.domain.lifecycle.AuditRecord;
import io.changetrail.domain.lifecycle.ChangeRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A change's ledger evidence as in-toto attestations in DSSE envelopes signed with the ledger key:
 * the change record (ChangeTrail's own predicate), the gate decision as a Simple Verification
 * Result whose properties are only the checks the audit record proves, and one deployment
 * authorisation per environment the change is approved for. Each is about the change's tip (its git
 * tree and commit) and any artifact the caller names.
 */
public final class AttestChange {
  /** ChangeTrail's predicate: the change record as the ledger proves it (docs/attestations.md). */
  public static final String CHANGE_PREDICATE = "https://changetrail.dev/attestation/change/v1";

  public static final String SVR_PREDICATE = "https://in-toto.io/attestation/svr/v0.1";
  public static final String DEPLOYMENT_PREDICATE = "https://in-toto.io/attestation/deployment/v1";

  /** The verifier identity written into SVRs; versioned with what it verifies. */
  public static final String VERIFIER_ID = "https://changetrail.dev/verifier/v1";

  /** The scope type of a deployment authorisation: the ChangeTrail environment name. */
  public static final String ENVIRONMENT_SCOPE = "changetrail.dev/environment/v1";

  private static final Pattern NAMED_DIGEST = Pattern.compile("([^=]+)=sha256:([0-9a-f]{64})");

  private final Lifecycle lifecycle;

  public AttestChange(Lifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  /**
   * @param files artifacts to name as subjects by their SHA-256
   * @param digests artifacts named {@code NAME=sha256:HEX} (a container image, a file elsewhere)
   * @param keyFile the ledger's private key (default: $CHANGETRAIL_HOME/keys/ledger.key)
   */
  public record Request(
      String changeId, List<Path> files, List<String> digests, Optional<Path> keyFile) {}

  /** One signed attestation, with a line saying what it states. */
  public record Attestation(String predicateType, String summary, Dsse.Envelope envelope) {}

  /**
   * @param notProven the audit record's checks that did not pass, which no attestation claims
   */
  public record Outcome(
      ChangeRecord change,
      List<Attestation> attestations,
      List<String> notProven,
      String keyId,
      String publicKeyPem) {}

  public Outcome attest(Request request) {
    SigningKey key = KeyFiles.loadSigningKey(request.keyFile());
    ChangeRecord change = lifecycle.ledger().change(request.changeId());
    List<Statement.Subject> subjects = subjects(change, request);
    AuditRecord record = new AuditChanges(lifecycle).record(change.id());
    Instant now = lifecycle.ledger().now();
    String origin = lifecycle.ledger().store().origin();
    Map<String, Object> policy = policy();
    List<LedgerEntry> entries = lifecycle.ledger().byChange().getOrDefault(change.id(), List.of());

    List<String> proven = new ArrayList<>();
    List<String> notProven = new ArrayList<>();
    List<Map<String, Object>> unproven = new ArrayList<>();
    for (AuditRecord.Check check : record.checklist()) {
      if (check.result().equals("PASS")) {
        proven.add(property(check.item()));
      } else if (!check.result().equals("N/A")) {
        notProven.add(check.item() + ": " + check.result() + " (" + check.evidence() + ")");
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("item", check.item());
        node.put("result", check.result());
        node.put("evidence", check.evidence());
        unproven.add(node);
      }
    }
    List<String> environments = approvedEnvironments(change);
    for (String environment : environments) {
      proven.add(
          "CHANGETRAIL_APPROVED_FOR_"
              + (environment.isEmpty() ? "ANY_ENVIRONMENT" : slug(environment)));
    }

    String keyId = key.verifier().keyIdHex();
    List<Attestation> attestations = new ArrayList<>();
    attestations.add(
        sign(
            key,
            new Statement(
                subjects, CHANGE_PREDICATE, changePredicate(change, record, entries, origin)),
            "change record " + change.id() + " (" + entries.size() + " ledger entries)"));

    Map<String, Object> verifier = new LinkedHashMap<>();
    verifier.put("id", VERIFIER_ID);
    if (!policy.isEmpty()) {
      verifier.put("policy", policy);
    }
    Map<String, Object> svr = new LinkedHashMap<>();
    svr.put("verifier", verifier);
    svr.put("timeCreated", time(now));
    svr.put("properties", proven);
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("change", change.id());
    context.put("ledger", origin);
    context.put("notVerified", unproven);
    svr.put("changetrail", context);
    attestations.add(
        sign(
            key,
            new Statement(subjects, SVR_PREDICATE, svr),
            "verification result: "
                + proven.size()
                + " propert"
                + (proven.size() == 1 ? "y" : "ies")
                + " proven"
                + (notProven.isEmpty() ? "" : ", " + notProven.size() + " not")));

    for (String environment : environments) {
      Map<String, Object> deployment = new LinkedHashMap<>();
      deployment.put("creationTime", time(now));
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("evidence", evidence(change, entries, origin));
      if (!policy.isEmpty()) {
        details.put("policy", List.of(policy));
      }
      deployment.put("decisionDetails", details);
      deployment.put(
          "scopes", environment.isEmpty() ? Map.of() : Map.of(ENVIRONMENT_SCOPE, environment));
      attestations.add(
          sign(
              key,
              new Statement(subjects, DEPLOYMENT_PREDICATE, deployment),
              "deployment authorisation: "
                  + (environment.isEmpty() ? "any environment" : environment)));
    }
    return new Outcome(change, attestations, notProven, keyId, key.verifier().pem());
  }

  /** One envelope per line (JSON Lines, as {@code .intoto.jsonl} files are). */
  public static String jsonLines(List<Attestation> attestations) {
    StringBuilder out = new StringBuilder();
    for (Attestation attestation : attestations) {
      out.append(CanonicalJson.text(envelopeJson(attestation.envelope()))).append('\n');
    }
    return out.toString();
  }

  /** The DSSE JSON envelope: payloadType, base64 payload, signatures with keyid and base64 sig. */
  public static Map<String, Object> envelopeJson(Dsse.Envelope envelope) {
    List<Object> signatures = new ArrayList<>();
    for (Dsse.Signature signature : envelope.signatures()) {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("keyid", signature.keyId());
      node.put("sig", Base64.getEncoder().encodeToString(signature.sig()));
      signatures.add(node);
    }
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("payloadType", envelope.payloadType());
    node.put("payload", Base64.getEncoder().encodeToString(envelope.payload()));
    node.put("signatures", signatures);
    return node;
  }

  private static Attestation sign(SigningKey key, Statement statement, String summary) {
    byte[] payload = statement.bytes();
    byte[] sig = key.signDsse(Dsse.pae(Dsse.IN_TOTO_PAYLOAD_TYPE, payload));
    return new Attestation(
        statement.predicateType(),
        summary,
        new Dsse.Envelope(
            Dsse.IN_TOTO_PAYLOAD_TYPE,
            payload,
            List.of(new Dsse.Signature(key.verifier().keyIdHex(), sig))));
  }

  private List<Statement.Subject> subjects(ChangeRecord change, Request request) {
    List<Statement.Subject> subjects = new ArrayList<>();
    String tip = change.tip();
    if (tip != null && !tip.isBlank()) {
      String tree =
          lifecycle
              .workspace()
              .git()
              .treeOf(tip)
              .orElseThrow(
                  () ->
                      new ChangeTrailException(
                          Problem.UNKNOWN_REVISION,
                          "the change's tip " + tip + " is not in this clone",
                          "fetch it (git fetch) and attest again"));
      subjects.add(new Statement.Subject("git-tree", Map.of("gitTree", tree)));
      subjects.add(new Statement.Subject("git-commit", Map.of("gitCommit", tip)));
    }
    for (Path file : request.files()) {
      subjects.add(
          new Statement.Subject(file.getFileName().toString(), Map.of("sha256", sha256(file))));
    }
    for (String named : request.digests()) {
      java.util.regex.Matcher match = NAMED_DIGEST.matcher(named);
      if (!match.matches()) {
        throw new ChangeTrailException(
            Problem.INVALID_INPUT,
            "--subject-digest '" + named + "' is not NAME=sha256:HEX",
            "give the artifact's name and its SHA-256 as 64 lowercase hex digits, e.g."
                + " registry.example/app=sha256:3a24...");
      }
      subjects.add(new Statement.Subject(match.group(1), Map.of("sha256", match.group(2))));
    }
    // the artifacts its deployments recorded (deploy run/start --artifact), once each
    for (ChangeRecord.DeploymentRun run : change.deployments()) {
      for (io.changetrail.domain.deploy.Artifact artifact : run.artifacts()) {
        Statement.Subject subject =
            new Statement.Subject(artifact.name(), Map.of("sha256", artifact.hex()));
        if (!subjects.contains(subject)) {
          subjects.add(subject);
        }
      }
    }
    return subjects;
  }

  /** The environments the change's current approvals cover ("" when they name none). */
  private static List<String> approvedEnvironments(ChangeRecord change) {
    Set<String> named = new LinkedHashSet<>();
    boolean unrestricted = false;
    for (ChangeRecord.Decision approval : change.approvals()) {
      if (!approval.current()) {
        continue;
      }
      if (approval.environments().isEmpty()) {
        unrestricted = true;
      }
      named.addAll(approval.environments());
    }
    for (ChangeRecord.DeploymentRun run : change.deployments()) {
      named.add(run.environment());
    }
    List<String> approved = new ArrayList<>();
    for (String environment : named) {
      if (change.approvedFor(environment)) {
        approved.add(environment);
      }
    }
    if (approved.isEmpty() && unrestricted && change.approvedFor("")) {
      approved.add("");
    }
    return approved;
  }

  private Map<String, Object> changePredicate(
      ChangeRecord change, AuditRecord record, List<LedgerEntry> entries, String origin) {
    Map<String, Object> predicate = new LinkedHashMap<>();
    predicate.put("id", change.id());
    predicate.put("title", change.title());
    predicate.put("type", change.type());
    predicate.put("class", change.changeClass().name());
    predicate.put("status", change.status().name());
    predicate.put("risk", String.valueOf(change.risk()));
    predicate.put("rollback", String.valueOf(change.rollback()));
    predicate.put("base", change.base());
    predicate.put("tip", change.tip());
    predicate.put("commits", change.commits());
    predicate.put("contentHash", change.contentHash());
    predicate.put("implementer", change.implementer().display());
    predicate.put("requiredApprovals", change.requiredApprovals());
    List<Object> approvals = new ArrayList<>();
    for (ChangeRecord.Decision decision : change.approvals()) {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("by", decision.by().display());
      node.put("identity", decision.identity());
      node.put("time", time(decision.time()));
      node.put("environments", decision.environments());
      node.put("current", decision.current());
      node.put("ledgerIndex", decision.index());
      approvals.add(node);
    }
    predicate.put("approvals", approvals);
    List<Object> deployments = new ArrayList<>();
    for (ChangeRecord.DeploymentRun run : change.deployments()) {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("id", run.id());
      node.put("environment", run.environment());
      node.put("commit", run.commit() == null ? "" : run.commit());
      node.put("status", run.status());
      node.put("emergency", run.emergency());
      node.put("started", run.started() == null ? "" : time(run.started()));
      node.put("finished", run.finished() == null ? "" : time(run.finished()));
      node.put(
          "artifacts",
          run.artifacts().stream().map(io.changetrail.domain.deploy.Artifact::json).toList());
      deployments.add(node);
    }
    predicate.put("deployments", deployments);
    List<Object> checklist = new ArrayList<>();
    for (AuditRecord.Check check : record.checklist()) {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("item", check.item());
      node.put("result", check.result());
      node.put("evidence", check.evidence());
      checklist.add(node);
    }
    predicate.put("checklist", checklist);
    Map<String, Object> ledger = new LinkedHashMap<>();
    ledger.put("origin", origin);
    ledger.put("entries", evidence(change, entries, origin));
    predicate.put("ledger", ledger);
    return predicate;
  }

  /** Each ledger entry of the change as a resource descriptor: where it is and its digest. */
  private static List<Object> evidence(
      ChangeRecord change, List<LedgerEntry> entries, String origin) {
    List<Object> evidence = new ArrayList<>();
    for (LedgerEntry entry : entries) {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("name", entry.fact().kind());
      node.put("uri", "changetrail-ledger://" + origin + "/entries/" + entry.index());
      node.put(
          "digest", Map.of("sha256", HexFormat.of().formatHex(sha256(entry.canonicalBytes()))));
      evidence.add(node);
    }
    return evidence;
  }

  /** changetrail.yml as a resource descriptor (uri and SHA-256), or nothing without one. */
  private Map<String, Object> policy() {
    Path file = lifecycle.workspace().git().root().resolve("changetrail.yml");
    if (!Files.isRegularFile(file)) {
      return Map.of();
    }
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("uri", "changetrail.yml");
    node.put("digest", Map.of("sha256", sha256(file)));
    return node;
  }

  static String property(String item) {
    return "CHANGETRAIL_" + slug(item);
  }

  private static String slug(String text) {
    return text.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_").replaceAll("^_|_$", "");
  }

  private static String time(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant);
  }

  private static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO,
          "cannot read the artifact " + file + ": " + e.getMessage(),
          "give a readable file with --subject, or its digest with --subject-digest");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
