package io.changetrail.app.demo;

import io.changetrail.app.LedgerLocation;
import io.changetrail.app.Workspace;
import io.changetrail.app.audit.AuditLedger;
import io.changetrail.app.keys.KeyFiles;
import io.changetrail.app.lifecycle.AuditChanges;
import io.changetrail.app.lifecycle.DecideChange;
import io.changetrail.app.lifecycle.DeployChange;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.app.lifecycle.RegisterChange;
import io.changetrail.app.lifecycle.VerifyChange;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.deploy.DeploymentDocument;
import io.changetrail.domain.ledger.VerificationReport;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.lifecycle.ChangeReport;
import io.changetrail.domain.lifecycle.Person;
import io.changetrail.git.GitRepository;
import io.changetrail.ledger.LedgerStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The lifecycle part of the demo: a documented change on a feature branch is registered, refused to
 * its own author, approved by two others, deployed (a canary fails and is rolled back, then the
 * release goes out), verified, signed off, audited and reconciled, and the ledger is checkpointed
 * and verified. Everything runs through the same use cases as the commands.
 */
public final class LifecycleTour {

  private static final Person BOB = new Person("bob", "bob@acme.example");
  private static final Person CAROL = new Person("Carol Risk", "carol@acme.example");
  private static final Person DAVE = new Person("Dave Ops Lead", "dave@acme.example");
  private static final Person ERIN = new Person("Erin Release", "erin@acme.example");
  private static final Person FRANK = new Person("Frank Product", "frank@acme.example");

  private final Path repository;
  private final TourOutput out;

  public LifecycleTour(Path repository, TourOutput out) {
    this.repository = repository;
    this.out = out;
  }

