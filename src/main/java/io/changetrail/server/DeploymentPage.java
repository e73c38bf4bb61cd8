package io.changetrail.server;

import io.changetrail.app.lifecycle.DecideChange;
import io.changetrail.app.lifecycle.DeployChange;
import io.changetrail.app.users.Role;
import io.changetrail.domain.deploy.Deployment;
import io.changetrail.domain.deploy.DeploymentStatus;
import io.changetrail.domain.deploy.Issue;
import io.changetrail.domain.deploy.Phase;
import io.changetrail.domain.deploy.StepResult;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.lifecycle.ChangeStatus;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One deployment: its steps on a timeline (status, duration, output digest, the end of the output),
 * its issues, and the forms each role gets: a deployer records steps, issues, the end, and a
 * rollback done by hand; an approver who may signs the change off. Every form posts to the same use
 * cases as the API ({@link DeployChange}, {@link DecideChange}) and carries the CSRF token.
 */
final class DeploymentPage {
  private static final Set<String> NOTICES =
      Set.of("started", "step", "issue", "finished", "rolled back", "signed off");

  /** What the page shows: the change, its run as recorded, the deployment document's model. */
  record View(
      ChangeRecord change, ChangeRecord.DeploymentRun run, Deployment deployment, String notice) {}

  private final ChangeTrailServer server;

  DeploymentPage(ChangeTrailServer server) {
    this.server = server;
  }

  void show(Context ctx) {
    Caller caller = ChangeTrailServer.caller(ctx);
    ChangeRecord change = server.reader().ledger().change(ctx.pathParam("id"));
    Deployment deployment =
        new DeployChange(server.reader())
            .show(change.id(), Optional.of(ctx.pathParam("deployment")));
    ChangeRecord.DeploymentRun run =
        change.deployments().stream()
            .filter(r -> r.id().equals(deployment.id()))
            .findFirst()
            .orElseThrow();
    String notice = Views.param(ctx, "done");
    View view = new View(change, run, deployment, NOTICES.contains(notice) ? notice : "");
    Layout.page(
        ctx,
        200,
        "Deployment " + deployment.id() + " · " + change.id(),
        caller,
        render(view, caller));
  }

  static Html render(View view, Caller caller) {
    ChangeRecord change = view.change();
    Deployment d = view.deployment();
    Html body = new Html();
    body.open("p", "class", "crumbs")
        .link("/deployments", "Deployments")
        .text(" / ")
        .link("/changes/" + change.id(), change.id())
        .text(" / " + d.id())
        .close("p");
    body.el("h1", "Deployment " + d.id() + " to " + d.environment());
    body.el("p", change.title(), "class", "muted");
    if (!view.notice().isEmpty()) {
      body.el("p", "Recorded: " + view.notice() + ".", "class", "notice", "role", "status");
    }
    body.open("dl", "class", "facts");
    body.open("dt").text("Status").close("dt");
    body.el("dd", d.status().name(), "id", "status", "class", "status status-" + d.status().name());
    body.fact("Change", change.id() + " (" + change.status().name() + ")");
    body.fact("Environment", d.environment());
    body.fact("Runbook", d.runbook());
    body.fact("Commit", view.run().commit().isEmpty() ? "" : Views.shortSha(view.run().commit()));
    body.fact("Deployer", d.deployer());
    body.fact("Started", Views.when(d.started()));
    body.fact("Finished", d.finished() == null ? "not yet" : Views.when(d.finished()));
    body.fact("Duration", d.duration().map(Views::duration).orElse("running"));
    if (view.run().emergency()) {
      body.open("dt").text("Emergency").close("dt");
      body.el("dd", view.run().reason(), "class", "risk-HIGH", "id", "emergency");
    }
    body.close("dl");

    body.el("h2", "Steps");
    if (d.results().isEmpty()) {
      body.el("p", "No step recorded yet.", "class", "muted", "id", "steps");
    } else {
      body.open("ol", "class", "steps", "id", "steps");
      for (StepResult step : d.results()) {
        step(body, step);
      }
      body.close("ol");
    }
    body.el("h2", "Issues");
    if (d.issues().isEmpty()) {
      body.el("p", "None recorded.", "class", "muted", "id", "issues");
    } else {
      body.open("ul", "id", "issues");
      for (Issue issue : d.issues()) {
        body.el(
            "li",
            Views.when(issue.time())
                + (issue.severity().isEmpty() ? "" : " [" + issue.severity() + "]")
                + " "
                + issue.description()
                + (issue.resolution().isEmpty() ? "" : " → " + issue.resolution())
                + issue.resolutionTime().map(t -> " (" + Views.duration(t) + ")").orElse(""));
      }
      body.close("ul");
    }
    deployerForms(body, caller, view);
    signOffForm(body, caller, view);
    return body;
  }

