package io.changetrail.domain.lifecycle;

/** Where a change stands; always a projection of its ledger entries. */
public enum ChangeStatus {
  DRAFT,
  ASSESSED,
  APPROVED,
  DEPLOYING,
  DEPLOYED,
  VERIFIED,
  CLOSED,
  REJECTED,
  FAILED,
  ROLLED_BACK
}
