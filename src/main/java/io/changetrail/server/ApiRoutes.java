package io.changetrail.server;

import static io.changetrail.server.ChangeTrailServer.json;
import static io.changetrail.server.ChangeTrailServer.require;

import io.changetrail.app.api.ChangePage;
import io.changetrail.app.api.ChangeQuery;
import io.changetrail.app.api.ChangeTrailApi;
import io.changetrail.app.api.ChangeView;
import io.changetrail.app.api.DeploymentView;
import io.changetrail.app.api.LocalChangeTrail;
import io.changetrail.app.api.Requests;
import io.changetrail.app.assess.AssessChange;
import io.changetrail.app.assess.AssessmentJson;
import io.changetrail.app.audit.AuditLedger;
import io.changetrail.app.lifecycle.AuditChanges;
import io.changetrail.app.lifecycle.FindChanges;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.app.users.Role;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.OrderedMap;
import io.changetrail.domain.Problem;
import io.changetrail.domain.lifecycle.ChangeClass;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.ledger.LedgerStore;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON API, version 1: each route checks the caller's role, reads its input, calls one use case
 * and writes the same JSON the CLI's {@code --format json} prints. Documented in openapi.json.
 */
final class ApiRoutes {
  static final String V1 = "/api/v1";
  private final ChangeTrailServer server;

  ApiRoutes(ChangeTrailServer server) {
    this.server = server;
  }

  void register(RouteTable app) {
    app.get(V1 + "/me", this::me);
    app.get(V1 + "/changes", this::listChanges);
    app.post(V1 + "/changes", this::registerChange, changeAsAppended(201));
    app.get(V1 + "/changes/{id}", this::showChange);
    app.post(V1 + "/changes/{id}/update", this::updateChange, changeAsAppended(200));
    app.post(V1 + "/changes/{id}/approve", this::approve, changeAsAppended(200));
    app.post(V1 + "/changes/{id}/reject", this::reject, changeAsAppended(200));
    app.post(V1 + "/changes/{id}/signoff", this::signOff, changeAsAppended(200));
    app.post(V1 + "/changes/{id}/close", this::close, changeAsAppended(200));
    app.get(V1 + "/changes/{id}/audit", this::auditRecord);
    app.get(V1 + "/changes/{id}/proof", this::proof);
    app.post(V1 + "/changes/{id}/deployments", this::startDeployment);
    app.get(V1 + "/changes/{id}/deployments/{deployment}", this::showDeployment);
    app.post(V1 + "/changes/{id}/deployments/{deployment}/steps", this::recordStep);
    app.post(V1 + "/changes/{id}/deployments/{deployment}/issues", this::recordIssue);
    app.post(V1 + "/changes/{id}/deployments/{deployment}/finish", this::finishDeployment);
    app.post(V1 + "/changes/{id}/deployments/{deployment}/rollback", this::rollBack);
    app.get(V1 + "/deployments", this::listDeployments);
    app.post(V1 + "/assess", this::assess);
    app.get(V1 + "/audit/verify", this::verifyLedger);
    app.post(V1 + "/audit/checkpoint", this::checkpoint);
    app.get(V1 + "/audit/export", this::export);
    app.get(V1 + "/audit/reconcile", this::reconcile);
    app.get(V1 + "/audit/population", this::population);
  }

  /**
   * A lost answer of a change route, rebuilt for an Idempotency-Key retry: the change as the first
   * request's entries left it, which is what that request answered (its answer is projected from
   * what it read and appended).
   */
  private IdempotentPosts.Recovery changeAsAppended(int status) {
    return (ctx, first, last) -> {
      Optional<ChangeRecord> appended = server.reader().ledger().asAppended(first, last);
      if (appended.isEmpty()) {
        IdempotentPosts.NONE.answer(ctx, first, last);
        return;
      }
      ChangeRecord record = appended.get();
      if (status == 201) {
        ctx.header("Location", V1 + "/changes/" + record.id());
      }
      change(ctx, status, record);
    };
  }

  // ---------------------------------------------------------------- who

  private void me(Context ctx) {
    Caller caller = ChangeTrailServer.caller(ctx);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("user", caller.user());
    body.put("person", caller.person().display());
    body.put("roles", caller.roles().stream().map(Role::label).sorted().toList());
    json(ctx, 200, body);
  }

  // ---------------------------------------------------------------- changes

  private void listChanges(Context ctx) {
    ChangeTrailServer.caller(ctx);
    ChangeQuery query =
        new ChangeQuery(
            ctx.queryParam("status"),
            ctx.queryParam("risk"),
            ctx.queryParam("system"),
            ctx.queryParam("since"),
            ctx.queryParam("until"),
            ctx.queryParam("q"),
            ctx.queryParam("order"),
            ChangeQuery.limit(ctx.queryParam("limit")),
            ctx.queryParam("after"));
    ChangePage page = server.readApi().changes(query);
    if ("text".equals(ctx.queryParam("format"))) {
      text(ctx, page.table());
      return;
    }
    json(ctx, 200, page);
  }

