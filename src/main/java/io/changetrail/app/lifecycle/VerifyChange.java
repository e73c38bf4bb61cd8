package io.changetrail.app.lifecycle;

import io.changetrail.app.deploy.DeploymentListener;
import io.changetrail.app.deploy.RunbookExecutor;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.assess.Level;
import io.changetrail.domain.change.CommitInfo;
import io.changetrail.domain.deploy.Phase;
import io.changetrail.domain.deploy.Runbook;
import io.changetrail.domain.deploy.RunbookStep;
import io.changetrail.domain.deploy.StepResult;
import io.changetrail.domain.deploy.StepStatus;
import io.changetrail.domain.document.ChangeDocument;
import io.changetrail.domain.document.ChangeDocumentParser;
import io.changetrail.domain.document.Section;
import io.changetrail.domain.ledger.Fact;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.lifecycle.EventKind;
import io.changetrail.domain.lifecycle.VerificationCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The use case "verify a deployed change": runs the configured checks that apply to its risk and
 * systems (build, tests, performance, security scan), records each exit code, duration and output
 * digest, checks its documentation (complete against its plan, deployment recorded, rollback
 * procedure documented when needed) and records PASSED or FAILED.
 */
public final class VerifyChange {
  private final Lifecycle lifecycle;

  public VerifyChange(Lifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  /** One check's outcome, as recorded. */
  public record CheckOutcome(
      String name, String kind, String command, boolean passed, String detail) {}

  /** The verification as recorded, and the change after it. */
  public record Outcome(boolean passed, List<CheckOutcome> checks, ChangeRecord change) {}

  public Outcome verify(String changeId, Function<Runbook, DeploymentListener> progressFor) {
    ChangeRecord record = lifecycle.ledger().change(changeId);
    boolean deployed = record.deployments().stream().anyMatch(d -> d.status().equals("SUCCEEDED"));
    if (!deployed) {
      throw DecideChange.refused(
          record.id() + " has no successful deployment to verify (status " + record.status() + ")",
          "deploy it first with 'changetrail deploy run "
              + record.id()
              + " --env ENV --plan FILE'");
    }
    List<String> systems = record.systems().stream().map(ChangeRecord.SystemRef::name).toList();
    List<RunbookStep> steps = new ArrayList<>();
    List<VerificationCheck> applicable = new ArrayList<>();
    for (VerificationCheck check : lifecycle.config().checks()) {
      if (check.appliesTo(record.risk(), systems)) {
        applicable.add(check);
        steps.add(
            new RunbookStep(
                Phase.POST_CHECK, steps.size() + 1, check.name(), check.run(), check.timeout(), 0));
      }
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
    for (int i = 0; i < results.size(); i++) {
      StepResult result = results.get(i);
      VerificationCheck check = applicable.get(i);
      boolean passed = result.status() == StepStatus.PASSED;
      outcomes.add(
          new CheckOutcome(
              check.name(),
              check.kind(),
              check.run(),
              passed,
              result.status().label() + " (exit " + result.exitCode() + ")"));
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("name", check.name());
      data.put("kind", check.kind());
      data.put("command", check.run());
      data.put("status", result.status().name());
      data.put("exitCode", result.exitCode());
      data.put("durationMs", result.duration().toMillis());
      data.put("digest", result.outputDigest());
      recorded.add(data);
    }
    for (CheckOutcome documentation : documentationChecks(record)) {
      outcomes.add(documentation);
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("name", documentation.name());
      data.put("kind", documentation.kind());
      data.put("status", documentation.passed() ? "PASSED" : "FAILED");
      data.put("detail", documentation.detail());
      recorded.add(data);
    }
    boolean passed = outcomes.stream().allMatch(CheckOutcome::passed);
    Map<String, Object> fact = new LinkedHashMap<>();
    fact.put("result", passed ? "PASSED" : "FAILED");
    fact.put("checks", recorded);
    lifecycle
        .ledger()
        .append(new Fact(lifecycle.actor().display(), EventKind.VERIFIED, record.id(), fact));
    return new Outcome(passed, outcomes, lifecycle.ledger().change(record.id()));
  }

  /** The documentation checks: complete against the plan, deployment and rollback documented. */
  List<CheckOutcome> documentationChecks(ChangeRecord record) {
    List<ChangeDocument> documents = documents(record);
    List<CheckOutcome> checks = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String title : record.documentation()) {
      Section section = Section.byTitle(title).orElse(null);
      if (section != null && documents.stream().noneMatch(d -> filled(d, section))) {
        missing.add(title);
      }
    }
    checks.add(
        new CheckOutcome(
            "change document complete",
            "documentation",
            "",
            missing.isEmpty(),
            missing.isEmpty()
                ? "every section of the documentation plan is present"
                : "missing or empty: " + String.join(", ", missing)));
    boolean deploymentRecorded =
        record.deployments().stream()
            .anyMatch(d -> d.status().equals("SUCCEEDED") && !d.steps().isEmpty());
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
      boolean documented = documents.stream().anyMatch(d -> filled(d, Section.ROLLBACK_PROCEDURE));
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
                      + " but no Rollback Procedure is written"));
    }
    return checks;
  }

  /** The change's documents: changes/ID.md when it exists, and every commit message. */
  private List<ChangeDocument> documents(ChangeRecord record) {
    ChangeDocumentParser parser = new ChangeDocumentParser();
    List<ChangeDocument> documents = new ArrayList<>();
    Path file = lifecycle.workspace().git().root().resolve("changes").resolve(record.id() + ".md");
    if (Files.isRegularFile(file)) {
      try {
        documents.add(parser.parse(Files.readString(file, StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new ChangeTrailException(
            Problem.IO, "cannot read " + file + ": " + e.getMessage(), "");
      }
    }
    if (!record.base().isEmpty() && !record.tip().isEmpty()) {
      for (CommitInfo commit :
          lifecycle.workspace().git().commits(record.base() + ".." + record.tip())) {
        documents.add(parser.parse(commit.message()));
      }
    }
    return documents;
  }

  private static boolean filled(ChangeDocument document, Section section) {
    return document.section(section).map(s -> !s.isEmpty()).orElse(false);
  }
}
