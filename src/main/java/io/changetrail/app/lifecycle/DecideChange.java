package io.changetrail.app.lifecycle;

import io.changetrail.app.users.Role;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.event.LedgerEvent;
import io.changetrail.domain.ledger.Fact;
import io.changetrail.domain.lifecycle.ChangeClass;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.lifecycle.ChangeStatus;
import io.changetrail.domain.lifecycle.EventKind;
import io.changetrail.domain.lifecycle.Person;
import io.changetrail.git.GitRepository;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The use cases "approve", "reject" and "sign off": each checks segregation of duties, the approval
 * policy and the change's status, then records the decision bound to the exact content it was made
 * on.
 */
public final class DecideChange {
  /**
   * Where approve and reject are open. A change rolled back (or whose rollback failed) is decided
   * again before it is deployed again: approvals from before the rollback no longer cover it.
   */
  private static final Set<ChangeStatus> DECIDABLE =
      Set.of(
          ChangeStatus.ASSESSED,
          ChangeStatus.APPROVED,
          ChangeStatus.ROLLED_BACK,
          ChangeStatus.FAILED);

  private static final Set<ChangeStatus> RETROSPECTIVE =
      Set.of(
          ChangeStatus.DEPLOYING,
          ChangeStatus.DEPLOYED,
          ChangeStatus.VERIFIED,
          ChangeStatus.FAILED,
          ChangeStatus.ROLLED_BACK);

  private final Lifecycle lifecycle;

