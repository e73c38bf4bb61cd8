package io.changetrail.domain.lifecycle;

/** How a change is controlled: pre-approved standard, normal, or emergency. */
public enum ChangeClass {
  /** Matches a pre-approved template of changetrail.yml: needs no approval. */
  STANDARD,
  /** Needs the approvals its risk level asks for, before deployment. */
  NORMAL,
  /** May deploy unapproved, with a reason, but must be approved within a set time. */
  EMERGENCY
}
