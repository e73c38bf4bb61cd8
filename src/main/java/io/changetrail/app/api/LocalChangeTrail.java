package io.changetrail.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.changetrail.app.lifecycle.AuditChanges;
import io.changetrail.app.lifecycle.ChangeLedger;
import io.changetrail.app.lifecycle.DecideChange;
import io.changetrail.app.lifecycle.DeployChange;
import io.changetrail.app.lifecycle.DeploymentLog;
import io.changetrail.app.lifecycle.DeploymentProtection;
import io.changetrail.app.lifecycle.FindChanges;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.app.lifecycle.RegisterChange;
import io.changetrail.app.metrics.DeliveryMetricsReport;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.deploy.Deployment;
import io.changetrail.domain.deploy.DeploymentDocument;
import io.changetrail.domain.deploy.DurationText;
import io.changetrail.domain.deploy.Phase;
import io.changetrail.domain.ledger.VerifierKey;
import io.changetrail.domain.lifecycle.ChangeClass;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.lifecycle.ChangeReport;
import io.changetrail.domain.metrics.DeliveryMetrics;
import io.changetrail.domain.metrics.MetricsJson;
import io.changetrail.domain.metrics.MetricsSvg;
import io.changetrail.domain.metrics.MetricsTable;
import io.changetrail.json.Json;
import io.changetrail.ledger.LedgerAuditor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link ChangeTrailApi} on a ledger and a checkout, through the use cases: what a command runs
 * without {@code --server}, and what the server's routes run for each request (with the node's
 * shared store and the caller as the actor).
 */
public final class LocalChangeTrail implements ChangeTrailApi {
  private final Lifecycle lifecycle;
  private final Settings settings;

  /**
   * Where this runs.
   *
   * @param serverNode on a team server: a deployment by hand that names no commit deploys the
   *     change's tip (the server's checkout is not what is deployed); on a checkout, its HEAD
   * @param verifierKey the key checkpoints are verified with (asked for only by proofs)
   * @param documents change documents by change, kept between requests (a bounded map) or not
   * @param allowedSigners the allowed-signers file signed decisions are checked against in audit
   *     records (empty: git's configuration, else .changetrail/allowed_signers)
   * @param allowedOpenpgpKeys the allowed OpenPGP keys file of audit records (empty: the
   *     repository's .changetrail/allowed-openpgp-keys.asc)
   */
  public record Settings(
      boolean serverNode,
      Supplier<VerifierKey> verifierKey,
      Map<String, String> documents,
      Optional<Path> allowedSigners,
      Optional<Path> allowedOpenpgpKeys) {
    /** Without an auditor's allowed OpenPGP keys file. */
    public Settings(
        boolean serverNode,
        Supplier<VerifierKey> verifierKey,
        Map<String, String> documents,
        Optional<Path> allowedSigners) {
      this(serverNode, verifierKey, documents, allowedSigners, Optional.empty());
    }
  }

  public LocalChangeTrail(Lifecycle lifecycle, Settings settings) {
    this.lifecycle = lifecycle;
    this.settings = settings;
  }

  public Lifecycle lifecycle() {
    return lifecycle;
  }

  // ---------------------------------------------------------------- changes

  @Override
  public ChangeView change(String id) {
    return ChangeView.of(lifecycle.ledger().change(id));
  }

  @Override
  public String changeMarkdown(String id) {
    return ChangeReport.markdown(lifecycle.ledger().change(id));
  }

  @Override
  public ChangePage changes(ChangeQuery query) {
    if (query.unfiltered()) {
      // every change: one page read through the index by change, not the whole ledger projected
      ChangeLedger.Page page =
          lifecycle.ledger().page(query.after(), query.order().equals("newest"), query.limit());
      return ChangePage.of(
          page.changes().stream().map(ChangeView::of).toList(), page.next().orElse(null));
    }
    FindChanges finder = new FindChanges(lifecycle, settings.documents());
    FindChanges.Filter filter =
        FindChanges.Filter.parse(
            query.status(),
            query.risk(),
            query.system(),
            query.since(),
            query.until(),
            query.text());
    // one page read from the ledger's change states: only the changes that may pass are projected
    Optional<ChangeLedger.Page> paged =
        finder.page(filter, query.after(), query.order().equals("newest"), query.limit());
    if (paged.isPresent()) {
      return ChangePage.of(
          paged.get().changes().stream().map(ChangeView::of).toList(),
          paged.get().next().orElse(null));
    }
    // the states are being rebuilt: every change projected, then paged
    List<ChangeRecord> found = new ArrayList<>(finder.find(filter));
    if (query.order().equals("oldest")) {
      Collections.reverse(found);
    }
    int start = 0;
    if (!query.after().isEmpty()) {
      start = -1;
      for (int i = 0; i < found.size(); i++) {
        if (found.get(i).id().equals(query.after())) {
          start = i + 1;
          break;
        }
      }
      if (start < 0) {
        throw new ChangeTrailException(
            Problem.INVALID_INPUT,
            "'" + query.after() + "' is not one of the changes listed",
            "page on with the 'next' of the page before, with the same filters and order");
      }
    }
    int end = Math.min(found.size(), start + query.limit());
    List<ChangeView> page = found.subList(start, end).stream().map(ChangeView::of).toList();
    String next = end < found.size() ? found.get(end - 1).id() : null;
    return ChangePage.of(page, next);
  }