  FindChanges finder(Lifecycle lifecycle) {
    return new FindChanges(lifecycle, server.documents());
  }

  private void registerChange(Context ctx) {
    Caller caller = require(ctx, Role.DEVELOPER, "registering a change");
    JsonBody body = JsonBody.of(ctx, Requests.Register.FIELDS);
    if (body.flag("writeDocument")) {
      throw ApiError.badRequest(
          "a server writes no change document into a checkout",
          "leave out writeDocument, or register locally with --write-doc");
    }
    Requests.Register request =
        new Requests.Register(
            body.requiredText("range", "{\"range\": \"main..feature/fix-fix-session\"}"),
            body.text("title"),
            body.text("class"),
            body.text("reason"),
            body.text("supersedes"),
            false);
    ChangeView record;
    try {
      record = server.api(caller).register(request);
    } catch (ChangeTrailException e) {
      if (e.problem() != Problem.UNKNOWN_REVISION) {
        throw e;
      }
      // a commit just pushed: fetch the node's clone once, then register or say it is unknown
      try {
        server.fetcher().fetch();
      } catch (ChangeTrailException fetchFailed) {
        throw e;
      }
      record = server.api(caller).register(request);
    }
    ctx.header("Location", V1 + "/changes/" + record.id());
    json(ctx, 201, record);
  }

  private void showChange(Context ctx) {
    ChangeTrailServer.caller(ctx);
    String format = Optional.ofNullable(ctx.queryParam("format")).orElse("json");
    LocalChangeTrail api = server.readApi();
    switch (format) {
      case "json" -> json(ctx, 200, api.change(ctx.pathParam("id")));
      case "markdown", "text" -> text(ctx, api.changeMarkdown(ctx.pathParam("id")));
      default ->
          throw ApiError.badRequest(
              "unknown format '" + format + "'", "use json, markdown or text");
    }
  }

  private void updateChange(Context ctx) {
    Caller caller = require(ctx, Role.DEVELOPER, "updating a change");
    JsonBody body = JsonBody.of(ctx, Requests.Update.FIELDS);
    json(
        ctx,
        200,
        server.api(caller).update(ctx.pathParam("id"), new Requests.Update(body.text("range"))));
  }

  private void approve(Context ctx) {
    Caller caller = require(ctx, Role.APPROVER, "approving");
    JsonBody body = JsonBody.of(ctx, Requests.Approve.FIELDS);
    json(
        ctx,
        200,
        server
            .api(caller)
            .approve(
                ctx.pathParam("id"),
                new Requests.Approve(body.text("comment"), body.texts("environments"))));
  }

  private void reject(Context ctx) {
    Caller caller = require(ctx, Role.APPROVER, "rejecting");
    json(ctx, 200, server.api(caller).reject(ctx.pathParam("id"), comment(ctx)));
  }

  private void signOff(Context ctx) {
    Caller caller = require(ctx, Role.APPROVER, "signing off");
    json(ctx, 200, server.api(caller).signOff(ctx.pathParam("id"), comment(ctx)));
  }

  private void close(Context ctx) {
    Caller caller = require(ctx, Role.APPROVER, "closing a change");
    json(ctx, 200, server.api(caller).close(ctx.pathParam("id"), comment(ctx)));
  }

  private static Requests.Comment comment(Context ctx) {
    return new Requests.Comment(JsonBody.of(ctx, Requests.Comment.FIELDS).text("comment"));
  }

  private void auditRecord(Context ctx) {
    require(ctx, Role.AUDITOR, "reading an audit record");
    LocalChangeTrail api = server.readApi();
    String id = ctx.pathParam("id");
    String format = Optional.ofNullable(ctx.queryParam("format")).orElse("json");
    switch (format) {
      case "methodology" -> json(ctx, 200, api.methodologyRecord(id));
      case "markdown" -> text(ctx, api.auditRecordMarkdown(id));
      default -> json(ctx, 200, api.auditRecord(id));
    }
  }

  /** Inclusion proofs of every ledger entry of a change, against the covering signed checkpoint. */
  private void proof(Context ctx) {
    ChangeTrailServer.caller(ctx);
    json(ctx, 200, server.readApi().proofs(ctx.pathParam("id")));
  }

  // ---------------------------------------------------------------- deployments

