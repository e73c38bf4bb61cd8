package io.changetrail.server;

import io.changetrail.app.api.Proof;
import io.changetrail.app.api.Proofs;
import io.changetrail.app.document.SafeMarkdown;
import io.changetrail.app.lifecycle.ChangeContent;
import io.changetrail.app.lifecycle.DecideChange;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.app.users.Role;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.change.CommitInfo;
import io.changetrail.domain.change.UnifiedDiff;
import io.changetrail.domain.lifecycle.AuditRecord;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.lifecycle.ChangeStatus;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A change's page: its facts, the decision forms for an approver who may decide, the assessment,
 * the change documents, decisions, verification, deployments and the ledger proofs; and the approve
 * and reject posts, through the same use case as the API.
 */
final class ChangePage {
  private final ChangeTrailServer server;
  private final ApiRoutes api;

  ChangePage(ChangeTrailServer server, ApiRoutes api) {
    this.server = server;
    this.api = api;
  }

  /**
   * What the page shows: the change, its documents, its commits and diff from the clone, the
   * inclusion proofs (or why there are none) and the notice of a decision just made.
   */
  record View(
      ChangeRecord change,
      String documents,
      ChangeContent.Content content,
      Optional<Proofs> proofs,
      String noProof,
      String notice) {}

  void show(Context ctx) {
    Caller caller = ChangeTrailServer.caller(ctx);
    Lifecycle reader = server.reader();
    ChangeRecord change = reader.ledger().change(ctx.pathParam("id"));
    Optional<Proofs> proofs = Optional.empty();
    String noProof = "";
    try {
      proofs = Optional.of(server.readApi().proofs(change.id()));
    } catch (ChangeTrailException e) {
      noProof = e.getMessage() + " " + e.hint();
    }
    String notice = ctx.queryParam("done");
    View view =
        new View(
            change,
            api.finder(reader).documents(change),
            new ChangeContent(reader, server.forgeLinks()).of(change),
            proofs,
            noProof,
            notice != null && Set.of("approved", "rejected").contains(notice) ? notice : "");
    Layout.page(ctx, 200, change.id(), caller, render(view, caller));
  }