  private static void step(Html body, StepResult step) {
    body.open(
        "li",
        "class",
        step.status().name(),
        "data-step",
        step.phase().label() + "-" + step.number());
    body.open("strong")
        .text(step.phase().label() + " " + step.number() + ": " + step.name())
        .close("strong");
    body.text(" ");
    body.el("span", step.status().name(), "class", "badge " + step.status().name());
    body.el(
        "span",
        " "
            + Views.when(step.started())
            + " · "
            + Views.duration(step.duration())
            + (step.exitCode() == StepResult.NO_EXIT_CODE ? "" : " · exit " + step.exitCode()),
        "class",
        "muted");
    if (!step.command().isEmpty() && !step.command().equals("(by hand)")) {
      body.open("div").el("code", step.command()).close("div");
    } else if (step.command().equals("(by hand)")) {
      body.el("div", "done by hand", "class", "muted");
    }
    if (!step.notes().isEmpty()) {
      body.el("div", step.notes());
    }
    if (!step.outputTail().isEmpty()) {
      body.el("pre", step.outputTail().stripTrailing(), "class", "log");
    }
    if (!step.command().equals("(by hand)")) {
      body.el("div", "output " + step.outputDigest(), "class", "digest");
    }
    body.close("li");
  }

  private static void deployerForms(Html body, Caller caller, View view) {
    if (!caller.has(Role.DEPLOYER)) {
      return;
    }
    Deployment d = view.deployment();
    String base = "/changes/" + view.change().id() + "/deployments/" + d.id();
    if (d.status() == DeploymentStatus.RUNNING) {
      body.open("section", "class", "act", "id", "record");
      body.el("h2", "Record what was done");
      body.form(base + "/steps", caller.csrf(), "id", "step-form");
      body.el("label", "Part", "for", "step-phase");
      body.open("select", "id", "step-phase", "name", "phase");
      for (Phase phase : Phase.values()) {
        if (phase == Phase.STEP) {
          body.el("option", phase.label(), "value", phase.name(), "selected", "selected");
        } else {
          body.el("option", phase.label(), "value", phase.name());
        }
      }
      body.close("select");
      body.el("label", "Step", "for", "step-name");
      body.open("input", "type", "text", "id", "step-name", "name", "name", "required", "required");
      body.el("label", "Seconds", "for", "step-seconds");
      body.open(
          "input",
          "type",
          "number",
          "min",
          "0",
          "id",
          "step-seconds",
          "name",
          "seconds",
          "value",
          "0");
      body.el("label", "Notes", "for", "step-notes");
      body.open("input", "type", "text", "id", "step-notes", "name", "notes");
      body.el("label", "Passed", "for", "step-passed");
      body.open(
          "input",
          "type",
          "checkbox",
          "id",
          "step-passed",
          "name",
          "passed",
          "value",
          "true",
          "checked",
          "checked");
      body.el("button", "Record step", "type", "submit", "id", "record-step");
      body.close("form");
      body.form(base + "/issues", caller.csrf(), "id", "issue-form");
      body.el("label", "Issue", "for", "issue-description");
      body.open(
          "input",
          "type",
          "text",
          "id",
          "issue-description",
          "name",
          "description",
          "required",
          "required");
      body.el("label", "Resolution", "for", "issue-resolution");
      body.open("input", "type", "text", "id", "issue-resolution", "name", "resolution");
      body.el("button", "Record issue", "type", "submit", "id", "record-issue");
      body.close("form");
      body.form(base + "/finish", caller.csrf(), "id", "finish-form");
      body.el(
          "button",
          "Finish: succeeded",
          "type",
          "submit",
          "name",
          "outcome",
          "value",
          "succeeded",
          "id",
          "finish-succeeded",
          "class",
          "approve");
      body.el(
          "button",
          "Finish: failed",
          "type",
          "submit",
          "name",
          "outcome",
          "value",
          "failed",
          "id",
          "finish-failed",
          "class",
          "reject");
      body.close("form");
      body.close("section");
      return;
    }
    if (d.status() == DeploymentStatus.ROLLED_BACK) {
      return;
    }
    body.open("section", "class", "act", "id", "rollback");
    body.el("h2", "Roll back");
    body.el(
        "p",
        "Record a rollback done by hand (the team server runs nothing): it ends this deployment as"
            + " ROLLED_BACK, or ROLLBACK_FAILED if it did not work.",
        "class",
        "muted");
    body.form(base + "/rollback", caller.csrf(), "id", "rollback-form");
    body.el("label", "What was done", "for", "rollback-notes");
    body.open(
        "input",
        "type",
        "text",
        "id",
        "rollback-notes",
        "name",
        "notes",
        "required",
        "required",
        "size",
        "40");
    body.el("label", "Seconds", "for", "rollback-seconds");
    body.open(
        "input",
        "type",
        "number",
        "min",
        "0",
        "id",
        "rollback-seconds",
        "name",
        "seconds",
        "value",
        "0");
    body.el(
        "button",
        "Rolled back",
        "type",
        "submit",
        "name",
        "outcome",
        "value",
        "succeeded",
        "id",
        "rolled-back",
        "class",
        "reject");
    body.el(
        "button",
        "Rollback failed",
        "type",
        "submit",
        "name",
        "outcome",
        "value",
        "failed",
        "id",
        "rollback-failed");
    body.close("form");
    body.close("section");
  }