  private void startDeployment(Context ctx) {
    Caller caller = require(ctx, Role.DEPLOYER, "recording a deployment");
    JsonBody body = JsonBody.of(ctx, Requests.StartDeployment.FIELDS);
    DeploymentView started =
        server
            .api(caller)
            .startDeployment(
                ctx.pathParam("id"),
                new Requests.StartDeployment(
                    body.requiredText("environment", "{\"environment\": \"production\"}"),
                    body.flag("emergency"),
                    body.text("reason"),
                    body.text("commit"),
                    body.artifacts("artifacts")));
    ctx.header("Location", V1 + "/changes/" + ctx.pathParam("id") + "/deployments/" + started.id());
    json(ctx, 201, started);
  }

  private void showDeployment(Context ctx) {
    ChangeTrailServer.caller(ctx);
    // "latest" names the change's latest deployment (a deployment id is never that word)
    String deployment = ctx.pathParam("deployment");
    String which = deployment.equals(ChangeTrailApi.LATEST_DEPLOYMENT) ? "" : deployment;
    LocalChangeTrail api = server.readApi();
    String format = Optional.ofNullable(ctx.queryParam("format")).orElse("json");
    switch (format) {
      case "json" -> json(ctx, 200, api.deployment(ctx.pathParam("id"), which));
      case "markdown", "text" ->
          text(ctx, api.deploymentDocument(ctx.pathParam("id"), which, "markdown"));
      case "html" ->
          ctx.contentType("text/html; charset=utf-8")
              .result(api.deploymentDocument(ctx.pathParam("id"), which, "html"));
      default ->
          throw ApiError.badRequest(
              "unknown format '" + format + "'", "use json, markdown or html");
    }
  }

  private void recordStep(Context ctx) {
    Caller caller = require(ctx, Role.DEPLOYER, "recording a deployment step");
    JsonBody body = JsonBody.of(ctx, Requests.Step.FIELDS);
    Requests.Step request =
        new Requests.Step(
            body.optionalText("phase").orElse("STEP"),
            body.requiredText("name", "{\"name\": \"restart fix-gateway\", \"passed\": true}"),
            body.flag("passed"),
            body.number("seconds").orElse(0L),
            body.text("notes"));
    json(
        ctx,
        200,
        server.api(caller).recordStep(ctx.pathParam("id"), ctx.pathParam("deployment"), request));
  }

  private void recordIssue(Context ctx) {
    Caller caller = require(ctx, Role.DEPLOYER, "recording a deployment issue");
    JsonBody body = JsonBody.of(ctx, Requests.Issue.FIELDS);
    Requests.Issue request =
        new Requests.Issue(
            body.requiredText("description", "{\"description\": \"order gateway slow to start\"}"),
            body.text("resolution"),
            body.text("severity"),
            body.text("resolutionTime"));
    json(
        ctx,
        200,
        server.api(caller).recordIssue(ctx.pathParam("id"), ctx.pathParam("deployment"), request));
  }

  private void finishDeployment(Context ctx) {
    Caller caller = require(ctx, Role.DEPLOYER, "finishing a deployment");
    JsonBody body = JsonBody.of(ctx, Requests.Finish.FIELDS);
    json(
        ctx,
        200,
        server
            .api(caller)
            .finishDeployment(
                ctx.pathParam("id"),
                ctx.pathParam("deployment"),
                new Requests.Finish(body.flag("succeeded"))));
  }

  /** A rollback done by hand of a finished deployment: the deployer role, as on the CLI. */
  private void rollBack(Context ctx) {
    Caller caller = require(ctx, Role.DEPLOYER, "recording a rollback");
    JsonBody body = JsonBody.of(ctx, Requests.RollBack.FIELDS);
    Requests.RollBack request =
        new Requests.RollBack(
            body.flag("succeeded"), body.number("seconds").orElse(0L), body.text("notes"));
    json(
        ctx,
        200,
        server.api(caller).rollBack(ctx.pathParam("id"), ctx.pathParam("deployment"), request));
  }

  private void listDeployments(Context ctx) {
    ChangeTrailServer.caller(ctx);
    json(ctx, 200, server.readApi().deployments(ctx.queryParam("environment")));
  }

  // ---------------------------------------------------------------- assess

  private void assess(Context ctx) {
    require(ctx, Role.DEVELOPER, "assessing a commit or range");
    JsonBody body = JsonBody.of(ctx, Set.of("range", "commit", "description"));
    Optional<String> range = body.optionalText("range").filter(r -> !r.isBlank());
    Optional<String> commit = body.optionalText("commit").filter(r -> !r.isBlank());
    if (range.isPresent() == commit.isPresent()) {
      throw ApiError.badRequest(
          "name exactly one of 'range' and 'commit'",
          "{\"range\": \"main..feature/x\"} or {\"commit\": \"HEAD\"}");
    }
    AssessChange.Request request =
        range.isPresent()
            ? new AssessChange.Request(
                AssessChange.Source.RANGE, range.get(), body.text("description"))
            : new AssessChange.Request(
                AssessChange.Source.COMMIT, commit.get(), body.text("description"));
    json(ctx, 200, AssessmentJson.toJson(new AssessChange(server.workspace()).execute(request)));
  }

