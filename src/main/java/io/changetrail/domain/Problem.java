package io.changetrail.domain;

/** The kinds of failure a user can meet; each maps to one documented exit code. */
public enum Problem {
  /** The directory is not inside a git work tree. */
  NOT_A_REPOSITORY,
  /** The repository has no commits yet, or HEAD is unborn where a commit is needed. */
  NO_COMMITS,
  /** A revision, range or branch named by the user does not exist. */
  UNKNOWN_REVISION,
  /** There is nothing to work on (nothing staged, an empty range). */
  NOTHING_TO_DO,
  /** changetrail.yml (or another configuration file) is invalid. */
  INVALID_CONFIG,
  /** An argument or input file is invalid. */
  INVALID_INPUT,
  /** git is missing or failed in an unexpected way. */
  GIT_FAILED,
  /** Reading or writing a file failed. */
  IO,
  /** The ledger's database cannot be reached, is locked, or refused the operation. */
  LEDGER_UNAVAILABLE,
  /** Verification found the ledger, a checkpoint or a bundle tampered with or inconsistent. */
  TAMPERED,
  /** A signing or verifier key is missing, malformed, unsafe or does not match. */
  KEY_PROBLEM,
  /**
   * Verification proved only part of what was asked: entries that no checkpoint signed by the
   * trusted key covers (an unsigned tail, or no checkpoint at all). Not tampering, not proof.
   */
  UNSIGNED,
  /** A change id names no registered change. */
  UNKNOWN_CHANGE,
  /** A user name or API token id names no user or token of the team server. */
  UNKNOWN_USER,
  /**
   * The action is not allowed now: an illegal status transition, segregation of duties, the
   * approval policy, the deployment gate or a blackout window.
   */
  REFUSED,
  /**
   * This person may not do this to this change: segregation of duties or the approval policy. A
   * kind of refusal (same exit code); the server answers it with 403 where a status refusal is 409.
   */
  NOT_PERMITTED,
  /** Something is in the way and is kept untouched: a foreign git hook, a user of the same name. */
  CONFLICT
}