  static Html render(View view, Caller caller) {
    ChangeRecord change = view.change();
    Html body = new Html();
    body.open("p", "class", "crumbs")
        .link("/changes", "Changes")
        .text(" / " + change.id())
        .close("p");
    body.el("h1", change.title());
    if (!view.notice().isEmpty()) {
      body.el(
          "p",
          "You " + view.notice() + " " + change.id() + ".",
          "class",
          "notice",
          "role",
          "status");
    }
    body.open("dl", "class", "facts");
    body.fact("Change", change.id());
    body.open("dt").text("Status").close("dt");
    body.el(
        "dd",
        change.status().name(),
        "id",
        "status",
        "class",
        "status status-" + change.status().name());
    body.fact("Class", change.changeClass().name());
    body.fact("Type", change.type());
    body.fact("Implementer", change.implementer().display());
    body.fact("Registered", Views.when(change.registered()));
    body.fact(
        "Approvals", change.currentApprovals() + " of " + change.requiredApprovals() + " required");
    body.fact(
        "Commits",
        change.base().isEmpty()
            ? ""
            : Views.shortSha(change.base())
                + ".."
                + Views.shortSha(change.tip())
                + " ("
                + change.commits().size()
                + ")");
    body.close("dl");

    decisionForms(body, caller, change);
    assessment(body, change);
    commits(body, view.content());

    body.el("h2", "Change documents");
    String documents = view.documents();
    if (documents.isBlank()) {
      body.el(
          "p",
          "No documents: the change's commits are not in this server's clone.",
          "class",
          "muted");
    } else {
      body.open("article", "class", "document", "id", "documents");
      body.raw(SafeMarkdown.toHtml(documents));
      body.close("article");
    }

    body.el("h2", "Approvals and rejections");
    if (change.approvals().isEmpty() && change.rejections().isEmpty()) {
      body.el("p", "None yet.", "class", "muted");
    } else {
      body.open("ul", "class", "decisions");
      change.approvals().forEach(a -> decision(body, "approved", a));
      change.rejections().forEach(r -> decision(body, "rejected", r));
      body.close("ul");
    }

    body.el("h2", "Verification");
    if (change.verifications().isEmpty()) {
      body.el("p", "Not verified yet.", "class", "muted");
    } else {
      body.open("ul");
      for (ChangeRecord.Verification v : change.verifications()) {
        body.open("li")
            .text(
                Views.when(v.time())
                    + " by "
                    + v.by().display()
                    + ": "
                    + (v.passed() ? "passed" : v.label()));
        body.open("ul");
        for (ChangeRecord.Check check : v.checks()) {
          boolean ran = check.ran();
          body.el(
              "li",
              (ran ? "executed: " : "")
                  + check.name()
                  + ": "
                  + (check.passed() ? "passed" : "failed")
                  + " "
                  + check.detail().orElse("")
                  + (ran ? check.digest().map(d -> " output " + d).orElse("") : ""),
              "class",
              check.passed() ? "check passed" : "check failed");
        }
        for (String claim : v.claimed()) {
          body.el("li", "claimed, not run by ChangeTrail: " + claim, "class", "check claimed");
        }
        v.postHocNote().ifPresent(note -> body.el("li", note, "class", "check post-hoc"));
        body.close("ul").close("li");
      }
      body.close("ul");
    }
    for (ChangeRecord.SignOff s : change.signOffs()) {
      body.el(
          "p",
          "Signed off "
              + Views.when(s.time())
              + " by "
              + s.by().display()
              + (s.comment().isBlank() ? "" : ": " + s.comment()));
    }

    body.el("h2", "Deployments");
    if (change.deployments().isEmpty()) {
      body.el("p", "Not deployed yet.", "class", "muted");
    } else {
      body.open("ol", "class", "timeline");
      for (ChangeRecord.DeploymentRun run : change.deployments()) {
        body.open("li", "class", "deployment status-" + run.status());
        body.open("strong")
            .link(
                "/changes/" + change.id() + "/deployments/" + run.id(),
                run.environment() + ": " + run.status())
            .close("strong");
        body.text(" started " + Views.when(run.started()) + " by " + run.deployer().display());
        if (run.finished() != null) {
          body.text(", finished " + Views.when(run.finished()));
        }
        body.text(" (" + run.steps().size() + " step(s), " + run.issues().size() + " issue(s))");
        if (run.emergency()) {
          body.el("span", " EMERGENCY: " + run.reason(), "class", "risk-HIGH");
        }
        body.close("li");
      }
      body.close("ol");
    }

    diff(body, change, view.content());

    deployForm(body, caller, change);

    body.el("h2", "Ledger proof");
    proofs(body, view);
    return body;
  }

