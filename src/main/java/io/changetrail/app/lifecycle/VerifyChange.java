package io.changetrail.app.lifecycle;

import io.changetrail.app.assess.AssessChange;
import io.changetrail.app.deploy.DeploymentListener;
import io.changetrail.app.deploy.RunbookExecutor;
import io.changetrail.app.users.Role;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.assess.Level;
import io.changetrail.domain.deploy.Phase;
import io.changetrail.domain.deploy.Runbook;
import io.changetrail.domain.deploy.RunbookStep;
import io.changetrail.domain.deploy.StepResult;
import io.changetrail.domain.deploy.StepStatus;
import io.changetrail.domain.document.ChangeDocument;
import io.changetrail.domain.document.Section;
import io.changetrail.domain.event.LedgerEvent;
import io.changetrail.domain.lifecycle.ChangeClass;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.lifecycle.VerificationCheck;
import io.changetrail.domain.system.SystemCatalog;
import io.changetrail.domain.system.SystemDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The use case "verify a deployed change": runs the configured checks that apply to its risk and
 * systems (build, tests, performance, security scan), or without {@code verification.checks} the
 * test commands of each affected system of the catalog; records each exit code, duration and output
 * digest; checks its documentation (complete against its plan, deployment recorded, rollback
 * procedure documented when needed); and records PASSED, FAILED, or NO_TECHNICAL_CHECKS when
 * nothing technical ran. Test results typed into the change's documents are recorded as claimed,
 * never as run.
 */
public final class VerifyChange {
  private final Lifecycle lifecycle;

