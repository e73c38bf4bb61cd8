package io.changetrail.app.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a user can ask of ChangeTrail, in one place: implemented by the local use cases ({@link
 * LocalChangeTrail}, over a ledger and a checkout) and by the team server's typed HTTP client
 * ({@code remote.HttpChangeTrail}). The command line picks one implementation per command and
 * prints what it answers; the server's routes answer with the same objects. So a command run with
 * {@code --server} and without prints the same bytes.
 *
 * <p>Requests are the records of {@link Requests}, answers the views of this package: the JSON
 * documents of docs/*.schema.json, or a rendered document (Markdown, text, CSV, SVG) where the
 * server renders it. Closing releases what the implementation opened (the local ledger).
 */
public interface ChangeTrailApi extends AutoCloseable {
  /** The path segment naming a change's latest deployment on the API (no deployment id is it). */
  String LATEST_DEPLOYMENT = "latest";

  // ---------------------------------------------------------------- changes

  /** A change (docs/change.schema.json). */
  ChangeView change(String id);

  /** A change as its Markdown report. */
  String changeMarkdown(String id);

  /** One page of changes (docs/changes.schema.json). */
  ChangePage changes(ChangeQuery query);

  /** Registers a change (docs/change.schema.json answers). */
  ChangeView register(Requests.Register request);

  /** Re-links a change to new commits and re-assesses it. */
  ChangeView update(String id, Requests.Update request);

  ChangeView approve(String id, Requests.Approve request);

  ChangeView reject(String id, Requests.Comment request);

  ChangeView signOff(String id, Requests.Comment request);

  ChangeView close(String id, Requests.Comment request);

  // ---------------------------------------------------------------- deployments

  DeploymentView startDeployment(String change, Requests.StartDeployment request);

  DeploymentView recordStep(String change, String deployment, Requests.Step request);

  DeploymentView recordIssue(String change, String deployment, Requests.Issue request);

  DeploymentView finishDeployment(String change, String deployment, Requests.Finish request);

  /** Every deployment, of one environment or all (""), newest first. */
  DeploymentList deployments(String environment);

  /**
   * A deployment's document as JSON (docs/deployment.schema.json); {@code deployment} "" for the
   * change's latest.
   */
  JsonNode deployment(String change, String deployment);

  /** A deployment's document as {@code format}: markdown or html (a standalone page). */
  String deploymentDocument(String change, String deployment, String format);

  /** Asks the deployment gate and records its answer. */
  GateAnswer gate(Requests.Gate request);

  /** Records a rollback done by hand of a finished deployment. */
  DeploymentView rollBack(String change, String deployment, Requests.RollBack request);

  // ---------------------------------------------------------------- audit

  /** The audit record of a change (docs/audit-record.schema.json). */
  JsonNode auditRecord(String change);

  /** The audit record as Markdown. */
  String auditRecordMarkdown(String change);

  /** The methodology's audit_trail_record (docs/audit-record-methodology.schema.json). */
  JsonNode methodologyRecord(String change);

  /** Deployments of an environment against their changes. */
  Reconciliation reconcile(String environment);

  /** Every change registered in [from, to], as JSON rows. */
  JsonNode population(String from, String to);

  /** The same population as CSV. */
  String populationCsv(String from, String to);

  /** Inclusion proofs of every ledger entry of a change (docs/ledger.md, "Proofs"). */
  Proofs proofs(String change);

  // ---------------------------------------------------------------- metrics

  /** Delivery metrics as {@code format}: json, text or svg. */
  String deliveryMetrics(MetricsQuery query, String format);

  @Override
  void close();
}