  @Override
  public ChangeView register(Requests.Register request) {
    return ChangeView.of(
        new RegisterChange(lifecycle)
            .register(
                new RegisterChange.Request(
                    request.range(),
                    request.title(),
                    changeClass(request.changeClass()),
                    request.reason(),
                    request.writeDocument(),
                    request.supersedes())));
  }

  @Override
  public ChangeView update(String id, Requests.Update request) {
    return ChangeView.of(new RegisterChange(lifecycle).update(id, request.range()));
  }

  @Override
  public ChangeView approve(String id, Requests.Approve request) {
    return ChangeView.of(
        new DecideChange(lifecycle).approve(id, request.comment(), request.environments()));
  }

  @Override
  public ChangeView reject(String id, Requests.Comment request) {
    return ChangeView.of(new DecideChange(lifecycle).reject(id, request.comment()));
  }

  @Override
  public ChangeView signOff(String id, Requests.Comment request) {
    return ChangeView.of(new DecideChange(lifecycle).signOff(id, request.comment()));
  }

  @Override
  public ChangeView close(String id, Requests.Comment request) {
    return ChangeView.of(new DecideChange(lifecycle).close(id, request.comment()));
  }

  // ---------------------------------------------------------------- deployments

  @Override
  public DeploymentView startDeployment(String change, Requests.StartDeployment request) {
    if (request.environment().isBlank()) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT, "a deployment needs its environment", "name it, e.g. production");
    }
    Optional<String> commit = Optional.of(request.commit()).filter(c -> !c.isBlank());
    if (commit.isEmpty() && settings.serverNode()) {
      commit = Optional.of(lifecycle.ledger().change(change).tip());
    }
    return DeploymentView.of(
        new DeployChange(lifecycle)
            .startManual(
                change,
                request.environment(),
                request.emergency(),
                request.reason(),
                commit,
                request.artifacts())
            .deployment());
  }

  @Override
  public DeploymentView recordStep(String change, String deployment, Requests.Step request) {
    if (request.seconds() < 0) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT, "a step cannot take a negative time", "give 0 or more seconds");
    }
    return DeploymentView.of(
        new DeployChange(lifecycle)
            .recordStep(
                change,
                deployment,
                phase(request.phase()),
                request.name(),
                request.passed(),
                Duration.ofSeconds(request.seconds()),
                request.notes()));
  }

  @Override
  public DeploymentView recordIssue(String change, String deployment, Requests.Issue request) {
    String took = request.resolutionTime();
    Optional<Duration> resolutionTime =
        took.isBlank() ? Optional.empty() : DurationText.parse(took);
    if (!took.isBlank() && resolutionTime.isEmpty()) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "the resolution time '" + took + "' is not a duration",
          "write it as e.g. 45s, 15m or 1h30m");
    }
    return DeploymentView.of(
        new DeployChange(lifecycle)
            .recordIssue(
                change,
                deployment,
                request.description(),
                request.resolution(),
                request.severity(),
                resolutionTime));
  }

  @Override
  public DeploymentView finishDeployment(
      String change, String deployment, Requests.Finish request) {
    return DeploymentView.of(
        new DeployChange(lifecycle)
            .finishManual(change, deployment, request.succeeded())
            .deployment());
  }

  @Override
  public DeploymentList deployments(String environment) {
    List<DeploymentList.Row> rows = new ArrayList<>();
    Optional<String> only = Optional.ofNullable(environment).filter(e -> !e.isBlank());
    for (DeploymentLog.Entry entry : new DeploymentLog(lifecycle).deployments(only)) {
      ChangeRecord.DeploymentRun run = entry.run();
      rows.add(
          new DeploymentList.Row(
              entry.change(),
              entry.title(),
              run.id(),
              run.environment(),
              run.status().name(),
              run.started().toString(),
              run.finished() == null ? null : run.finished().toString(),
              run.deployer().display(),
              run.emergency(),
              run.commit()));
    }
    return new DeploymentList(DeploymentList.SCHEMA, rows);
  }

  @Override
  public JsonNode deployment(String change, String deployment) {
    return Json.tree(DeploymentDocument.json(showDeployment(change, deployment)));
  }

  @Override
  public String deploymentDocument(String change, String deployment, String format) {
    return switch (format) {
      case "markdown", "text" -> DeploymentDocument.markdown(showDeployment(change, deployment));
      case "html" -> DeploymentDocument.html(showDeployment(change, deployment));
      default ->
          throw new ChangeTrailException(
              Problem.INVALID_INPUT,
              "unknown format '" + format + "'",
              "use json, markdown or html");
    };
  }

  private Deployment showDeployment(String change, String deployment) {
    return new DeployChange(lifecycle)
        .show(change, Optional.ofNullable(deployment).filter(d -> !d.isBlank()));
  }

  @Override
  public GateAnswer gate(Requests.Gate request) {
    DeploymentProtection gate = new DeploymentProtection(lifecycle);
    String commit = gate.commit(request.commit());
    return GateAnswer.of(
        gate.decideAndRecord(
            commit,
            request.environment(),
            new DeploymentProtection.Asker(
                settings.serverNode() ? "api" : "cli", request.run(), "")));
  }

  @Override
  public DeploymentView rollBack(String change, String deployment, Requests.RollBack request) {
    if (request.seconds() < 0) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "a rollback cannot take a negative time",
          "give 0 or more seconds");
    }
    return DeploymentView.of(
        new DeployChange(lifecycle)
            .recordRollback(
                change,
                deployment,
                request.succeeded(),
                Duration.ofSeconds(request.seconds()),
                request.notes())
            .deployment());
  }

  // ---------------------------------------------------------------- audit

  @Override
  public JsonNode auditRecord(String change) {
    return Json.tree(
        new AuditChanges(lifecycle)
            .record(change, settings.allowedSigners(), settings.allowedOpenpgpKeys())
            .json());
  }

  @Override
  public String auditRecordMarkdown(String change) {
    return new AuditChanges(lifecycle)
        .record(change, settings.allowedSigners(), settings.allowedOpenpgpKeys())
        .markdown();
  }

  @Override
  public JsonNode methodologyRecord(String change) {
    return Json.tree(new AuditChanges(lifecycle).methodologyRecord(change));
  }

  @Override
  public Reconciliation reconcile(String environment) {
    return Reconciliation.of(new AuditChanges(lifecycle).reconcile(environment));
  }

  @Override
  public JsonNode population(String from, String to) {
    return Json.tree(new AuditChanges(lifecycle).population(from, to));
  }

  @Override
  public String populationCsv(String from, String to) {
    return AuditChanges.csv(new AuditChanges(lifecycle).population(from, to));
  }

  @Override
  public Proofs proofs(String change) {
    ChangeRecord record = lifecycle.ledger().change(change);
    VerifierKey key = settings.verifierKey().get();
    LedgerAuditor auditor = new LedgerAuditor(lifecycle.ledger().store());
    List<Proof> proofs = new ArrayList<>();
    for (long index : record.entries()) {
      try {
        proofs.add(Proof.of(auditor.prove(index, key)));
      } catch (ChangeTrailException e) {
        if (e.problem() == Problem.LEDGER_UNAVAILABLE) {
          throw e;
        }
        proofs.add(Proof.unproved(index, e.getMessage(), e.hint()));
      }
    }
    return new Proofs(Proofs.SCHEMA, record.id(), key.name(), proofs);
  }

  // ---------------------------------------------------------------- metrics

  @Override
  public String deliveryMetrics(MetricsQuery query, String format) {
    DeliveryMetrics metrics =
        new DeliveryMetricsReport(lifecycle)
            .report(
                new DeliveryMetricsReport.Request(
                    blankToNull(query.since()),
                    blankToNull(query.until()),
                    blankToNull(query.system()),
                    blankToNull(query.environment()),
                    blankToNull(query.bucket())));
    return switch (format) {
      case "json" -> Json.pretty(MetricsJson.tree(metrics));
      case "text" -> MetricsTable.text(metrics);
      case "svg" -> MetricsSvg.dashboard(metrics);
      default ->
          throw new ChangeTrailException(
              Problem.INVALID_INPUT, "unknown format '" + format + "'", "use json, text or svg");
    };
  }

  @Override
  public void close() {
    lifecycle.close();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static Optional<ChangeClass> changeClass(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ChangeClass.valueOf(value.strip().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "class '" + value + "' is not one of " + List.of(ChangeClass.values()),
          "use normal, standard or emergency, or leave it out");
    }
  }

  private static Phase phase(String value) {
    try {
      return Phase.valueOf(value.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "phase '" + value + "' is not one of " + List.of(Phase.values()),
          "use STEP, PRE_CHECK or POST_CHECK");
    }
  }
}
