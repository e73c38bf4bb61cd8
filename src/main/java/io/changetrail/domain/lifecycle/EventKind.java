package io.changetrail.domain.lifecycle;

/** The kinds of ledger entry the change lifecycle writes; their data is documented per kind. */
public final class EventKind {
  /** {title, class, implementer, authors[], base, tip, commits[], contentHash, reason?}. */
  public static final String REGISTERED = "change.registered";

  /** {assessment (changetrail.assessment/v1), base, tip, commits[], authors[], contentHash}. */
  public static final String ASSESSED = "change.assessed";

  /** {comment, contentHash}. */
  public static final String APPROVED = "change.approved";

  /** {comment, contentHash}. */
  public static final String REJECTED = "change.rejected";

  /**
   * {result PASSED|FAILED, checks[{name, kind, command, exitCode, durationMs, digest, status}]}.
   */
  public static final String VERIFIED = "change.verified";

  /** {comment}. */
  public static final String SIGNED_OFF = "change.signed-off";

  /** {deployment, environment, runbook, commit, emergency, reason}. */
  public static final String DEPLOYMENT_STARTED = "deployment.started";

  /** {deployment, phase, number, name, command, status, exitCode, durationMs, digest, ...}. */
  public static final String DEPLOYMENT_STEP = "deployment.step";

  /** {deployment, description, resolution}. */
  public static final String DEPLOYMENT_ISSUE = "deployment.issue";

  /** {deployment, status SUCCEEDED|FAILED}. */
  public static final String DEPLOYMENT_FINISHED = "deployment.finished";

  /** {deployment, status ROLLED_BACK|ROLLBACK_FAILED}. */
  public static final String ROLLED_BACK = "deployment.rolled-back";

  /**
   * {environment, commit, decision approved|rejected, reason, forge github|gitlab|api, run,
   * askedBy}: the deployment gate's answer to a forge's deployment protection or a pipeline's gate
   * question; the change is the one the answer rests on (empty when no change has the content).
   */
  public static final String GATE_DECIDED = "deployment.gate-decided";

  /** {comment}. */
  public static final String CLOSED = "change.closed";

  private EventKind() {}
}