  private static void decisionForms(Html body, Caller caller, ChangeRecord change) {
    if (!caller.has(Role.APPROVER)) {
      return;
    }
    // as DecideChange: a rolled-back or failed change is decided again before it goes out again
    if (!(change.status() == ChangeStatus.ASSESSED
        || change.status() == ChangeStatus.APPROVED
        || change.status() == ChangeStatus.ROLLED_BACK
        || change.status() == ChangeStatus.FAILED)) {
      return;
    }
    long since = change.lastRollbackEntry().orElse(-1L);
    Optional<ChangeRecord.Decision> mine =
        change.approvals().stream()
            .filter(a -> a.current() && a.index() > since && a.by().sameAs(caller.person()))
            .findFirst();
    if (mine.isPresent()) {
      body.el(
          "p",
          "You approved this change on "
              + Views.when(mine.get().time())
              + (change.currentApprovals() < change.requiredApprovals()
                  ? "; it needs "
                      + (change.requiredApprovals() - change.currentApprovals())
                      + " more approval(s) from someone else."
                  : "."),
          "class",
          "muted",
          "id",
          "decided");
      return;
    }
    Optional<String> conflict = change.dutiesConflict(caller.person(), "approve");
    if (conflict.isPresent()) {
      body.el(
          "p",
          "You cannot decide on this change: " + conflict.get(),
          "class",
          "muted",
          "id",
          "duties");
      return;
    }
    body.open("section", "class", "decide");
    body.el("h2", "Decide");
    change
        .lastDeployment()
        .flatMap(last -> change.rolledBackIn(last.environment()))
        .ifPresent(
            run ->
                body.el(
                    "p",
                    "Rolled back in "
                        + run.environment()
                        + " ("
                        + run.id()
                        + "): approvals given before the rollback do not cover deploying it there"
                        + " again. Approve it again once you know what went wrong.",
                    "class",
                    "muted",
                    "id",
                    "rolled-back"));
    body.form("/changes/" + change.id() + "/approve", caller.csrf(), "class", "inline");
    body.el("label", "Comment", "for", "approve-comment");
    body.open("input", "type", "text", "id", "approve-comment", "name", "comment");
    body.el("button", "Approve", "type", "submit", "id", "approve", "class", "approve");
    body.close("form");
    body.form("/changes/" + change.id() + "/reject", caller.csrf(), "class", "inline");
    body.el("label", "Reason", "for", "reject-comment");
    body.open(
        "input", "type", "text", "id", "reject-comment", "name", "comment", "required", "required");
    body.el("button", "Reject", "type", "submit", "id", "reject", "class", "reject");
    body.close("form");
    body.close("section");
  }

  private static void commits(Html body, ChangeContent.Content content) {
    body.el("h2", "Commits");
    if (content.unavailable().isPresent()) {
      body.el("p", "No commits shown: " + content.unavailable().get() + ".", "class", "muted");
      return;
    }
    body.open("table", "class", "commits", "id", "commits");
    body.open("thead").open("tr");
    for (String heading : List.of("Commit", "Subject", "Author", "Date")) {
      body.el("th", heading);
    }
    body.close("tr").close("thead").open("tbody");
    for (CommitInfo commit : content.commits()) {
      body.open("tr");
      body.open("td", "class", "sha");
      Optional<String> link = content.forge().commit(commit.sha());
      if (link.isPresent()) {
        body.link(link.get(), Views.shortSha(commit.sha()), "class", "forge", "rel", "noreferrer");
      } else {
        body.el("code", Views.shortSha(commit.sha()));
      }
      body.close("td");
      body.el("td", commit.message().lines().findFirst().orElse(""));
      body.el("td", commit.authorName());
      body.el("td", commit.authorTime() == null ? "" : Views.when(commit.authorTime().toInstant()));
      body.close("tr");
    }
    body.close("tbody").close("table");
  }

