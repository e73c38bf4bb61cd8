package io.changetrail.domain.event;

import io.changetrail.domain.ledger.Fact;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every kind of ledger entry ChangeTrail writes, as one sealed family of records: the one place
 * where an entry's fields are named. Pure (no I/O).
 *
 * <p>Each record has a codec: {@link #data()} is the entry's data exactly as this version writes it
 * (the stored canonical bytes are those of today: see {@code GoldenReplayTest}), and {@link
 * #of(Fact)} reads it back leniently, as the projection always read the maps (a missing text is
 * empty), so entries of older versions read as before. Keys that are not typed fields of a record
 * (the decider's {@code identity} and {@code signature}, the process identity of a deployment, keys
 * of later versions) are kept in {@code more} and written back unchanged. The stored bytes of an
 * entry are never rewritten from a decoded event: the ledger keeps and hashes what was appended.
 *
 * <p>A new event: add a record here (its {@code KIND}, fields, {@code data()} and a case in {@link
 * #decode}), write it with {@code new Fact(actor, event.kind(), change, event.data())} (or {@code
 * Lifecycle.fact(event, change)} for a person's decision), and read it in {@code ChangeRecord} or
 * the use case that needs it.
 */
public sealed interface LedgerEvent {
  /** The entry kind, e.g. {@code change.approved}. */
  String kind();

  /** The entry's data as this version writes it. */
  Map<String, Object> data();

  /** This event as a fact of {@code actor} about {@code change} (empty when none). */
  default Fact fact(String actor, String change) {
    return new Fact(actor, kind(), change, data());
  }

  /** The event an entry's fact records ({@link Other} for a kind this version does not write). */
  static LedgerEvent of(Fact fact) {
    return decode(fact.kind(), fact.data());
  }

  /** The event of {@code kind} with {@code data}. */
  static LedgerEvent decode(String kind, Map<String, Object> data) {
    return switch (kind) {
      case Registered.KIND -> Registered.from(data);
      case Assessed.KIND -> Assessed.from(data);
      case Approved.KIND -> Approved.from(data);
      case Rejected.KIND -> Rejected.from(data);
      case Verified.KIND -> Verified.from(data);
      case SignedOff.KIND -> SignedOff.from(data);
      case Closed.KIND -> Closed.from(data);
      case DeploymentStarted.KIND -> DeploymentStarted.from(data);
      case DeploymentStep.KIND -> DeploymentStep.from(data);
      case DeploymentIssue.KIND -> DeploymentIssue.from(data);
      case DeploymentFinished.KIND -> DeploymentFinished.from(data);
      case RolledBack.KIND -> RolledBack.from(data);
      case GateDecided.KIND -> GateDecided.from(data);
      case GateAnswered.KIND -> GateAnswered.from(data);
      case RunningSnapshot.KIND -> RunningSnapshot.from(data);
      case UserAdded.KIND -> UserAdded.from(data);
      case UserUpdated.KIND -> UserUpdated.from(data);
      case UserRoles.KIND -> UserRoles.from(data);
      case UserDisabled.KIND -> UserDisabled.from(data);
      case UserEnabled.KIND -> UserEnabled.from(data);
      case TokenIssued.KIND -> TokenIssued.from(data);
      case TokenRevoked.KIND -> TokenRevoked.from(data);
      default -> new Other(kind, data == null ? Map.of() : data);
    };
  }

  /** The other keys of an event's data (see the interface comment). */
  Map<String, Object> more();

  // ------------------------------------------------------------------ the change's content

  /**
   * What a change is made of, as registration and each assessment record it: its range, commits,
   * authors, content hash and patch identity.
   */
  record Content(
      String base,
      String tip,
      List<String> commits,
      List<String> authors,
      String contentHash,
      String patchId) {
    public Content {
      commits = List.copyOf(commits);
      authors = List.copyOf(authors);
    }

    static final String[] KEYS = {"base", "tip", "commits", "authors", "contentHash", "patchId"};

    /** The content of an entry, when it records one (it names a content hash). */
    static Optional<Content> in(Map<String, Object> data) {
      if (data == null || !data.containsKey("contentHash")) {
        return Optional.empty();
      }
      Fields f = Fields.of(data);
      return Optional.of(
          new Content(
              f.text("base"),
              f.text("tip"),
              f.texts("commits"),
              f.texts("authors"),
              f.text("contentHash"),
              f.text("patchId")));
    }

    void write(Fields.Writer out) {
      out.put("base", base)
          .put("tip", tip)
          .put("commits", commits)
          .put("authors", authors)
          .put("contentHash", contentHash)
          .put("patchId", patchId);
    }
  }

  private static String[] keys(String[] first, String... more) {
    String[] all = new String[first.length + more.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }

  // ------------------------------------------------------------------ the change lifecycle

  /** A change registered: {title, class, implementer, reason, branch, supersedes?, content}. */
  record Registered(
      String title,
      String changeClass,
      String implementer,
      String reason,
      String branch,
      Optional<String> supersedes,
      Optional<Content> content,
      Map<String, Object> more)
      implements LedgerEvent {
    public static final String KIND = "change.registered";
    private static final String[] KEYS =
        keys(Content.KEYS, "title", "class", "implementer", "reason", "branch", "supersedes");

    static Registered from(Map<String, Object> data) {
      Fields f = Fields.of(data, KEYS);
      return new Registered(
          f.text("title"),
          f.text("class", "NORMAL"),
          f.text("implementer"),
          f.text("reason"),
          f.text("branch"),
          f.optionalText("supersedes"),
          Content.in(data),
          f.more());
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public Map<String, Object> data() {
      Fields.Writer out =
          new Fields.Writer(more)
              .put("title", title)
              .put("class", changeClass)
              .put("implementer", implementer)
              .put("reason", reason)
              .put("branch", branch)
              .put("supersedes", supersedes);
      content.ifPresent(c -> c.write(out));
      return out.data();
    }
  }

  /**
   * A change assessed (at registration and at each update): {assessment (changetrail.assessment/v1
   * without its description), content, sameContentAs? (the content hash of rewritten commits of the
   * same diff)}.
   */
  record Assessed(
      Map<String, Object> assessment,
      Optional<Content> content,
      Optional<String> sameContentAs,
      Map<String, Object> more)
      implements LedgerEvent {
    public static final String KIND = "change.assessed";
    private static final String[] KEYS = keys(Content.KEYS, "assessment", "sameContentAs");

    static Assessed from(Map<String, Object> data) {
      Fields f = Fields.of(data, KEYS);
      return new Assessed(
          f.map("assessment"), Content.in(data), f.optionalText("sameContentAs"), f.more());
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public Map<String, Object> data() {
      Fields.Writer out = new Fields.Writer(more);
      content.ifPresent(c -> c.write(out));
      return out.put("assessment", assessment).put("sameContentAs", sameContentAs).data();
    }
  }

  /** An approval or a rejection of a content: {comment, contentHash, environments[]}. */
  sealed interface Decision extends LedgerEvent {
    String comment();

    String contentHash();

    List<String> environments();
  }

  /** {comment, contentHash, environments[]}: empty environments approve for every one. */
  record Approved(
      String comment, String contentHash, List<String> environments, Map<String, Object> more)
      implements Decision {
    public static final String KIND = "change.approved";

    static Approved from(Map<String, Object> data) {
      Fields f = Fields.of(data, "comment", "contentHash", "environments");
      return new Approved(
          f.text("comment"), f.text("contentHash"), f.texts("environments"), f.more());
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public Map<String, Object> data() {
      return decision(more, comment, contentHash, environments);
    }
  }

  /** {comment, contentHash, environments[] (always empty)}. */
  record Rejected(
      String comment, String contentHash, List<String> environments, Map<String, Object> more)
      implements Decision {
    public static final String KIND = "change.rejected";

    static Rejected from(Map<String, Object> data) {
      Fields f = Fields.of(data, "comment", "contentHash", "environments");
      return new Rejected(
          f.text("comment"), f.text("contentHash"), f.texts("environments"), f.more());
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public Map<String, Object> data() {
      return decision(more, comment, contentHash, environments);
    }
  }

  private static Map<String, Object> decision(
      Map<String, Object> more, String comment, String contentHash, List<String> environments) {
    return new Fields.Writer(more)
        .put("comment", comment)
        .put("contentHash", contentHash)
        .put("environments", environments)
        .data();
  }

  /**
   * A verification: {result PASSED|FAILED, technicalChecks, checksFrom, notes?, claimed[],
   * postHoc?{file, digest, counted}, checks[{name, kind, command, executed, status, exitCode?,
   * durationMs, digest} or {name, kind, executed false, status, detail}]}.
   */
  record Verified(
      String result,
      long technicalChecks,
      String checksFrom,
      Optional<List<String>> notes,
      List<String> claimed,
      Optional<Map<String, Object>> postHoc,
      List<Map<String, Object>> checks,
      Map<String, Object> more)
      implements LedgerEvent {
    public static final String KIND = "change.verified";

    static Verified from(Map<String, Object> data) {
      Fields f =
          Fields.of(
              data,
              "result",
              "technicalChecks",
              "checksFrom",
              "notes",
              "claimed",
              "postHoc",
              "checks");
      return new Verified(
          f.text("result", "FAILED"),
          f.number("technicalChecks"),
          f.text("checksFrom"),
          f.optionalTexts("notes"),
          f.texts("claimed"),
          f.optionalMap("postHoc"),
          f.maps("checks"),
          f.more());
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public Map<String, Object> data() {
      return new Fields.Writer(more)
          .put("result", result)
          .put("technicalChecks", technicalChecks)
          .put("checksFrom", checksFrom)
          .put("notes", notes)
          .put("claimed", claimed)
          .put("postHoc", postHoc)
          .put("checks", checks)
          .data();
    }
  }

  /** A sign-off: {comment}. */
  record SignedOff(String comment, Map<String, Object> more) implements LedgerEvent {
    public static final String KIND = "change.signed-off";

    static SignedOff from(Map<String, Object> data) {
      Fields f = Fields.of(data, "comment");
      return new SignedOff(f.text("comment"), f.more());
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public Map<String, Object> data() {
      return new Fields.Writer(more).put("comment", comment).data();
    }
  }

  /** A change closed: {comment}. */
  record Closed(String comment, Map<String, Object> more) implements LedgerEvent {
    public static final String KIND = "change.closed";

    static Closed from(Map<String, Object> data) {
      Fields f = Fields.of(data, "comment");
      return new Closed(f.text("comment"), f.more());
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public Map<String, Object> data() {
      return new Fields.Writer(more).put("comment", comment).data();
    }
  }

  // ------------------------------------------------------------------ deployments

  /** An event of one deployment of a change. */
  sealed interface OfDeployment extends LedgerEvent {
    String deployment();
  }

  /**
   * A deployment started: {deployment, environment, runbook, commit, emergency, reason,
   * artifacts[{name, digest}]? (when any was named), manual?}; a runbook run adds its process
   * identity ({host, pid, processStart}) in {@code more}.
   */
  record DeploymentStarted(
      String deployment,
      String environment,
      String runbook,
      String commit,
      boolean emergency,
      String reason,
      List<Map<String, Object>> artifacts,
      boolean manual,
      Map<String, Object> more)
      implements OfDeployment {
    public static final String KIND = "deployment.started";

    static DeploymentStarted from(Map<String, Object> data) {
      Fields f =
          Fields.of(
              data,
              "deployment",
              "environment",
              "runbook",
              "commit",
              "emergency",
              "reason",
              "artifacts",
              "manual");
      return new DeploymentStarted(
          f.text("deployment"),
          f.text("environment"),
          f.text("runbook"),
          f.text("commit"),
          f.flag("emergency"),
          f.text("reason"),
          f.maps("artifacts"),
          f.flag("manual"),
          f.more());
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public Map<String, Object> data() {
      Fields.Writer out =
          new Fields.Writer(more)
              .put("deployment", deployment)
              .put("environment", environment)
              .put("runbook", runbook)
              .put("commit", commit)
              .put("emergency", emergency)
              .put("reason", reason);
      if (!artifacts.isEmpty()) {
        out.put("artifacts", artifacts);
      }
      if (manual) {
        out.put("manual", true);
      }
      return out.data();
    }
  }

  /**
   * A step or check of a deployment: {deployment, phase, number, name, command, status, exitCode?
   * (absent when none was recorded), started, durationMs, digest? (absent when no output was
   * captured), outputTail, metrics[{name, value, unit}], notes}.
   */
  record DeploymentStep(
      String deployment,
      String phase,
      long number,
      String name,
      String command,
      String status,
      Optional<Long> exitCode,
      String started,
      long durationMs,
      Optional<String> digest,
      String outputTail,
      List<Map<String, Object>> metrics,
      String notes,
      Map<String, Object> more)
      implements OfDeployment {
    public static final String KIND = "deployment.step";

    static DeploymentStep from(Map<String, Object> data) {
      Fields f =
          Fields.of(
              data,
              "deployment",
              "phase",
              "number",
              "name",
              "command",
              "status",
              "exitCode",
              "started",
              "durationMs",
              "digest",
              "outputTail",
              "metrics",
              "notes");
      return new DeploymentStep(
          f.text("deployment"),
          f.text("phase"),
          f.number("number"),
          f.text("name"),
          f.text("command"),
          f.text("status"),
          f.optionalNumber("exitCode"),
          f.text("started"),
          f.number("durationMs"),
          f.optionalText("digest"),
          f.text("outputTail"),
          f.maps("metrics"),
          f.text("notes"),
          f.more());
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public Map<String, Object> data() {
      return new Fields.Writer(more)
          .put("deployment", deployment)
          .put("phase", phase)
          .put("number", number)
          .put("name", name)
          .put("command", command)
          .put("status", status)
          .put("exitCode", exitCode)
          .put("started", started)
          .put("durationMs", durationMs)
          .put("digest", digest)
          .put("outputTail", outputTail)
          .put("metrics", metrics)
          .put("notes", notes)
          .data();
    }
  }

  /**
   * An issue met during a deployment: {deployment, time, description, resolution, severity?,
   * resolutionTimeMs?}.
   */
  record DeploymentIssue(
      String deployment,
      String time,
      String description,
      String resolution,
      Optional<String> severity,
      Optional<Long> resolutionTimeMs,
      Map<String, Object> more)
      implements OfDeployment {
    public static final String KIND = "deployment.issue";

    static DeploymentIssue from(Map<String, Object> data) {
      Fields f =
          Fields.of(
              data,
              "deployment",
              "time",
              "description",
              "resolution",
              "severity",
              "resolutionTimeMs");
      return new DeploymentIssue(
          f.text("deployment"),
          f.text("time"),
          f.text("description"),
          f.text("resolution"),
          f.optionalText("severity"),
          f.optionalNumber("resolutionTimeMs"),
          f.more());
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public Map<String, Object> data() {
      return new Fields.Writer(more)
          .put("deployment", deployment)
          .put("time", time)
          .put("description", description)
          .put("resolution", resolution)
          .put("severity", severity)
          .put("resolutionTimeMs", resolutionTimeMs)
          .data();
    }
  }

  /** How a deployment ended: {deployment, status SUCCEEDED|FAILED}. */
  record DeploymentFinished(String deployment, String status, Map<String, Object> more)
      implements OfDeployment {
    public static final String KIND = "deployment.finished";

    static DeploymentFinished from(Map<String, Object> data) {
      Fields f = Fields.of(data, "deployment", "status");
      return new DeploymentFinished(f.text("deployment"), f.text("status"), f.more());
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public Map<String, Object> data() {
      return new Fields.Writer(more).put("deployment", deployment).put("status", status).data();
    }
  }

  /** A deployment's rollback: {deployment, status ROLLED_BACK|ROLLBACK_FAILED}. */
  record RolledBack(String deployment, String status, Map<String, Object> more)
      implements OfDeployment {
    public static final String KIND = "deployment.rolled-back";

    static RolledBack from(Map<String, Object> data) {
      Fields f = Fields.of(data, "deployment", "status");
      return new RolledBack(f.text("deployment"), f.text("status"), f.more());
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public Map<String, Object> data() {
      return new Fields.Writer(more).put("deployment", deployment).put("status", status).data();
    }
  }

  /**
   * The deployment gate's answer to a forge's deployment protection or a pipeline's gate question
   * (the change is the one the answer rests on, empty when none): {environment, commit, decision
   * approved|rejected, reason, forge github|gitlab|api, run, askedBy}.
   */
  record GateDecided(
      String environment,
      String commit,
      boolean approved,
      String reason,
      String forge,
      String run,
      String askedBy,
      Map<String, Object> more)
      implements LedgerEvent {
    public static final String KIND = "deployment.gate-decided";

    static GateDecided from(Map<String, Object> data) {
      Fields f =
          Fields.of(data, "environment", "commit", "decision", "reason", "forge", "run", "askedBy");
      return new GateDecided(
          f.text("environment"),
          f.text("commit"),
          "approved".equals(f.text("decision")),
          f.text("reason"),
          f.text("forge"),
          f.text("run"),
          f.text("askedBy"),
          f.more());
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public Map<String, Object> data() {
      return new Fields.Writer(more)
          .put("environment", environment)
          .put("commit", commit)
          .put("decision", approved ? "approved" : "rejected")
          .put("reason", reason)
          .put("forge", forge)
          .put("run", run)
          .put("askedBy", askedBy)
          .data();
    }
  }

  /**
   * How the forge took a gate decision sent to it (a GitHub deployment protection review, a GitLab
   * status check or deployment approval): {decisionEntry (the index of the {@link GateDecided}
   * entry), forge, callback (the API URL it was sent to), status (the forge's HTTP status, 0 when
   * none came), delivered, detail (what the forge or the network said, one line)}. Never a token.
   */
  record GateAnswered(
      long decisionEntry,
      String forge,
      String callback,
      long status,
      boolean delivered,
      String detail,
      Map<String, Object> more)
      implements LedgerEvent {
    public static final String KIND = "deployment.gate-answered";

    static GateAnswered from(Map<String, Object> data) {
      Fields f =
          Fields.of(data, "decisionEntry", "forge", "callback", "status", "delivered", "detail");
      return new GateAnswered(
          f.number("decisionEntry"),
          f.text("forge"),
          f.text("callback"),
          f.number("status"),
          f.flag("delivered"),
          f.text("detail"),
          f.more());
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public Map<String, Object> data() {
      return new Fields.Writer(more)
          .put("decisionEntry", decisionEntry)
          .put("forge", forge)
          .put("callback", callback)
          .put("status", status)
          .put("delivered", delivered)
          .put("detail", detail)
          .data();
    }
  }

  /**
   * What runs in an environment (change id empty): {environment, systems{name: revision}, command}.
   */
  record RunningSnapshot(
      String environment, Map<String, String> systems, String command, Map<String, Object> more)
      implements LedgerEvent {
    public static final String KIND = "running.snapshot";

    public RunningSnapshot {
      systems = java.util.Collections.unmodifiableMap(new TreeMap<>(systems));
    }

    static RunningSnapshot from(Map<String, Object> data) {
      Fields f = Fields.of(data, "environment", "systems", "command");
      Map<String, String> systems = new TreeMap<>();
      f.map("systems").forEach((k, v) -> systems.put(k, String.valueOf(v)));
      return new RunningSnapshot(f.text("environment"), systems, f.text("command"), f.more());
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public Map<String, Object> data() {
      return new Fields.Writer(more)
          .put("environment", environment)
          .put("systems", systems)
          .put("command", command)
          .data();
    }
  }

  // ------------------------------------------------------------------ users and tokens

  /** A user added: {user, displayName, email, emails[]? (their other emails), roles[]}. */
  record UserAdded(
      String user,
      String displayName,
      String email,
      Optional<List<String>> emails,
      List<String> roles,
      Map<String, Object> more)
      implements LedgerEvent {
    public static final String KIND = "user.added";

    static UserAdded from(Map<String, Object> data) {
      Fields f = Fields.of(data, "user", "displayName", "email", "emails", "roles");
      return new UserAdded(
          f.text("user"),
          f.text("displayName"),
          f.text("email"),
          f.optionalTexts("emails"),
          f.texts("roles"),
          f.more());
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public Map<String, Object> data() {
      return new Fields.Writer(more)
          .put("user", user)
          .put("displayName", displayName)
          .put("email", email)
          .put("emails", emails)
          .put("roles", roles)
          .data();
    }
  }

  /**
   * Who a user is, changed: {user, displayName, email, emails[], previous{displayName, email,
   * emails[]}}.
   */
  record UserUpdated(
      String user,
      String displayName,
      String email,
      List<String> emails,
      Map<String, Object> previous,
      Map<String, Object> more)
      implements LedgerEvent {
    public static final String KIND = "user.updated";

    static UserUpdated from(Map<String, Object> data) {
      Fields f = Fields.of(data, "user", "displayName", "email", "emails", "previous");
      return new UserUpdated(
          f.text("user"),
          f.text("displayName"),
          f.text("email"),
          f.texts("emails"),
          f.map("previous"),
          f.more());
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public Map<String, Object> data() {
      return new Fields.Writer(more)
          .put("user", user)
          .put("displayName", displayName)
          .put("email", email)
          .put("emails", emails)
          .put("previous", previous)
          .data();
    }
  }

  /** A user's roles replaced: {user, roles[], previous[]}. */
  record UserRoles(String user, List<String> roles, List<String> previous, Map<String, Object> more)
      implements LedgerEvent {
    public static final String KIND = "user.roles";

    static UserRoles from(Map<String, Object> data) {
      Fields f = Fields.of(data, "user", "roles", "previous");
      return new UserRoles(f.text("user"), f.texts("roles"), f.texts("previous"), f.more());
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public Map<String, Object> data() {
      return new Fields.Writer(more)
          .put("user", user)
          .put("roles", roles)
          .put("previous", previous)
          .data();
    }
  }

  /** A user disabled: {user, tokensRevoked[], sessionsEnded}. */
  record UserDisabled(
      String user, List<String> tokensRevoked, long sessionsEnded, Map<String, Object> more)
      implements LedgerEvent {
    public static final String KIND = "user.disabled";

    static UserDisabled from(Map<String, Object> data) {
      Fields f = Fields.of(data, "user", "tokensRevoked", "sessionsEnded");
      return new UserDisabled(
          f.text("user"), f.texts("tokensRevoked"), f.number("sessionsEnded"), f.more());
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public Map<String, Object> data() {
      return new Fields.Writer(more)
          .put("user", user)
          .put("tokensRevoked", tokensRevoked)
          .put("sessionsEnded", sessionsEnded)
          .data();
    }
  }

  /** A user enabled again: {user}. */
  record UserEnabled(String user, Map<String, Object> more) implements LedgerEvent {
    public static final String KIND = "user.enabled";

    static UserEnabled from(Map<String, Object> data) {
      Fields f = Fields.of(data, "user");
      return new UserEnabled(f.text("user"), f.more());
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public Map<String, Object> data() {
      return new Fields.Writer(more).put("user", user).data();
    }
  }

  /** An API token issued (never its secret or hash): {user, token, label, expires?}. */
  record TokenIssued(
      String user, String token, String label, Optional<String> expires, Map<String, Object> more)
      implements LedgerEvent {
    public static final String KIND = "token.issued";

    static TokenIssued from(Map<String, Object> data) {
      Fields f = Fields.of(data, "user", "token", "label", "expires");
      return new TokenIssued(
          f.text("user"), f.text("token"), f.text("label"), f.optionalText("expires"), f.more());
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public Map<String, Object> data() {
      return new Fields.Writer(more)
          .put("user", user)
          .put("token", token)
          .put("label", label)
          .put("expires", expires)
          .data();
    }
  }

  /** An API token revoked: {user, token, label, sessionsEnded}. */
  record TokenRevoked(
      String user, String token, String label, long sessionsEnded, Map<String, Object> more)
      implements LedgerEvent {
    public static final String KIND = "token.revoked";

    static TokenRevoked from(Map<String, Object> data) {
      Fields f = Fields.of(data, "user", "token", "label", "sessionsEnded");
      return new TokenRevoked(
          f.text("user"), f.text("token"), f.text("label"), f.number("sessionsEnded"), f.more());
    }

    @Override
    public String kind() {
      return KIND;
    }

    @Override
    public Map<String, Object> data() {
      return new Fields.Writer(more)
          .put("user", user)
          .put("token", token)
          .put("label", label)
          .put("sessionsEnded", sessionsEnded)
          .data();
    }
  }

  /** An entry of a kind this version does not write (a raw fact, a later version's): its data. */
  record Other(String kind, Map<String, Object> data) implements LedgerEvent {
    @Override
    public Map<String, Object> more() {
      return data;
    }
  }
}
