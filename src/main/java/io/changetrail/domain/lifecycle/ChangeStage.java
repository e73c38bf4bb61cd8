package io.changetrail.domain.lifecycle;

import io.changetrail.domain.ledger.LedgerEntry;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Where a change stands as far as its own ledger entries alone tell: its {@link ChangeStatus} up to
 * what the reading process adds. A status also depends on the approval policy and on who is the
 * same person (ASSESSED or APPROVED), and on whether the process of an unfinished deployment still
 * runs (DEPLOYING or FAILED); a stage does not, so it can be kept beside the ledger, written with
 * each entry, and checked against a replay by anyone. A filter by status reads the changes whose
 * stage {@link #couldBe} that status and projects only those.
 */
public enum ChangeStage {
  /** Entries about the change, but no registration: not a change that is listed. */
  NONE,
  DRAFT,
  /** ASSESSED or APPROVED: the policy and the approvers' identities decide. */
  REGISTERED,
  REJECTED,
  /** The last deployment has no recorded end: DEPLOYING, or FAILED once its process is gone. */
  DEPLOYING,
  DEPLOYED,
  VERIFIED,
  CLOSED,
  FAILED,
  ROLLED_BACK,
  /** An entry of the change cannot be read: whoever projects it reports the tampering. */
  UNREADABLE;

  /**
   * The version of the derivation below: a ledger whose stored stages were derived by another
   * version is derived again when opened.
   */
  public static final int VERSION = 1;

  /**
   * What a change's entries alone say, as kept beside the ledger: its stage, when it was registered
   * (null when it was not) and its assessed risk ("" when not registered).
   */
  public record Derived(ChangeStage stage, Instant registered, String risk) {}

  /** What a change with these entries (in index order) stands at, from them alone. */
  public static Derived derive(String id, List<LedgerEntry> entries) {
    ChangeRecord record =
        ChangeRecord.project(
            id, entries, ApprovalPolicy.defaults(), run -> true, Instant.EPOCH, Identities.none());
    ChangeStage stage = of(record);
    return stage == NONE
        ? new Derived(NONE, null, "")
        : new Derived(stage, record.registered(), record.risk().name());
  }

  /** The stage of a record projected with its deployments' processes taken as running. */
  static ChangeStage of(ChangeRecord record) {
    if (!record.exists()) {
      return NONE;
    }
    return switch (record.status()) {
      case DRAFT -> DRAFT;
      case ASSESSED, APPROVED -> REGISTERED;
      case REJECTED -> REJECTED;
      case DEPLOYING -> DEPLOYING;
      case DEPLOYED -> DEPLOYED;
      case VERIFIED -> VERIFIED;
      case CLOSED -> CLOSED;
      case FAILED -> FAILED;
      case ROLLED_BACK -> ROLLED_BACK;
    };
  }

  /** The stages whose changes may have {@code status} (an unreadable one may have any). */
  public static Set<ChangeStage> couldBe(ChangeStatus status) {
    Set<ChangeStage> stages =
        switch (status) {
          case DRAFT -> EnumSet.of(DRAFT);
          case ASSESSED, APPROVED -> EnumSet.of(REGISTERED);
          case REJECTED -> EnumSet.of(REJECTED);
          case DEPLOYING -> EnumSet.of(DEPLOYING);
          case DEPLOYED -> EnumSet.of(DEPLOYED);
          case VERIFIED -> EnumSet.of(VERIFIED);
          case CLOSED -> EnumSet.of(CLOSED);
          case FAILED -> EnumSet.of(FAILED, DEPLOYING);
          case ROLLED_BACK -> EnumSet.of(ROLLED_BACK);
        };
    stages.add(UNREADABLE);
    return stages;
  }
}