  private static void diff(Html body, ChangeRecord change, ChangeContent.Content content) {
    body.el("h2", "Diff");
    if (content.unavailable().isPresent()) {
      body.el("p", "No diff shown: " + content.unavailable().get() + ".", "class", "muted");
      return;
    }
    List<UnifiedDiff.File> files = content.files();
    long added = files.stream().mapToLong(UnifiedDiff.File::added).sum();
    long removed = files.stream().mapToLong(UnifiedDiff.File::removed).sum();
    body.el(
        "p",
        files.size() + " file(s), +" + added + " −" + removed,
        "class",
        "muted",
        "id",
        "diffstat");
    body.open("ul", "class", "files", "id", "files");
    for (int i = 0; i < files.size(); i++) {
      UnifiedDiff.File file = files.get(i);
      body.open("li");
      body.link("#file-" + i, file.path());
      body.el(
          "span",
          " " + file.status() + " +" + file.added() + " −" + file.removed(),
          "class",
          "muted");
      body.close("li");
    }
    body.close("ul");
    for (int i = 0; i < files.size(); i++) {
      UnifiedDiff.File file = files.get(i);
      body.open("section", "class", "file", "id", "file-" + i, "data-path", file.path());
      body.open("h3");
      body.text(file.path());
      if (file.status().equals("renamed")) {
        body.el("span", " (from " + file.oldPath() + ")", "class", "muted");
      }
      String sha = file.newPath().isEmpty() ? change.base() : change.tip();
      content
          .forge()
          .file(sha, file.path())
          .ifPresent(
              url -> {
                body.text(" ");
                body.link(url, "view on the forge", "class", "forge", "rel", "noreferrer");
              });
      body.close("h3");
      if (file.binary()) {
        body.el("p", "Binary file " + file.status() + ".", "class", "muted");
      }
      body.open("table", "class", "diff");
      for (UnifiedDiff.Hunk hunk : file.hunks()) {
        body.open("tr", "class", "hunk").el("td", "", "class", "ln").el("td", "", "class", "ln");
        body.el("td", hunk.header()).close("tr");
        for (UnifiedDiff.Line line : hunk.lines()) {
          String kind =
              switch (line.kind()) {
                case '+' -> "add";
                case '-' -> "del";
                case '\\' -> "note";
                default -> "ctx";
              };
          body.open("tr", "class", kind);
          body.el("td", line.oldLine() == 0 ? "" : line.oldLine(), "class", "ln");
          body.el("td", line.newLine() == 0 ? "" : line.newLine(), "class", "ln");
          body.el("td", (line.kind() == '\\' ? "" : String.valueOf(line.kind())) + line.text());
          body.close("tr");
        }
      }
      body.close("table");
      body.close("section");
    }
    if (content.truncated()) {
      body.el(
          "p",
          "The diff is longer than this page shows ("
              + ChangeContent.MAX_DIFF_BYTES / 1024
              + " KiB): see the rest with 'git diff "
              + Views.shortSha(change.base())
              + " "
              + Views.shortSha(change.tip())
              + "'.",
          "class",
          "muted",
          "id",
          "truncated");
    }
  }

  private static final Set<ChangeStatus> NOT_DEPLOYABLE =
      Set.of(
          ChangeStatus.DRAFT, ChangeStatus.REJECTED, ChangeStatus.CLOSED, ChangeStatus.DEPLOYING);

  /** Deploy by hand: for a deployer, while the change may be deployed (the use case gates it). */
  private static void deployForm(Html body, Caller caller, ChangeRecord change) {
    if (!caller.has(Role.DEPLOYER) || NOT_DEPLOYABLE.contains(change.status())) {
      return;
    }
    body.open("section", "class", "act", "id", "deploy");
    body.el("h3", "Deploy by hand");
    body.el(
        "p",
        "Records the start of a deployment of "
            + Views.shortSha(change.tip())
            + " done by hand; the gate (approval for the environment, blackout windows) applies."
            + " Then record its steps and its end on the deployment's page.",
        "class",
        "muted");
    body.form("/changes/" + change.id() + "/deployments", caller.csrf(), "id", "deploy-form");
    body.el("label", "Environment", "for", "deploy-environment");
    body.open(
        "input",
        "type",
        "text",
        "id",
        "deploy-environment",
        "name",
        "environment",
        "required",
        "required",
        "value",
        "prod");
    body.el("label", "Emergency", "for", "deploy-emergency");
    body.open(
        "input",
        "type",
        "checkbox",
        "id",
        "deploy-emergency",
        "name",
        "emergency",
        "value",
        "true");
    body.el("label", "Reason (emergency)", "for", "deploy-reason");
    body.open("input", "type", "text", "id", "deploy-reason", "name", "reason");
    body.el(
        "button",
        "Start deployment",
        "type",
        "submit",
        "id",
        "start-deployment",
        "class",
        "approve");
    body.close("form");
    body.close("section");
  }