  private static void signOffForm(Html body, Caller caller, View view) {
    ChangeRecord change = view.change();
    if (!caller.has(Role.APPROVER)
        || !(change.status() == ChangeStatus.DEPLOYED
            || change.status() == ChangeStatus.VERIFIED)) {
      return;
    }
    if (change.signOffs().stream().anyMatch(s -> s.by().sameAs(caller.person()))) {
      body.el("p", "You signed this change off.", "class", "muted", "id", "signed-off");
      return;
    }
    Optional<String> conflict = change.dutiesConflict(caller.person(), "sign off");
    if (conflict.isPresent()) {
      body.el("p", "You cannot sign off: " + conflict.get(), "class", "muted", "id", "duties");
      return;
    }
    body.open("section", "class", "act", "id", "signoff");
    body.el("h2", "Sign off");
    if (!change.latestVerification().map(ChangeRecord.Verification::passed).orElse(false)) {
      body.el(
          "p",
          "Sign-off needs a passed verification first: 'changetrail verify " + change.id() + "'.",
          "class",
          "muted",
          "id",
          "signoff-blocked");
      body.close("section");
      return;
    }
    body.el(
        "p",
        change.signOffRequired()
            ? "This change is HIGH risk or HIGH rollback complexity: it needs a sign-off."
            : "A sign-off is not required for this change; you may still record one.",
        "class",
        "muted");
    body.form("/changes/" + change.id() + "/signoff", caller.csrf(), "id", "signoff-form");
    body.hidden("deployment", view.deployment().id());
    body.el("label", "Comment", "for", "signoff-comment");
    body.open("input", "type", "text", "id", "signoff-comment", "name", "comment", "size", "40");
    body.el("button", "Sign off", "type", "submit", "id", "sign-off-change", "class", "approve");
    body.close("form");
    body.close("section");
  }

  // ---------------------------------------------------------------- posts

  void start(Context ctx) {
    Caller caller = ChangeTrailServer.require(ctx, Role.DEPLOYER, "recording a deployment");
    String id = ctx.pathParam("id");
    ChangeRecord change = server.reader().ledger().change(id);
    boolean emergency = "true".equals(ctx.formParam("emergency"));
    DeployChange.Outcome started =
        new DeployChange(server.lifecycle(caller))
            .startManual(
                change.id(),
                form(ctx, "environment"),
                emergency,
                form(ctx, "reason"),
                Optional.of(change.tip()));
    back(ctx, change.id(), started.deployment().id(), "started");
  }

