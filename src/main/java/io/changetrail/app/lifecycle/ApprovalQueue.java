package io.changetrail.app.lifecycle;

import io.changetrail.domain.lifecycle.ApprovalPolicy;
import io.changetrail.domain.lifecycle.ChangeClass;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.lifecycle.ChangeStatus;
import io.changetrail.domain.lifecycle.Person;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The use case "what is waiting for my approval": the changes a person may approve now and has not
 * approved as they stand, by the same rules as approving (segregation of duties, the approval
 * policy's approvers, the change's status), oldest first. Emergency changes deployed before their
 * approval are included: they wait for a retrospective one.
 */
public final class ApprovalQueue {
  private static final Set<ChangeStatus> RETROSPECTIVE =
      Set.of(
          ChangeStatus.DEPLOYING,
          ChangeStatus.DEPLOYED,
          ChangeStatus.VERIFIED,
          ChangeStatus.FAILED,
          ChangeStatus.ROLLED_BACK);

  private final Lifecycle lifecycle;

  public ApprovalQueue(Lifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  public List<ChangeRecord> waitingFor(Person person) {
    ApprovalPolicy policy = lifecycle.ledger().policy();
    return lifecycle.ledger().changes().stream()
        .filter(c -> waiting(c))
        .filter(c -> c.dutiesConflict(person, "approve").isEmpty())
        .filter(
            c ->
                policy
                    .refusal(
                        person,
                        c.systems().stream().filter(ChangeRecord.SystemRef::direct).toList())
                    .isEmpty())
        .filter(c -> c.approvals().stream().noneMatch(a -> a.current() && a.by().sameAs(person)))
        .sorted(Comparator.comparing(ChangeRecord::registered))
        .toList();
  }

  private static boolean waiting(ChangeRecord change) {
    if (change.currentApprovals() >= change.requiredApprovals()) {
      return false;
    }
    return change.status() == ChangeStatus.ASSESSED
        || change.status() == ChangeStatus.APPROVED
        || (change.changeClass() == ChangeClass.EMERGENCY
            && RETROSPECTIVE.contains(change.status()));
  }
}