  void decide(Context ctx, boolean approve) {
    Caller caller =
        ChangeTrailServer.require(ctx, Role.APPROVER, approve ? "approving" : "rejecting");
    String id = ctx.pathParam("id");
    String comment = Optional.ofNullable(ctx.formParam("comment")).orElse("");
    DecideChange decide = new DecideChange(server.lifecycle(caller));
    ChangeRecord record =
        approve ? decide.approve(id, comment, List.of()) : decide.reject(id, comment);
    ctx.redirect(
        "/changes/" + record.id() + "?done=" + (approve ? "approved" : "rejected"),
        HttpStatus.SEE_OTHER);
  }

  private static void assessment(Html body, ChangeRecord change) {
    body.el("h2", "Assessment");
    body.open("p");
    body.text("Risk ");
    body.el(
        "strong", change.risk().name(), "class", "risk risk-" + change.risk().name(), "id", "risk");
    body.text(" (score " + change.riskScore() + "), rollback " + change.rollback().name());
    body.close("p");
    List<ChangeRecord.RiskFactor> factors = change.riskFactors();
    if (!factors.isEmpty()) {
      body.open("table", "class", "factors", "id", "factors");
      body.open("thead")
          .open("tr")
          .el("th", "Factor")
          .el("th", "Weight")
          .el("th", "Why")
          .close("tr")
          .close("thead");
      body.open("tbody");
      for (ChangeRecord.RiskFactor factor : factors) {
        body.open("tr");
        body.el("td", factor.id());
        body.el("td", factor.weight(), "class", "number");
        body.el("td", factor.description());
        body.close("tr");
      }
      body.close("tbody").close("table");
    }
    body.el("h3", "Systems");
    body.open("ul");
    for (ChangeRecord.SystemRef system : change.systems()) {
      body.el(
          "li",
          system.name()
              + " (tier "
              + system.tier()
              + (system.direct() ? ", direct" : ", through dependencies")
              + ")");
    }
    body.close("ul");
    List<ChangeRecord.TestingRequired> testing = change.testingRequired();
    if (!testing.isEmpty()) {
      body.el("h3", "Testing required");
      body.open("ul");
      for (ChangeRecord.TestingRequired test : testing) {
        body.el("li", test.kind() + ": " + test.description());
      }
      body.close("ul");
    }
    if (!change.documentation().isEmpty()) {
      body.el("h3", "Documentation required");
      body.open("ul");
      change.documentation().forEach(d -> body.el("li", d));
      body.close("ul");
    }
  }

  private static void proofs(Html body, View view) {
    if (view.proofs().isEmpty()) {
      body.el("p", "No proof: " + view.noProof(), "class", "muted", "id", "proofs");
      return;
    }
    Proofs proofs = view.proofs().get();
    body.el(
        "p",
        "Inclusion of each of this change's ledger entries in a signed checkpoint (key "
            + proofs.key()
            + ").",
        "class",
        "muted");
    body.open("table", "class", "proofs", "id", "proofs");
    body.open("thead")
        .open("tr")
        .el("th", "Entry")
        .el("th", "Tree size")
        .el("th", "Proof")
        .close("tr")
        .close("thead");
    body.open("tbody");
    for (Proof proof : proofs.proofs()) {
      body.open("tr");
      body.el("td", proof.index(), "class", "number");
      body.el("td", proof.treeSize() == null ? "" : proof.treeSize(), "class", "number");
      body.el(
          "td",
          proof.verified()
              ? "verified ("
                  + proof.inclusionProof().size()
                  + " hashes to root "
                  + proof.rootHash()
                  + ")"
              : "not proven: " + (proof.reason() == null ? "" : proof.reason()),
          "class",
          proof.verified() ? "ok" : "muted");
      body.close("tr");
    }
    body.close("tbody").close("table");
  }

  private static void decision(Html body, String verb, ChangeRecord.Decision d) {
    body.el(
        "li",
        Views.when(d.time())
            + ": "
            + verb
            + " by "
            + d.by().display()
            + AuditRecord.identityNote(d.identity())
            + (d.comment().isBlank() ? "" : ": " + d.comment())
            + (d.current() ? "" : " (for older content: no longer counts)"),
        "class",
        "decision " + verb);
  }
}