  void step(Context ctx) {
    Caller caller = ChangeTrailServer.require(ctx, Role.DEPLOYER, "recording a deployment step");
    Phase phase;
    try {
      phase = Phase.valueOf(form(ctx, "phase").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(
          "unknown part '" + form(ctx, "phase") + "'", "choose one of the list");
    }
    new DeployChange(server.lifecycle(caller))
        .recordStep(
            ctx.pathParam("id"),
            ctx.pathParam("deployment"),
            phase,
            form(ctx, "name"),
            "true".equals(ctx.formParam("passed")),
            Duration.ofSeconds(seconds(ctx)),
            form(ctx, "notes"));
    back(ctx, ctx.pathParam("id"), ctx.pathParam("deployment"), "step");
  }

  void issue(Context ctx) {
    Caller caller = ChangeTrailServer.require(ctx, Role.DEPLOYER, "recording a deployment issue");
    new DeployChange(server.lifecycle(caller))
        .recordIssue(
            ctx.pathParam("id"),
            ctx.pathParam("deployment"),
            form(ctx, "description"),
            form(ctx, "resolution"));
    back(ctx, ctx.pathParam("id"), ctx.pathParam("deployment"), "issue");
  }

  void finish(Context ctx) {
    Caller caller = ChangeTrailServer.require(ctx, Role.DEPLOYER, "finishing a deployment");
    new DeployChange(server.lifecycle(caller))
        .finishManual(ctx.pathParam("id"), ctx.pathParam("deployment"), succeeded(ctx));
    back(ctx, ctx.pathParam("id"), ctx.pathParam("deployment"), "finished");
  }

  void rollback(Context ctx) {
    Caller caller = ChangeTrailServer.require(ctx, Role.DEPLOYER, "rolling back");
    new DeployChange(server.lifecycle(caller))
        .recordRollback(
            ctx.pathParam("id"),
            ctx.pathParam("deployment"),
            succeeded(ctx),
            Duration.ofSeconds(seconds(ctx)),
            form(ctx, "notes"));
    back(ctx, ctx.pathParam("id"), ctx.pathParam("deployment"), "rolled back");
  }

  void signOff(Context ctx) {
    Caller caller = ChangeTrailServer.require(ctx, Role.APPROVER, "signing off");
    ChangeRecord record =
        new DecideChange(server.lifecycle(caller))
            .signOff(ctx.pathParam("id"), form(ctx, "comment"));
    String deployment = form(ctx, "deployment");
    if (deployment.matches("[A-Za-z0-9-]{1,64}")
        && record.deployments().stream().anyMatch(r -> r.id().equals(deployment))) {
      back(ctx, record.id(), deployment, "signed off");
    } else {
      ctx.redirect("/changes/" + record.id(), HttpStatus.SEE_OTHER);
    }
  }

  private static void back(Context ctx, String change, String deployment, String done) {
    ctx.redirect(
        "/changes/"
            + change
            + "/deployments/"
            + deployment.toUpperCase(Locale.ROOT)
            + "?done="
            + done.replace(" ", "+"),
        HttpStatus.SEE_OTHER);
  }

  private static String form(Context ctx, String name) {
    return Optional.ofNullable(ctx.formParam(name)).orElse("").strip();
  }

  private static boolean succeeded(Context ctx) {
    String outcome = form(ctx, "outcome");
    if (!outcome.equals("succeeded") && !outcome.equals("failed")) {
      throw ApiError.badRequest(
          "the outcome must be succeeded or failed", "use the page's buttons");
    }
    return outcome.equals("succeeded");
  }

  private static long seconds(Context ctx) {
    String text = form(ctx, "seconds");
    if (text.isEmpty()) {
      return 0;
    }
    try {
      long seconds = Long.parseLong(text);
      if (seconds < 0) {
        throw new NumberFormatException();
      }
      return seconds;
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("'" + text + "' is not a number of seconds", "e.g. 90");
    }
  }
}