  public VerifyChange(Lifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  /** The verification's results: PASSED needs at least one technical check run and passed. */
  public static final String PASSED = "PASSED";

  public static final String FAILED = "FAILED";

  /** Every check that ran passed, but none of them was technical: nothing was tested. */
  public static final String NO_TECHNICAL_CHECKS = "NO_TECHNICAL_CHECKS";

  /** Commands from the system catalog that verify runs without a shell's help: plain words. */
  private static final java.util.regex.Pattern PLAIN_COMMAND =
      java.util.regex.Pattern.compile("[A-Za-z0-9 ./_:=@+,-]+");

  /**
   * One check's outcome, as recorded.
   *
   * @param executed whether ChangeTrail ran it (a technical check) rather than read documents
   */
  public record CheckOutcome(
      String name, String kind, String command, boolean passed, String detail, boolean executed) {
    public CheckOutcome(String name, String kind, String command, boolean passed, String detail) {
      this(name, kind, command, passed, detail, false);
    }
  }

  /**
   * The verification as recorded, and the change after it.
   *
   * @param result {@link #PASSED}, {@link #FAILED} or {@link #NO_TECHNICAL_CHECKS}
   * @param source where the technical checks came from
   * @param notes why some system tests were not run
   * @param claimed test results typed into the change's documents: claimed, not run
   */
  public record Outcome(
      String result,
      List<CheckOutcome> checks,
      String source,
      List<String> notes,
      List<String> claimed,
      ChangeRecord change) {
    public boolean passed() {
      return PASSED.equals(result);
    }
  }

  public Outcome verify(String changeId, Function<Runbook, DeploymentListener> progressFor) {
    lifecycle.decider(Role.DEPLOYER, "verify");
    ChangeRecord record = lifecycle.ledger().change(changeId);
    boolean deployed =
        record.deployments().stream()
            .anyMatch(d -> d.status() == io.changetrail.domain.deploy.DeploymentStatus.SUCCEEDED);
    if (!deployed) {
      throw DecideChange.refused(
          record.id() + " has no successful deployment to verify (status " + record.status() + ")",
          "deploy it first with 'changetrail deploy run "
              + record.id()
              + " --env ENV --plan FILE'");
    }
    List<String> systems = record.systems().stream().map(ChangeRecord.SystemRef::name).toList();
    List<String> notes = new ArrayList<>();
    boolean configured = lifecycle.config().checksConfigured();
    String source =
        configured
            ? "changetrail.yml verification.checks"
            : "the system catalog (tests of each affected system)";
    List<VerificationCheck> applicable =
        configured ? configuredChecks(record, systems) : catalogChecks(record, systems, notes);
    List<RunbookStep> steps = new ArrayList<>();
    for (VerificationCheck check : applicable) {
      steps.add(
          new RunbookStep(
              Phase.POST_CHECK, steps.size() + 1, check.name(), check.run(), check.timeout(), 0));
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CHANGETRAIL_CHANGE", record.id());
    env.put("CHANGETRAIL_RISK", record.risk().name());
    Runbook plan =
        new Runbook("verification", "", List.of(), List.of(), steps, List.of(), "changetrail.yml");
    List<StepResult> results =
        steps.isEmpty()
            ? List.of()
            : new RunbookExecutor(lifecycle.workspace().git().root(), env)
                .run(steps, progressFor.apply(plan));

    List<CheckOutcome> outcomes = new ArrayList<>();
    List<Map<String, Object>> recorded = new ArrayList<>();
    int executed = 0;
    for (int i = 0; i < results.size(); i++) {
      StepResult result = results.get(i);
      VerificationCheck check = applicable.get(i);
      boolean passed = result.status() == StepStatus.PASSED;
      boolean ran = result.status() != StepStatus.SKIPPED;
      executed += ran ? 1 : 0;
      outcomes.add(
          new CheckOutcome(
              check.name(),
              check.kind(),
              check.run(),
              passed,
              result.status().label()
                  + (result.exitCode() == StepResult.NO_EXIT_CODE
                      ? ""
                      : " (exit " + result.exitCode() + ")")
                  + (result.outputDigest().isEmpty() ? "" : ", output " + result.outputDigest()),
              ran));
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("name", check.name());
      data.put("kind", check.kind());
      data.put("command", check.run());
      data.put("executed", ran);
      data.put("status", result.status().name());
      if (result.exitCode() != StepResult.NO_EXIT_CODE) {
        data.put("exitCode", result.exitCode());
      }
      data.put("durationMs", result.duration().toMillis());
      data.put("digest", result.outputDigest());
      recorded.add(data);
    }
    for (CheckOutcome documentation : documentationChecks(record)) {
      outcomes.add(documentation);
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("name", documentation.name());
      data.put("kind", documentation.kind());
      data.put("executed", false);
      data.put("status", documentation.passed() ? "PASSED" : "FAILED");
      data.put("detail", documentation.detail());
      recorded.add(data);
    }
    List<String> claimed = claimedTests(record);
    boolean allPassed = outcomes.stream().allMatch(CheckOutcome::passed);
    String verdict = !allPassed ? FAILED : executed == 0 ? NO_TECHNICAL_CHECKS : PASSED;
    LedgerEvent.Verified verified =
        new LedgerEvent.Verified(
            verdict,
            executed,
            source,
            notes.isEmpty() ? Optional.empty() : Optional.of(notes),
            claimed,
            postHoc(record),
            recorded,
            Map.of());
    lifecycle.ledger().append(lifecycle.fact(verified, record.id()));
    return new Outcome(
        verdict, outcomes, source, notes, claimed, lifecycle.ledger().change(record.id()));
  }

  private List<VerificationCheck> configuredChecks(ChangeRecord record, List<String> systems) {
    List<VerificationCheck> applicable = new ArrayList<>();
    for (VerificationCheck check : lifecycle.config().checks()) {
      if (check.appliesTo(record.risk(), systems)) {
        applicable.add(check);
      }
    }
    return applicable;
  }

  /**
   * The systems as the change's own commits describe them (the build graph it was assessed
   * against); the work tree's when the repository no longer has those commits.
   */
  private SystemCatalog catalogOf(ChangeRecord record, List<String> notes) {
    if (!record.tip().isEmpty()) {
      try {
        return new AssessChange(lifecycle.workspace())
            .systemsAt(record.tip(), record.base().isEmpty() ? null : record.base());
      } catch (ChangeTrailException e) {
        notes.add(
            "the change's commits cannot be read here ("
                + e.getMessage()
                + "): the test commands come from the work tree's build");
      }
    }
    return lifecycle.workspace().catalog();
  }

  /**
   * The defaults without {@code verification.checks}: the test commands of each affected system in
   * the catalog. Commands that need a shell (quotes, pipes, $...) are not run, with a note: a
   * discovered catalog takes module names from the repository's files.
   */
  private List<VerificationCheck> catalogChecks(
      ChangeRecord record, List<String> systems, List<String> notes) {
    List<VerificationCheck> checks = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    SystemCatalog catalog = catalogOf(record, notes);
    for (String name : systems) {
      Optional<SystemDefinition> system = catalog.find(name);
      List<String> tests = system.map(SystemDefinition::tests).orElse(List.of());
      if (tests.isEmpty()) {
        notes.add(
            name + " has no test command in the system catalog ('tests:' in changetrail.yml)");
      }
      for (String command : tests) {
        if (!PLAIN_COMMAND.matcher(command).matches()) {
          notes.add(
              name
                  + ": '"
                  + command
                  + "' was not run: it needs a shell; configure it in verification.checks");
        } else if (seen.add(command)) {
          checks.add(
              new VerificationCheck(
                  name + " tests",
                  "test",
                  command,
                  Level.LOW,
                  List.of(name),
                  Duration.ofMinutes(30)));
        }
      }
    }
    return checks;
  }

  /** Test results typed into the change's documents: what someone says was run. */
  private List<String> claimedTests(ChangeRecord record) {
    List<String> claimed = new ArrayList<>();
    for (ChangeDocument document : ChangeDocumentation.of(lifecycle, record).committed()) {
      document
          .section(Section.TESTING_AND_VERIFICATION)
          .ifPresent(
              section ->
                  section.lines().stream()
                      .map(String::strip)
                      .filter(line -> !line.isEmpty())
                      .filter(line -> !claimed.contains(line))
                      .forEach(claimed::add));
    }
    return claimed;
  }

  /**
   * The documentation checks: complete against the plan, deployment and rollback documented. Only
   * committed documents count (for an emergency change, a post-hoc changes/ID.md counts too: it may
   * document afterwards); a post-hoc document is named in the details.
   */
  List<CheckOutcome> documentationChecks(ChangeRecord record) {
    ChangeDocumentation.Documents found = ChangeDocumentation.of(lifecycle, record);
    boolean emergency = record.changeClass() == ChangeClass.EMERGENCY;
    List<ChangeDocument> documents = new ArrayList<>(found.committed());
    if (emergency) {
      found.postHoc().ifPresent(p -> documents.add(p.document()));
    }
    String postHocNote =
        found
            .postHoc()
            .map(
                p ->
                    "; "
                        + p.file()
                        + " is not committed (post-hoc, "
                        + p.digest()
                        + ")"
                        + (emergency
                            ? ": counted, an emergency change may document afterwards"
                            : ": not counted, documentation written after the fact"))
            .orElse("");
    List<CheckOutcome> checks = new ArrayList<>();
    List<String> missing = ChangeDocumentation.missing(record, documents);
    checks.add(
        new CheckOutcome(
            "change document complete",
            "documentation",
            "",
            missing.isEmpty(),
            (missing.isEmpty()
                    ? "checked: every section of the documentation plan ("
                        + String.join(", ", record.documentation())
                        + ") is present and not empty in the "
                        + found.committed().size()
                        + " committed document(s) (its commit messages, and changes/"
                        + record.id()
                        + ".md as the tip holds it)"
                    : "missing or empty: " + String.join(", ", missing))
                + notLinted(record)
                + postHocNote));
    boolean deploymentRecorded =
        record.deployments().stream()
            .anyMatch(
                d ->
                    d.status() == io.changetrail.domain.deploy.DeploymentStatus.SUCCEEDED
                        && !d.steps().isEmpty());
    checks.add(
        new CheckOutcome(
            "deployment documented",
            "documentation",
            "",
            deploymentRecorded,
            deploymentRecorded
                ? "a successful deployment with its steps is in the ledger"
                : "no successful deployment with recorded steps"));
    if (record.rollback().atLeast(Level.MEDIUM)) {
      boolean documented =
          documents.stream()
              .anyMatch(d -> ChangeDocumentation.filled(d, Section.ROLLBACK_PROCEDURE));
      checks.add(
          new CheckOutcome(
              "rollback procedure documented",
              "documentation",
              "",
              documented,
              documented
                  ? "Rollback Procedure present (rollback complexity " + record.rollback() + ")"
                  : "rollback complexity is "
                      + record.rollback()
                      + " but no Rollback Procedure is written"
                      + postHocNote));
    }
    return checks;
  }

  /**
   * What the check does not prove: the plan's items are checked only as the sections they sit in;
   * what lint's item rules look for inside them (results, checklists, sub-sections) is not checked.
   */
  private static String notLinted(ChangeRecord record) {
    if (record.documentationRules().isEmpty()) {
      return "";
    }
    return "; not checked here: what the plan's item rules ("
        + String.join(", ", record.documentationRules())
        + ") look for inside those sections: run 'changetrail lint --range "
        + (record.base().isEmpty()
            ? "BASE"
            : record.base().substring(0, Math.min(10, record.base().length())))
        + ".."
        + (record.tip().isEmpty()
            ? "TIP"
            : record.tip().substring(0, Math.min(10, record.tip().length())))
        + "'";
  }

  /** The post-hoc document, as recorded in the verification's entry. */
  private Optional<Map<String, Object>> postHoc(ChangeRecord record) {
    return ChangeDocumentation.of(lifecycle, record)
        .postHoc()
        .map(
            p -> {
              Map<String, Object> node = new LinkedHashMap<>();
              node.put("file", p.file());
              node.put("digest", p.digest());
              node.put("counted", record.changeClass() == ChangeClass.EMERGENCY);
              return node;
            });
  }
}
