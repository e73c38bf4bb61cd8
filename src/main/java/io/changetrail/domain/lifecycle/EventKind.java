package io.changetrail.domain.lifecycle;

import io.changetrail.domain.event.LedgerEvent;

/**
 * The kinds of ledger entry the change lifecycle writes, by name; each is the kind of one record of
 * {@link LedgerEvent}, where its fields are defined (the data shapes below are summaries).
 */
public final class EventKind {
  /** {title, class, implementer, authors[], base, tip, commits[], contentHash, reason?}. */
  public static final String REGISTERED = LedgerEvent.Registered.KIND;

  /** {assessment (changetrail.assessment/v1), base, tip, commits[], authors[], contentHash}. */
  public static final String ASSESSED = LedgerEvent.Assessed.KIND;

  /** {comment, contentHash}. */
  public static final String APPROVED = LedgerEvent.Approved.KIND;

  /** {comment, contentHash}. */
  public static final String REJECTED = LedgerEvent.Rejected.KIND;

  /**
   * {result PASSED|FAILED, checks[{name, kind, command, exitCode, durationMs, digest, status}]}.
   */
  public static final String VERIFIED = LedgerEvent.Verified.KIND;

  /** {comment}. */
  public static final String SIGNED_OFF = LedgerEvent.SignedOff.KIND;

  /** {deployment, environment, runbook, commit, emergency, reason}. */
  public static final String DEPLOYMENT_STARTED = LedgerEvent.DeploymentStarted.KIND;

  /** {deployment, phase, number, name, command, status, exitCode, durationMs, digest, ...}. */
  public static final String DEPLOYMENT_STEP = LedgerEvent.DeploymentStep.KIND;

  /** {deployment, description, resolution}. */
  public static final String DEPLOYMENT_ISSUE = LedgerEvent.DeploymentIssue.KIND;

  /** {deployment, status SUCCEEDED|FAILED}. */
  public static final String DEPLOYMENT_FINISHED = LedgerEvent.DeploymentFinished.KIND;

  /** {deployment, status ROLLED_BACK|ROLLBACK_FAILED}. */
  public static final String ROLLED_BACK = LedgerEvent.RolledBack.KIND;

  /**
   * {environment, commit, decision approved|rejected, reason, forge github|gitlab|api, run,
   * askedBy}: the deployment gate's answer to a forge's deployment protection or a pipeline's gate
   * question; the change is the one the answer rests on (empty when no change has the content).
   */
  public static final String GATE_DECIDED = LedgerEvent.GateDecided.KIND;

  /**
   * {decisionEntry, forge, callback, status, delivered, detail}: how the forge took the gate
   * decision of entry {@code decisionEntry} sent to its API (HTTP status, 0 when none came).
   */
  public static final String GATE_ANSWERED = LedgerEvent.GateAnswered.KIND;

  /** {comment}. */
  public static final String CLOSED = LedgerEvent.Closed.KIND;

  private EventKind() {}
}