  public DecideChange(Lifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  public ChangeRecord approve(String changeId, String comment, List<String> environments) {
    return lifecycle
        .ledger()
        .update(
            changeId,
            record -> {
              Person actor = lifecycle.decider(Role.APPROVER, "approve").person();
              boolean retrospective =
                  record.changeClass() == ChangeClass.EMERGENCY
                      && RETROSPECTIVE.contains(record.status());
              if (!DECIDABLE.contains(record.status()) && !retrospective) {
                throw refused(
                    record.id() + " is " + record.status() + " and cannot be approved now",
                    hintFor(record));
              }
              checkDecider(record, actor, "approve");
              ChangeDocumentation.requireDocumented(lifecycle, record, "approved");
              long since = record.lastRollbackEntry().orElse(-1L);
              boolean already =
                  record.approvals().stream()
                      .anyMatch(a -> a.current() && a.index() > since && a.by().sameAs(actor));
              if (already) {
                throw refused(
                    actor.display() + " has already approved " + record.id() + " as it stands",
                    "a second approval must come from someone else");
              }
              return List.of(decision(record, EventKind.APPROVED, comment, environments));
            });
  }

  public ChangeRecord reject(String changeId, String comment) {
    return lifecycle
        .ledger()
        .update(
            changeId,
            record -> {
              if (!DECIDABLE.contains(record.status())) {
                throw refused(
                    record.id() + " is " + record.status() + " and cannot be rejected now",
                    hintFor(record));
              }
              if (comment == null || comment.isBlank()) {
                throw new ChangeTrailException(
                    Problem.INVALID_INPUT,
                    "a rejection needs a reason",
                    "add --comment 'what must change'");
              }
              checkDecider(record, lifecycle.decider(Role.APPROVER, "reject").person(), "reject");
              return List.of(decision(record, EventKind.REJECTED, comment, List.of()));
            });
  }

  public ChangeRecord signOff(String changeId, String comment) {
    return lifecycle
        .ledger()
        .update(
            changeId,
            record -> {
              Person actor = lifecycle.decider(Role.APPROVER, "sign off").person();
              boolean passed =
                  record.latestVerification().map(ChangeRecord.Verification::passed).orElse(false);
              if (!passed
                  || !(record.status() == ChangeStatus.DEPLOYED
                      || record.status() == ChangeStatus.VERIFIED)) {
                throw refused(
                    record.id()
                        + " cannot be signed off: it needs a successful deployment and a passed"
                        + " verification first (status "
                        + record.status()
                        + ")",
                    "run 'changetrail verify " + record.id() + "'");
              }
              if (record.signOffs().stream().anyMatch(s -> s.by().sameAs(actor))) {
                throw refused(actor.display() + " has already signed off " + record.id(), "");
              }
              Optional<String> conflict = record.dutiesConflict(actor, "sign off");
              if (conflict.isPresent()) {
                throw notPermitted(
                    conflict.get(), "ask someone who neither wrote nor deployed the change");
              }
              return List.of(
                  lifecycle.fact(
                      new LedgerEvent.SignedOff(comment == null ? "" : comment, Map.of()),
                      record.id()));
            });
  }

  /** Closes a verified change; nothing may happen to it afterwards. */
  public ChangeRecord close(String changeId, String comment) {
    return lifecycle
        .ledger()
        .update(
            changeId,
            record -> {
              lifecycle.decider(Role.APPROVER, "close a change");
              if (record.status() != ChangeStatus.VERIFIED) {
                throw refused(
                    record.id()
                        + " is "
                        + record.status()
                        + ": only a VERIFIED change can be closed",
                    record.signOffRequired() && record.signOffs().isEmpty()
                        ? "it needs a sign-off first: 'changetrail signoff " + record.id() + "'"
                        : "verify it first: 'changetrail verify " + record.id() + "'");
              }
              if (record.changeClass() == ChangeClass.EMERGENCY && !record.approvedFor("")) {
                throw refused(
                    record.id() + " is an emergency change that is still unapproved",
                    "approve it first");
              }
              return List.of(
                  lifecycle.fact(
                      new LedgerEvent.Closed(comment == null ? "" : comment, Map.of()),
                      record.id()));
            });
  }

  /** The fact of a decision on exactly the content the change holds now. */
  private Fact decision(
      ChangeRecord record, String kind, String comment, List<String> environments) {
    ContentGuard.requireCurrent(lifecycle.workspace().git(), record);
    String said = comment == null ? "" : comment;
    LedgerEvent.Decision event =
        kind.equals(LedgerEvent.Approved.KIND)
            ? new LedgerEvent.Approved(said, record.contentHash(), environments, Map.of())
            : new LedgerEvent.Rejected(said, record.contentHash(), environments, Map.of());
    return lifecycle.fact(event, record.id());
  }

  private void checkDecider(ChangeRecord record, Person actor, String action) {
    Optional<String> conflict = record.dutiesConflict(actor, action);
    if (conflict.isPresent()) {
      throw notPermitted(conflict.get(), "ask an approver who did not write or commit the change");
    }
    Optional<String> policy =
        lifecycle
            .ledger()
            .policy()
            .refusal(
                actor, record.systems().stream().filter(ChangeRecord.SystemRef::direct).toList());
    if (policy.isPresent()) {
      throw notPermitted(policy.get(), "see approvals.approvers in changetrail.yml");
    }
  }

  static String hintFor(ChangeRecord record) {
    return switch (record.status()) {
      case REJECTED ->
          "address the rejection, then 'changetrail change update " + record.id() + "'";
      case CLOSED -> "open a new change";
      case DRAFT -> "assess it with 'changetrail change update " + record.id() + "'";
      default -> "see 'changetrail change show " + record.id() + "'";
    };
  }

  static ChangeTrailException notPermitted(String message, String hint) {
    return new ChangeTrailException(Problem.NOT_PERMITTED, message, hint);
  }

  static ChangeTrailException refused(String message, String hint) {
    return new ChangeTrailException(Problem.REFUSED, message, hint);
  }

  /** Checks that what was assessed is still what the branch holds. */
  static final class ContentGuard {
    private ContentGuard() {}

    static void requireCurrent(GitRepository git, ChangeRecord record) {
      String branch = record.branch();
      if (branch.isEmpty()) {
        return;
      }
      String tip;
      try {
        tip = git.resolveCommit("refs/heads/" + branch);
      } catch (ChangeTrailException e) {
        return; // the branch is gone (merged and deleted): the recorded commits stand
      }
      if (tip.equals(record.tip())) {
        return;
      }
      if (git.isAncestor(record.tip(), tip)) {
        int added = git.revList(record.tip(), tip).size();
        throw refused(
            "branch "
                + branch
                + " has "
                + added
                + " commit(s) that "
                + record.id()
                + " was not assessed with",
            "run 'changetrail change update "
                + record.id()
                + "' (approvals of the old content stop counting)");
      }
      if (!git.isAncestor(tip, record.tip())) {
        throw refused(
            "branch " + branch + " was rewritten since " + record.id() + " was assessed",
            "run 'changetrail change update "
                + record.id()
                + "' (approvals stand when the diff is the same)");
      }
    }
  }
}
