package io.changetrail.domain.lifecycle;

import io.changetrail.domain.assess.Level;
import io.changetrail.domain.deploy.DeploymentStatus;
import io.changetrail.domain.event.LedgerEvent;
import io.changetrail.domain.ledger.LedgerEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A change as its ledger entries tell it: registration, assessments, approvals, verifications,
 * sign-offs and deployments, and the status they add up to. Built by {@link #project}; never
 * stored, so it can never disagree with the ledger.
 */
public final class ChangeRecord {
  /** A factor of the assessed risk score, as the assessment recorded it (texts as written). */
  public record RiskFactor(String id, String weight, String description) {}

  /** A kind of testing the assessment asked for. */
  public record TestingRequired(String kind, String description) {}

  /** A system the change touches directly, as its assessment recorded it. */
  public record SystemRef(String name, int tier, boolean direct) {}

  /**
   * An approval or a rejection, with whether it still applies to the change's content.
   *
   * @param identity how the decider's identity was established ({@link #ASSERTED}, {@link
   *     #ASSERTED_USER}, {@link #TOKEN}; empty when a version that did not record it made it)
   */
  public record Decision(
      long index,
      Instant time,
      Person by,
      String comment,
      String contentHash,
      List<String> environments,
      boolean current,
      String identity) {}

  /** Identity source: asserted on the command line (git config or CHANGETRAIL_USER), no users. */
  public static final String ASSERTED = "asserted";

  /** Identity source: asserted on the command line and matched to a ledger user with the role. */
  public static final String ASSERTED_USER = "asserted-user";

  /** Identity source: authenticated by the team server with the user's API token. */
  public static final String TOKEN = "token";

  /** Identity source: signed with a key of the allowed-signers file. */
  public static final String SIGNED = "signed";

  /**
   * One run of verify.
   *
   * @param result PASSED, FAILED or NO_TECHNICAL_CHECKS (nothing technical ran)
   * @param claimed test results typed into the change's documents: claimed, not run
   */
  public record Verification(
      long index,
      Instant time,
      Person by,
      String result,
      List<Check> checks,
      List<String> claimed,
      String identity,
      Map<String, Object> postHoc) {
    /** A change document of the work tree that was not committed (empty when none was). */
    public Optional<String> postHocNote() {
      if (postHoc.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          postHoc.get("file")
              + " ("
              + postHoc.get("digest")
              + ") was not committed when verified at "
              + LedgerEntry.TIME.format(time)
              + " (entry "
              + index
              + "): post-hoc documentation, "
              + (Boolean.TRUE.equals(postHoc.get("counted"))
                  ? "counted because an emergency change may document afterwards"
                  : "not counted"));
    }

    /** Passed: at least one technical check ran and every check passed. */
    public boolean passed() {
      return "PASSED".equals(result);
    }

    public Verification {
      checks = List.copyOf(checks);
      claimed = List.copyOf(claimed);
    }

    /** The checks ChangeTrail ran (not those that read documents). */
    public List<Check> executed() {
      return checks.stream().filter(Check::ran).toList();
    }

    /** How the result reads: PASSED, FAILED, NO TECHNICAL CHECKS. */
    public String label() {
      return result.replace('_', ' ');
    }
  }

  /**
   * One check of a verification, as recorded: a technical check {name, kind, command, executed,
   * status, exitCode?, durationMs, digest} or a documentation check {name, kind, executed false,
   * status, detail}. The optional fields are empty when the entry did not record them; {@code data}
   * is the check as stored, which the change's JSON shows as it is.
   */
  public record Check(
      String name,
      String kind,
      String status,
      Optional<Boolean> executed,
      Optional<Long> exitCode,
      Optional<Long> durationMs,
      Optional<String> digest,
      Optional<String> detail,
      Map<String, Object> data) {
    static Check of(Map<String, Object> data) {
      return new Check(
          text(data, "name"),
          text(data, "kind"),
          text(data, "status"),
          data.get("executed") instanceof Boolean b ? Optional.of(b) : Optional.empty(),
          data.get("exitCode") instanceof Number n ? Optional.of(n.longValue()) : Optional.empty(),
          data.get("durationMs") instanceof Number n
              ? Optional.of(n.longValue())
              : Optional.empty(),
          Optional.ofNullable(data.get("digest")).map(Object::toString),
          Optional.ofNullable(data.get("detail")).map(Object::toString),
          data);
    }

    /** Whether it was run; entries before the "executed" field: when it is not documentation. */
    public boolean ran() {
      return executed.orElse(!"documentation".equals(kind));
    }

    public boolean passed() {
      return "PASSED".equals(status);
    }

    /** The output's digest when one was recorded and is not empty. */
    public Optional<String> output() {
      return digest.filter(d -> !d.isEmpty());
    }
  }

  /**
   * A deployment gate's answer about this change's content, to a forge or a pipeline that asked.
   *
   * @param forge github, gitlab or api (a pipeline's gate command)
   * @param run what the asker names the request by: a workflow run, a merge request, a job URL
   * @param callback how the forge took the answer sent to its API (none for a pipeline's question,
   *     or while no outcome is recorded)
   */
  public record GateDecision(
      long index,
      Instant time,
      String askedBy,
      String forge,
      String run,
      String environment,
      String commit,
      boolean approved,
      String reason,
      Optional<GateCallback> callback) {
    GateDecision with(GateCallback answered) {
      return new GateDecision(
          index,
          time,
          askedBy,
          forge,
          run,
          environment,
          commit,
          approved,
          reason,
          Optional.of(answered));
    }
  }

  /**
   * The forge's answer to a gate decision sent to its API, as entry {@code index} recorded it.
   *
   * @param status the forge's HTTP status, 0 when none came (unreachable, no token)
   */
  public record GateCallback(
      long index, Instant time, String url, long status, boolean delivered, String detail) {}

  /** A sign-off. */
  public record SignOff(long index, Instant time, Person by, String comment, String identity) {}

  /**
   * One deployment: its start, its steps and issues as recorded, and how it ended. Immutable: its
   * lists are copies that nobody changes after the projection hands them out.
   *
   * @param status how it stands: RUNNING until an end is recorded; INTERRUPTED when no end is
   *     recorded and no process runs it; a recorded end that this version does not know counts as
   *     FAILED
   */
  public record DeploymentRun(
      String id,
      String environment,
      String runbook,
      String commit,
      Person deployer,
      Instant started,
      Instant finished,
      DeploymentStatus status,
      boolean emergency,
      String reason,
      Map<String, Object> startData,
      List<LedgerEvent.DeploymentStep> steps,
      List<LedgerEvent.DeploymentIssue> issues,
      List<Long> entries) {
    public DeploymentRun {
      Objects.requireNonNull(status, "status");
      startData = java.util.Collections.unmodifiableMap(startData);
      steps = List.copyOf(steps);
      issues = List.copyOf(issues);
      entries = List.copyOf(entries);
    }

    public boolean finishedRecorded() {
      return finished != null;
    }

    /** The artifacts it recorded when it started, by digest (none when none was named). */
    public List<io.changetrail.domain.deploy.Artifact> artifacts() {
      return io.changetrail.domain.deploy.Artifact.fromData(startData.get("artifacts"));
    }

    DeploymentRun ended(Instant at, DeploymentStatus newStatus) {
      return new DeploymentRun(
          id,
          environment,
          runbook,
          commit,
          deployer,
          started,
          at,
          newStatus,
          emergency,
          reason,
          startData,
          steps,
          issues,
          entries);
    }
  }

  /** A deployment while its entries are folded in (never handed out). */
  private static final class RunSoFar {
    final String id;
    final String environment;
    final String runbook;
    final String commit;
    final Person deployer;
    final Instant started;
    final boolean emergency;
    final String reason;
    final Map<String, Object> startData;
    final List<LedgerEvent.DeploymentStep> steps = new ArrayList<>();
    final List<LedgerEvent.DeploymentIssue> issues = new ArrayList<>();
    final List<Long> entries = new ArrayList<>();
    Instant finished;
    DeploymentStatus status = DeploymentStatus.RUNNING;

    RunSoFar(
        String id,
        String environment,
        String runbook,
        String commit,
        Person deployer,
        Instant started,
        boolean emergency,
        String reason,
        Map<String, Object> startData) {
      this.id = id;
      this.environment = environment;
      this.runbook = runbook;
      this.commit = commit;
      this.deployer = deployer;
      this.started = started;
      this.emergency = emergency;
      this.reason = reason;
      this.startData = startData;
    }

    void ended(Instant at, String recorded) {
      finished = at;
      status = endStatus(recorded);
    }

    DeploymentRun run() {
      return new DeploymentRun(
          id,
          environment,
          runbook,
          commit,
          deployer,
          started,
          finished,
          status,
          emergency,
          reason,
          startData,
          steps,
          issues,
          entries);
    }
  }

  /** A recorded end status: one this version knows, else FAILED (it did not succeed). */
  static DeploymentStatus endStatus(String recorded) {
    for (DeploymentStatus status : DeploymentStatus.values()) {
      if (status.name().equals(recorded)) {
        return status;
      }
    }
    return DeploymentStatus.FAILED;
  }

  private final String id;
  private Identities identities = Identities.none();
  private final Map<Long, String> identitySources = new LinkedHashMap<>();
  private String title = "";
  private ChangeClass changeClass = ChangeClass.NORMAL;
  private Person implementer = new Person("", "");
  private Instant registered;
  private String base = "";
  private String tip = "";
  private List<String> commits = List.of();
  private List<Person> authors = List.of();
  private String contentHash = "";
  private String patchId = "";
  private final java.util.Set<String> sameContent = new java.util.HashSet<>();
  private final List<String> rewrites = new ArrayList<>();
  private Map<String, Object> assessment = Map.of();
  private Level risk = Level.LOW;
  private Level rollback = Level.LOW;
  private String type = "GENERAL";
  private List<SystemRef> systems = List.of();
  private String riskScore = "?";
  private List<RiskFactor> riskFactors = List.of();
  private List<TestingRequired> testing = List.of();
  private List<String> documentation = List.of();
  private List<String> documentationRules = List.of();
  private String emergencyReason = "";
  private String supersedes = "";
  private String branch = "";
  private final List<Decision> approvals = new ArrayList<>();
  private final List<Decision> rejections = new ArrayList<>();
  private final List<Verification> verifications = new ArrayList<>();
  private final List<SignOff> signOffs = new ArrayList<>();
  private final Map<String, RunSoFar> running = new LinkedHashMap<>();
  private List<DeploymentRun> deployments = List.of();
  private final List<GateDecision> gateDecisions = new ArrayList<>();
  private final List<Long> entries = new ArrayList<>();
  private boolean closed;
  private Instant closedAt;
  private ChangeStatus status = ChangeStatus.DRAFT;
  private final List<String> flags = new ArrayList<>();
  private int requiredApprovals;

  private ChangeRecord(String id) {
    this.id = id;
  }

  /**
   * Folds a change's ledger entries (in index order) into its record.
   *
   * @param running tells whether a deployment without a recorded end is still running (its process
   *     alive); one that is not is INTERRUPTED, never succeeded
   * @param now the time emergency deadlines are judged against
   */
  public static ChangeRecord project(
      String id,
      List<LedgerEntry> entries,
      ApprovalPolicy policy,
      Predicate<DeploymentRun> running,
      Instant now) {
    return project(id, entries, policy, running, now, Identities.none());
  }

  /**
   * As {@link #project(String, List, ApprovalPolicy, Predicate, Instant)}, with every person made
   * canonical by {@code identities} (mailmap aliases, ledger users).
   */
  public static ChangeRecord project(
      String id,
      List<LedgerEntry> entries,
      ApprovalPolicy policy,
      Predicate<DeploymentRun> running,
      Instant now,
      Identities identities) {
    ChangeRecord record = new ChangeRecord(id);
    record.identities = identities;
    for (LedgerEntry entry : entries) {
      record.apply(entry);
    }
    record.settle(policy, running, now);
    record.running.clear();
    return record;
  }

  private void apply(LedgerEntry entry) {
    entries.add(entry.index());
    LedgerEvent event = LedgerEvent.of(entry.fact());
    Map<String, Object> data = entry.fact().data();
    Person actor = identities.canonical(Person.parse(entry.fact().actor()));
    String identity = identity(event.more());
    if (DECISIONS.contains(entry.fact().kind())) {
      identitySources.put(entry.index(), identity);
    }
    if (event instanceof LedgerEvent.Registered r) {
      registered = entry.time();
      title = r.title();
      changeClass = ChangeClass.valueOf(r.changeClass());
      implementer =
          identities.canonical(
              Person.parse(
                  data.containsKey("implementer") ? r.implementer() : entry.fact().actor()));
      emergencyReason = r.reason();
      branch = r.branch();
      supersedes = r.supersedes().orElse("");
      r.content().ifPresent(this::content);
    } else if (event instanceof LedgerEvent.Assessed a) {
      a.content().ifPresent(c -> content(c, a.sameContentAs().orElse("")));
      assessment = a.assessment();
      readAssessment();
    } else if (event instanceof LedgerEvent.Approved d) {
      approvals.add(decision(entry, actor, d, identity));
    } else if (event instanceof LedgerEvent.Rejected d) {
      rejections.add(decision(entry, actor, d, identity));
    } else if (event instanceof LedgerEvent.Verified v) {
      verifications.add(
          new Verification(
              entry.index(),
              entry.time(),
              actor,
              verificationResult(v),
              v.checks().stream().map(Check::of).toList(),
              v.claimed(),
              identity,
              v.postHoc().orElse(Map.of())));
    } else if (event instanceof LedgerEvent.SignedOff o) {
      signOffs.add(new SignOff(entry.index(), entry.time(), actor, o.comment(), identity));
    } else if (event instanceof LedgerEvent.DeploymentStarted started) {
      if (started.emergency()) {
        changeClass = ChangeClass.EMERGENCY;
        emergencyReason = started.reason();
      }
      RunSoFar run =
          new RunSoFar(
              started.deployment(),
              started.environment(),
              started.runbook(),
              started.commit(),
              actor,
              entry.time(),
              started.emergency(),
              started.reason(),
              data);
      run.entries.add(entry.index());
      running.put(started.deployment(), run);
    } else if (event instanceof LedgerEvent.DeploymentStep step) {
      onDeployment(entry, step, run -> run.steps.add(step));
    } else if (event instanceof LedgerEvent.DeploymentIssue issue) {
      onDeployment(entry, issue, run -> run.issues.add(issue));
    } else if (event instanceof LedgerEvent.DeploymentFinished finished) {
      onDeployment(entry, finished, run -> run.ended(entry.time(), finished.status()));
    } else if (event instanceof LedgerEvent.RolledBack rolledBack) {
      onDeployment(entry, rolledBack, run -> run.ended(entry.time(), rolledBack.status()));
    } else if (event instanceof LedgerEvent.GateDecided gate) {
      gateDecisions.add(
          new GateDecision(
              entry.index(),
              entry.time(),
              data.containsKey("askedBy") ? gate.askedBy() : entry.fact().actor(),
              gate.forge(),
              gate.run(),
              gate.environment(),
              gate.commit(),
              gate.approved(),
              gate.reason(),
              Optional.empty()));
    } else if (event instanceof LedgerEvent.GateAnswered answered) {
      for (int i = 0; i < gateDecisions.size(); i++) {
        if (gateDecisions.get(i).index() == answered.decisionEntry()) {
          gateDecisions.set(
              i,
              gateDecisions
                  .get(i)
                  .with(
                      new GateCallback(
                          entry.index(),
                          entry.time(),
                          answered.callback(),
                          answered.status(),
                          answered.delivered(),
                          answered.detail())));
        }
      }
    } else if (event instanceof LedgerEvent.Closed) {
      closed = true;
      closedAt = entry.time();
    }
    // other kinds (users, snapshots, kinds of later versions) are kept in the entry list only
  }

  private void onDeployment(
      LedgerEntry entry,
      LedgerEvent.OfDeployment event,
      java.util.function.Consumer<RunSoFar> add) {
    RunSoFar run = running.get(event.deployment());
    if (run != null) {
      run.entries.add(entry.index());
      add.accept(run);
    }
  }

  /**
   * A verification's result as its checks prove it: PASSED recorded by a version that ran no
   * technical check is NO_TECHNICAL_CHECKS.
   */
  private static String verificationResult(LedgerEvent.Verified v) {
    if (v.result().equals("PASSED") && v.checks().stream().map(Check::of).noneMatch(Check::ran)) {
      return "NO_TECHNICAL_CHECKS";
    }
    return v.result();
  }

  private void content(LedgerEvent.Content content) {
    content(content, "");
  }

  private void content(LedgerEvent.Content content, String sameContentAs) {
    String previous = contentHash;
    String newPatch = content.patchId();
    if (!previous.isEmpty()
        && !newPatch.isEmpty()
        && newPatch.equals(patchId)
        && previous.equals(sameContentAs)) {
      sameContent.add(previous); // rewritten commits of the same diff
      rewrites.add(previous);
    } else {
      sameContent.clear();
    }
    patchId = newPatch;
    contentHash = content.contentHash();
    sameContent.add(contentHash);
    base = content.base();
    tip = content.tip();
    commits = content.commits();
    authors = content.authors().stream().map(Person::parse).map(identities::canonical).toList();
  }

  @SuppressWarnings("unchecked")
  private void readAssessment() {
    Map<String, Object> riskNode = (Map<String, Object>) assessment.getOrDefault("risk", Map.of());
    risk = Level.valueOf(text(riskNode, "level", "LOW"));
    riskScore = text(riskNode, "score", "?");
    List<RiskFactor> factors = new ArrayList<>();
    if (riskNode.get("factors") instanceof List<?> listed) {
      for (Object item : listed) {
        if (item instanceof Map<?, ?> factor) {
          factors.add(
              new RiskFactor(
                  text((Map<String, Object>) factor, "id"),
                  text((Map<String, Object>) factor, "weight"),
                  text((Map<String, Object>) factor, "description")));
        }
      }
    }
    riskFactors = List.copyOf(factors);
    List<TestingRequired> tests = new ArrayList<>();
    if (assessment.get("testing") instanceof List<?> listed) {
      for (Object item : listed) {
        if (item instanceof Map<?, ?> test) {
          tests.add(
              new TestingRequired(
                  text((Map<String, Object>) test, "kind"),
                  text((Map<String, Object>) test, "description")));
        }
      }
    }
    testing = List.copyOf(tests);
    Map<String, Object> rollbackNode =
        (Map<String, Object>) assessment.getOrDefault("rollback", Map.of());
    rollback = Level.valueOf(text(rollbackNode, "level", "LOW"));
    Map<String, Object> typeNode = (Map<String, Object>) assessment.getOrDefault("type", Map.of());
    type = text(typeNode, "value", "GENERAL");
    Map<String, Object> systemsNode =
        (Map<String, Object>) assessment.getOrDefault("systems", Map.of());
    List<SystemRef> refs = new ArrayList<>();
    for (Object item : (List<Object>) systemsNode.getOrDefault("affected", List.of())) {
      Map<String, Object> system = (Map<String, Object>) item;
      refs.add(
          new SystemRef(
              text(system, "name"),
              ((Number) system.getOrDefault("tier", 4)).intValue(),
              Boolean.TRUE.equals(system.get("direct"))));
    }
    systems = List.copyOf(refs);
    List<String> sections = new ArrayList<>();
    List<String> rules = new ArrayList<>();
    for (Object item : (List<Object>) assessment.getOrDefault("documentation", List.of())) {
      Map<String, Object> requirement = (Map<String, Object>) item;
      String section = text(requirement, "section");
      boolean applies = !Boolean.FALSE.equals(requirement.get("applicable"));
      if (applies && !sections.contains(section)) {
        sections.add(section);
      }
      String rule = text(requirement, "rule");
      if (applies && !rule.isEmpty() && !rules.contains(rule)) {
        rules.add(rule);
      }
    }
    documentation = List.copyOf(sections);
    documentationRules = List.copyOf(rules);
  }

  private static Decision decision(
      LedgerEntry entry, Person actor, LedgerEvent.Decision d, String identity) {
    return new Decision(
        entry.index(),
        entry.time(),
        actor,
        d.comment(),
        d.contentHash(),
        d.environments(),
        false,
        identity);
  }

  /** The kinds of entry that are decisions of a person, whose identity the audit record checks. */
  private static final java.util.Set<String> DECISIONS =
      java.util.Set.of(
          EventKind.APPROVED,
          EventKind.REJECTED,
          EventKind.SIGNED_OFF,
          EventKind.VERIFIED,
          EventKind.DEPLOYMENT_STARTED,
          EventKind.DEPLOYMENT_FINISHED,
          EventKind.ROLLED_BACK,
          EventKind.CLOSED);

  /** How an entry's actor was identified, as the entry recorded it (empty when it did not). */
  @SuppressWarnings("unchecked")
  private static String identity(Map<String, Object> data) {
    Object node = data.get("identity");
    return node instanceof Map<?, ?> map ? text((Map<String, Object>) map, "source") : "";
  }

  private void settle(ApprovalPolicy policy, Predicate<DeploymentRun> alive, Instant now) {
    for (int i = 0; i < approvals.size(); i++) {
      Decision d = approvals.get(i);
      approvals.set(i, withCurrent(d, sameContent.contains(d.contentHash())));
    }
    for (int i = 0; i < rejections.size(); i++) {
      Decision d = rejections.get(i);
      rejections.set(i, withCurrent(d, sameContent.contains(d.contentHash())));
    }
    List<DeploymentRun> runs = new ArrayList<>();
    for (RunSoFar soFar : running.values()) {
      DeploymentRun run = soFar.run();
      if (!run.finishedRecorded() && !alive.test(run)) {
        run = run.ended(null, DeploymentStatus.INTERRUPTED);
      }
      List<String> failing = failingSteps(run);
      if (run.status() == DeploymentStatus.SUCCEEDED && !failing.isEmpty()) {
        // recorded as succeeded over a failed check (before finish refused it): the facts win
        run = run.ended(run.finished(), DeploymentStatus.FAILED);
        flags.add(
            "deployment "
                + run.id()
                + " was recorded as succeeded although "
                + String.join(", ", failing)
                + " failed: it counts as FAILED");
      }
      runs.add(run);
    }
    deployments = List.copyOf(runs);
    requiredApprovals = policy.requiredApprovals(risk, changeClass);
    if (!rewrites.isEmpty()) {
      flags.add(
          "commits rewritten "
              + rewrites.size()
              + " time(s) with the same diff (patch identity "
              + patchId.substring(Math.min(patchId.length(), 6), Math.min(patchId.length(), 18))
              + "): the same content, decisions on it stand");
    }
    if (approvals.stream().anyMatch(a -> !a.current())) {
      flags.add("approvals given before the content changed no longer count");
    }

    status = registered == null ? ChangeStatus.DRAFT : ChangeStatus.ASSESSED;
    if (assessment.isEmpty()) {
      status = ChangeStatus.DRAFT;
    }
    if (rejections.stream().anyMatch(Decision::current)) {
      status = ChangeStatus.REJECTED;
    } else if (status == ChangeStatus.ASSESSED && approvedFor("")) {
      status = ChangeStatus.APPROVED;
    }
    DeploymentRun last = lastDeployment().orElse(null);
    if (last != null && status != ChangeStatus.REJECTED) {
      status =
          switch (last.status()) {
            case RUNNING -> ChangeStatus.DEPLOYING;
            case SUCCEEDED -> ChangeStatus.DEPLOYED;
            case ROLLED_BACK -> ChangeStatus.ROLLED_BACK;
            default -> ChangeStatus.FAILED;
          };
      if (last.status() == DeploymentStatus.INTERRUPTED) {
        flags.add(
            "deployment " + last.id() + " was interrupted before it finished: it did not succeed");
      }
    }
    if (status == ChangeStatus.DEPLOYED
        && latestVerification().map(Verification::passed).orElse(false)
        && (!signOffRequired() || !signOffs.isEmpty())) {
      status = ChangeStatus.VERIFIED;
    }
    if (closed) {
      status = ChangeStatus.CLOSED;
    }
    if (changeClass == ChangeClass.EMERGENCY && !approvedFor("")) {
      Optional<Instant> firstDeploy =
          deployments.stream().map(DeploymentRun::started).min(Instant::compareTo);
      if (firstDeploy.isPresent()) {
        Instant due = firstDeploy.get().plus(policy.emergencyWindow());
        flags.add(
            (now.isAfter(due) ? "OVERDUE: " : "")
                + "emergency change deployed without approval; approval due by "
                + LedgerEntry.TIME.format(due));
      }
    }
    if (status == ChangeStatus.DEPLOYED
        && signOffRequired()
        && signOffs.isEmpty()
        && latestVerification().map(Verification::passed).orElse(false)) {
      flags.add("HIGH risk: verified, awaiting sign-off");
    }
  }

  private static Decision withCurrent(Decision d, boolean current) {
    return new Decision(
        d.index(),
        d.time(),
        d.by(),
        d.comment(),
        d.contentHash(),
        d.environments(),
        current,
        d.identity());
  }

  // ---------------------------------------------------------------- queries

  /**
   * The steps and checks of a deployment that stand failed: each named by phase and name, judged by
   * its latest record (a check recorded again once it passes no longer stands failed).
   */
  public static List<String> failingSteps(DeploymentRun run) {
    Map<String, LedgerEvent.DeploymentStep> latest = new LinkedHashMap<>();
    for (LedgerEvent.DeploymentStep step : run.steps()) {
      latest.put(step.phase() + "\u0000" + step.name(), step);
    }
    List<String> failing = new ArrayList<>();
    for (LedgerEvent.DeploymentStep step : latest.values()) {
      String status = step.status();
      if ("FAILED".equals(status) || "TIMED_OUT".equals(status) || "INTERRUPTED".equals(status)) {
        failing.add(phaseLabel(step.phase()) + " '" + step.name() + "'");
      }
    }
    return failing;
  }

  private static String phaseLabel(String phase) {
    return switch (phase) {
      case "PRE_CHECK" -> "pre-deployment check";
      case "POST_CHECK" -> "post-deployment check";
      case "ROLLBACK" -> "rollback step";
      default -> "step";
    };
  }

  /** Whether the current content has the approvals its risk needs, for this environment. */
  public boolean approvedFor(String environment) {
    return approvalsFor(environment, -1) >= requiredApprovals;
  }

  /**
   * The people whose current approval covers {@code environment} and was recorded after ledger
   * entry {@code after} (-1: any).
   */
  public long approvalsFor(String environment, long after) {
    return approvals.stream()
        .filter(Decision::current)
        .filter(a -> a.index() > after)
        .filter(
            a ->
                environment.isEmpty()
                    || a.environments().isEmpty()
                    || a.environments().contains(environment))
        .map(a -> a.by().key())
        .distinct()
        .count();
  }

  /**
   * The last deployment of this change to {@code environment} when it ended in a rollback (rolled
   * back, or its rollback failed): the change went wrong there, and approvals recorded before it do
   * not cover deploying it there again.
   */
  public Optional<DeploymentRun> rolledBackIn(String environment) {
    for (int i = deployments.size() - 1; i >= 0; i--) {
      DeploymentRun run = deployments.get(i);
      if (run.environment().equals(environment)) {
        return run.status() == DeploymentStatus.ROLLED_BACK
                || run.status() == DeploymentStatus.ROLLBACK_FAILED
            ? Optional.of(run)
            : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The ledger entry that ended the change's last rolled-back deployment, any environment. */
  public Optional<Long> lastRollbackEntry() {
    for (int i = deployments.size() - 1; i >= 0; i--) {
      DeploymentRun run = deployments.get(i);
      if ((run.status() == DeploymentStatus.ROLLED_BACK
              || run.status() == DeploymentStatus.ROLLBACK_FAILED)
          && !run.entries().isEmpty()) {
        return Optional.of(run.entries().get(run.entries().size() - 1));
      }
    }
    return Optional.empty();
  }

  /** The current approvals, one per person (canonical identity). */
  public long currentApprovals() {
    return approvals.stream().filter(Decision::current).map(a -> a.by().key()).distinct().count();
  }

  /**
   * How the actor of each decision entry (approve, reject, sign-off, verify, deploy, close) was
   * identified, by entry index: {@link #ASSERTED}, {@link #ASSERTED_USER}, {@link #TOKEN}, {@link
   * #SIGNED}, or empty when the entry did not record it.
   */
  public Map<Long, String> identitySources() {
    return java.util.Collections.unmodifiableMap(identitySources);
  }

  /** Sign-off is required whenever anything about the change is HIGH. */
  public boolean signOffRequired() {
    return risk == Level.HIGH || rollback == Level.HIGH;
  }

  public Optional<Verification> latestVerification() {
    return verifications.isEmpty()
        ? Optional.empty()
        : Optional.of(verifications.get(verifications.size() - 1));
  }

  public Optional<DeploymentRun> lastDeployment() {
    return deployments.isEmpty()
        ? Optional.empty()
        : Optional.of(deployments.get(deployments.size() - 1));
  }

  /**
   * Why {@code person} may not approve or sign off: segregation of duties. The implementer and
   * every author of the change's commits are excluded.
   */
  public Optional<String> dutiesConflict(Person person, String action) {
    if (implementer.sameAs(person)) {
      return Optional.of(
          person.display()
              + " implemented "
              + id
              + " and may not "
              + action
              + " it (segregation of duties)");
    }
    for (Person author : authors) {
      if (author.sameAs(person)) {
        return Optional.of(
            person.display()
                + " authored or committed commits of "
                + id
                + " and may not "
                + action
                + " it (segregation of duties)");
      }
    }
    for (DeploymentRun run : deployments) {
      if (action.equals("sign off") && run.deployer().sameAs(person)) {
        return Optional.of(
            person.display()
                + " deployed "
                + id
                + " and may not sign it off (segregation of duties)");
      }
    }
    return Optional.empty();
  }

  public String id() {
    return id;
  }

  public boolean exists() {
    return registered != null;
  }

  public String title() {
    return title;
  }

  public ChangeClass changeClass() {
    return changeClass;
  }

  public Person implementer() {
    return implementer;
  }

  public Instant registered() {
    return registered;
  }

  public String base() {
    return base;
  }

  public String tip() {
    return tip;
  }

  public List<String> commits() {
    return commits;
  }

  public List<Person> authors() {
    return authors;
  }

  public String contentHash() {
    return contentHash;
  }

  /** The patch identity of the change's diff (empty when a version that did not record it). */
  public String patchId() {
    return patchId;
  }

  public Map<String, Object> assessment() {
    return assessment;
  }

  public Level risk() {
    return risk;
  }

  /** The assessed risk score as recorded ("?" when none was). */
  public String riskScore() {
    return riskScore;
  }

  /** The factors of the risk score, in the assessment's order. */
  public List<RiskFactor> riskFactors() {
    return riskFactors;
  }

  /** The testing the assessment asked for. */
  public List<TestingRequired> testingRequired() {
    return testing;
  }

  public Level rollback() {
    return rollback;
  }

  public String type() {
    return type;
  }

  public List<SystemRef> systems() {
    return systems;
  }

  /**
   * The lint rules of the applicable items of the documentation plan as assessed ({@code
   * doc.detailed-testing}...): what lint checks inside the sections of {@link #documentation}.
   */
  public List<String> documentationRules() {
    return documentationRules;
  }

  public List<String> documentation() {
    return documentation;
  }

  /** The branch the change was registered from (empty for an explicit range). */
  public String branch() {
    return branch;
  }

  /** The rejected or closed change of the same content that this one replaces; empty if none. */
  public String supersedes() {
    return supersedes;
  }

  public String emergencyReason() {
    return emergencyReason;
  }

  public List<Decision> approvals() {
    return List.copyOf(approvals);
  }

  public List<Decision> rejections() {
    return List.copyOf(rejections);
  }

  public List<Verification> verifications() {
    return List.copyOf(verifications);
  }

  public List<SignOff> signOffs() {
    return List.copyOf(signOffs);
  }

  public List<DeploymentRun> deployments() {
    return deployments;
  }

  /** The deployment gate's recorded answers about this change, oldest first. */
  public List<GateDecision> gateDecisions() {
    return List.copyOf(gateDecisions);
  }

  public List<Long> entries() {
    return List.copyOf(entries);
  }

  public ChangeStatus status() {
    return status;
  }

  public List<String> flags() {
    return List.copyOf(flags);
  }

  public int requiredApprovals() {
    return requiredApprovals;
  }

  public Instant closedAt() {
    return closedAt;
  }

  private static String text(Map<String, Object> data, String key) {
    return text(data, key, "");
  }

  private static String text(Map<String, Object> data, String key, String fallback) {
    Object value = data.get(key);
    return value == null ? fallback : value.toString();
  }
}