  public void run() {
    GitRepository git = GitRepository.open(repository);
    git.checkoutNewBranch("feature/intraday-alerts");
    write(
        "risk-engine/src/main/java/com/acme/risk/IntradayAlert.java",
        "package com.acme.risk;\n\n/** Warns the desk at 80% of its intraday limit. */\n"
            + "public final class IntradayAlert {\n  public boolean due(double used, double max) {\n"
            + "    return used >= 0.8 * max;\n  }\n}\n");
    write(
        "risk-engine/src/test/java/com/acme/risk/IntradayAlertTest.java",
        "package com.acme.risk;\n\nclass IntradayAlertTest {\n  void warnsAtEightyPercent() {}\n}\n");
    write(
        "risk-engine/config/limits.yml",
        "desks:\n  equities-cash:\n    max_notional: 2500000\n    intraday_max: 1250000\n    alert_at: 0.8\n");
    git.stageAll();
    git.commit(
        """
        FEATURE: warn desks at 80% of their intraday limit

        ## Context and Rationale
        Desks hit the intraday limit without warning and orders were rejected mid-strategy.
        An alert at 80% gives traders time to reduce exposure.

        ## Business Driver
        Requested by the equities desk heads after the 2026-11-18 rejections.

        ## Changes Made
        ### risk-engine
        - IntradayAlert raises the alert at 80% of the intraday limit.
        - limits.yml gains alert_at.

        ### Integration Points
        - The alert goes to the desks' existing risk notifications; the order router's interface
          to the risk engine is unchanged.

        ## Impact Assessment
        Risk engine (tier 1); the order router depends on it through the build.

        ### Performance
        - One comparison per limit check: the pre-trade check's p99 stays at 38 us.

        ## Testing and Verification
        - ✅ IntradayAlertTest
        - ✅ risk-engine and order-router suites

        ## Deployment Information
        Deploy risk-engine then order-router, outside the market-open window.

        ## Rollback Procedure
        1. Redeploy the previous release with deploy/prod.yml's rollback steps.
        2. Restore limits.yml from the previous tag and confirm the limits in the risk UI.

        ## Related Documentation
        - RISK-412: intraday alert request

        ## Key Decisions
        - Alert at 80%, not 90%: the desk needs minutes, not seconds, to react.

        ## Critical Knowledge
        - The alert is advisory: the hard limit still rejects orders at 100%.
        """,
        BOB.name(), BOB.email(), "2026-11-23T10:00:00+00:00");

    String id;
    try (Lifecycle bob = open(BOB)) {
      out.banner("Bob registers his branch as a change", "changetrail change new");
      ChangeRecord record =
          new RegisterChange(bob)
              .register(new RegisterChange.Request("", "", Optional.empty(), ""));
      id = record.id();
      out.text(
          "registered "
              + id
              + " ("
              + record.changeClass()
              + ", "
              + record.risk()
              + " risk): "
              + record.title()
              + "\n  needs "
              + record.requiredApprovals()
              + " approvals\n");
      out.banner("Bob may not approve his own change", "changetrail approve " + id);
      refusal(() -> new DecideChange(bob).approve(id, "looks fine to me", java.util.List.of()));
    }
    for (Person approver : new Person[] {CAROL, DAVE}) {
      try (Lifecycle lifecycle = open(approver)) {
        out.banner(approver.name() + " approves", "changetrail approve " + id + " --comment '...'");
        ChangeRecord after =
            new DecideChange(lifecycle)
                .approve(id, "alert threshold and rollback reviewed", java.util.List.of());
        out.text(
            "approved by "
                + approver.display()
                + ": "
                + after.currentApprovals()
                + " of "
                + after.requiredApprovals()
                + ", status "
                + after.status()
                + "\n");
      }
    }
    try (Lifecycle erin = open(ERIN)) {
      DeployChange deploy = new DeployChange(erin);
      out.banner(
          "Erin deploys a canary first; its check fails",
          "changetrail deploy run " + id + " --env prod --plan deploy/prod-canary.yml");
      DeployChange.Outcome canary =
          deploy.run(
              new DeployChange.Request(id, "prod", Path.of("deploy/prod-canary.yml"), false, ""),
              out::progress);
      out.text(DeploymentDocument.verdict(canary.deployment()) + "\n");
      out.banner(
          "The documented rollback runs and is recorded", "changetrail deploy rollback " + id);
      DeployChange.Outcome rolledBack = deploy.rollback(id, Optional.empty(), out::progress);
      out.text(DeploymentDocument.verdict(rolledBack.deployment()) + "\n");
      out.banner(
          "Going out again on the approvals given before the rollback is refused",
          "changetrail deploy run " + id + " --env prod --plan deploy/prod.yml");
      refusal(
          () ->
              deploy.run(
                  new DeployChange.Request(id, "prod", Path.of("deploy/prod.yml"), false, ""),
                  out::progress));
    }
    for (Person approver : new Person[] {CAROL, DAVE}) {
      try (Lifecycle lifecycle = open(approver)) {
        out.banner(
            approver.name() + " reads why the canary failed and approves again",
            "changetrail approve " + id + " --comment '...'");
        ChangeRecord after =
            new DecideChange(lifecycle)
                .approve(
                    id,
                    "the canary's check read the venue's test feed; threshold kept",
                    java.util.List.of());
        out.text("approved again by " + approver.display() + ", status " + after.status() + "\n");
      }
    }
    try (Lifecycle erin = open(ERIN)) {
      DeployChange deploy = new DeployChange(erin);
      out.banner(
          "The release goes out from the runbook",
          "changetrail deploy run " + id + " --env prod --plan deploy/prod.yml");
      DeployChange.Outcome release =
          deploy.run(
              new DeployChange.Request(id, "prod", Path.of("deploy/prod.yml"), false, ""),
              out::progress);
      out.text(DeploymentDocument.verdict(release.deployment()) + "\n");
      out.banner("The deployment document", "changetrail deploy show " + id);
      out.text(DeploymentDocument.markdown(release.deployment()));
      out.banner("Verification: configured checks and documentation", "changetrail verify " + id);
      VerifyChange.Outcome verified = new VerifyChange(erin).verify(id, out::progress);
      StringBuilder checks = new StringBuilder();
      for (VerifyChange.CheckOutcome check : verified.checks()) {
        checks
            .append(check.passed() ? "  ✔ " : "  ✘ ")
            .append(check.name())
            .append(": ")
            .append(check.detail())
            .append('\n');
      }
      out.text(
          checks
              + "verification "
              + verified.result().replace('_', ' ')
              + ", status "
              + verified.change().status()
              + "\n");
    }
    try (Lifecycle frank = open(FRANK)) {
      out.banner(
          "HIGH risk needs a sign-off, by someone who neither wrote nor deployed it",
          "changetrail signoff " + id);
      ChangeRecord signed = new DecideChange(frank).signOff(id, "alerts seen on the desk at 80%");
      out.text("signed off: status " + signed.status() + "\n");
      out.banner("The change as the ledger tells it", "changetrail change show " + id);
      out.text(ChangeReport.markdown(frank.ledger().change(id)));
      AuditChanges audit = new AuditChanges(frank);
      out.banner(
          "The audit-trail record, computed from ledger facts", "changetrail audit record " + id);
      out.text(audit.record(id).markdown());
      out.banner(
          "Reconciliation: deployed against approved", "changetrail audit reconcile --env prod");
      AuditChanges.Reconciliation reconciliation = audit.reconcile("prod");
      StringBuilder text =
          new StringBuilder(
              reconciliation.deployments()
                  + " deployment(s) to prod, "
                  + reconciliation.exceptions().size()
                  + " exception(s)\n");
      reconciliation
          .exceptions()
          .forEach(
              e ->
                  text.append("  ✘ [")
                      .append(e.kind())
                      .append("] ")
                      .append(e.subject())
                      .append(": ")
                      .append(e.detail())
                      .append('\n'));
      out.text(text.toString());
    }
    Path key = demoKey(git);
    KeyFiles.Generated generated = KeyFiles.generate("acme.example/ledger", Optional.of(key), true);
    AuditLedger ledger = new AuditLedger(git, Optional.empty());
    out.banner(
        "The ledger is checkpointed (signed) and verified",
        "changetrail audit checkpoint && changetrail audit verify");
    AuditLedger.CheckpointResult checkpoint = ledger.checkpoint(Optional.of(key));
    VerificationReport report = ledger.verify(Optional.of(generated.publicKey().toString()));
    out.text(
        checkpoint.note()
            + "\n"
            + (report.ok()
                ? "verified: "
                    + report.entries()
                    + " entries, every leaf, root and checkpoint consistent\n"
                : "VERIFICATION FAILED at entry " + report.firstBadIndex() + "\n"));
  }

  /** The demo's signing key, inside the example's git folder (never the user's own key). */
  public static Path demoKey(io.changetrail.git.GitRepository git) {
    return git.gitDir().resolve("changetrail").resolve("demo-keys").resolve("ledger.key");
  }

  private Lifecycle open(Person actor) {
    Workspace workspace = Workspace.open(repository);
    LedgerStore store = LedgerStore.open(LedgerLocation.resolve(Optional.empty(), workspace.git()));
    return new Lifecycle(workspace, store, actor, Clock.systemUTC());
  }

  private void refusal(Runnable action) {
    try {
      action.run();
      out.text("(unexpectedly allowed)\n");
    } catch (ChangeTrailException e) {
      out.text("refused: " + e.getMessage() + "\n");
    }
  }

  private void write(String path, String content) {
    try {
      Path file = repository.resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ChangeTrailException(
          io.changetrail.domain.Problem.IO, "cannot write " + path + ": " + e.getMessage(), "");
    }
  }
}