  // ---------------------------------------------------------------- audit

  private void verifyLedger(Context ctx) {
    require(ctx, Role.AUDITOR, "verifying the ledger");
    // the ledger and its decisions' signatures (against the repository's allowed signers), as
    // 'changetrail audit verify' checks them: ok only when both are proven
    AuditLedger.Audit audit =
        server
            .auditLedger()
            .audit(
                server.options().verifierKey(),
                Optional.empty(),
                server.workspace().lifecycle().signedDecisions());
    Map<String, Object> body =
        new LinkedHashMap<>(audit.report().tree("ledger " + server.store().label()));
    body.put("signatures", audit.signatures().tree());
    body.put("ok", audit.ok());
    json(ctx, 200, body);
  }

  private void checkpoint(Context ctx) {
    require(ctx, Role.AUDITOR, "signing a checkpoint");
    JsonBody.of(ctx, Set.of());
    if (server.options().signingKey().isEmpty()) {
      throw new ApiError(
          409,
          "NO_SIGNING_KEY",
          "this server was started without a signing key, so it cannot sign checkpoints",
          "start it with --signing-key FILE, or run 'changetrail audit checkpoint' where the key is");
    }
    AuditLedger.CheckpointResult result =
        server.auditLedger().checkpoint(server.options().signingKey());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("size", result.checkpoint().size());
    body.put("rootHash", Base64.getEncoder().encodeToString(result.checkpoint().root()));
    body.put("new", result.isNew());
    body.put("note", result.note());
    json(ctx, 200, body);
  }

  /** A bundle of entries [from, to) with their checkpoints, for offline verification. */
  void export(Context ctx) {
    require(ctx, Role.AUDITOR, "exporting a bundle");
    long size = server.store().read(LedgerStore.Reader::size);
    long from = longParam(ctx, "from", 0);
    long to = longParam(ctx, "to", size);
    if (from < 0 || to > size || from > to) {
      throw ApiError.badRequest(
          "entries " + from + ".." + to + " are not in the ledger (it has " + size + ")",
          "use 0 <= from <= to <= " + size);
    }
    Path file;
    try {
      file = Files.createTempFile("changetrail-bundle", ".json");
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO, "cannot create a temporary file: " + e.getMessage(), "");
    }
    try {
      // as 'changetrail audit export': a range no checkpoint covers yet is covered by a checkpoint
      // signed first when the key is at hand (the server's --signing-key), refused otherwise
      if (server.options().signingKey().isPresent()) {
        server
            .auditLedger()
            .export(
                from,
                Optional.of(to),
                file,
                server.options().signingKey(),
                server.options().verifierKey());
      } else {
        server
            .auditLedger()
            .exportCovered(from, Optional.of(to), file, server.options().verifierKey());
      }
      ctx.contentType("application/json");
      ctx.header(
          "Content-Disposition",
          "attachment; filename=\"ledger-" + from + "-" + to + ".bundle.json\"");
      try (InputStream in = Files.newInputStream(file)) {
        ctx.result(in.readAllBytes());
      }
    } catch (IOException e) {
      throw new ChangeTrailException(Problem.IO, "cannot read the bundle: " + e.getMessage(), "");
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a temporary file left behind is harmless
      }
    }
  }

  private void reconcile(Context ctx) {
    require(ctx, Role.AUDITOR, "reconciling deployments");
    String environment = Optional.ofNullable(ctx.queryParam("environment")).orElse("");
    json(ctx, 200, server.readApi().reconcile(environment));
  }

  private void population(Context ctx) {
    require(ctx, Role.AUDITOR, "reading the change population");
    List<Map<String, Object>> rows =
        new AuditChanges(server.reader())
            .population(
                Optional.ofNullable(ctx.queryParam("from")).orElse(""),
                Optional.ofNullable(ctx.queryParam("to")).orElse(""));
    if ("csv".equals(ctx.queryParam("format"))) {
      ctx.contentType("text/csv; charset=utf-8").result(AuditChanges.csv(rows));
      return;
    }
    json(ctx, 200, OrderedMap.of("schema", "changetrail.population/v1", "changes", rows));
  }

  // ---------------------------------------------------------------- helpers

  private static void change(Context ctx, int status, ChangeRecord record) {
    json(ctx, status, ChangeView.of(record));
  }

  private static void text(Context ctx, String text) {
    ctx.contentType("text/plain; charset=utf-8").result(text);
  }

  private static ChangeClass changeClass(String value) {
    try {
      return ChangeClass.valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(
          "class '" + value + "' is not one of " + List.of(ChangeClass.values()),
          "or leave it out");
    }
  }

  private static long longParam(Context ctx, String name, long otherwise) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      return otherwise;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(name + " '" + value + "' is not a whole number", "");
    }
  }
}
