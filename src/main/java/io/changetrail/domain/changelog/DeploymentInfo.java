package io.changetrail.domain.changelog;

import io.changetrail.domain.lifecycle.ChangeRecord;
import java.util.Optional;

/**
 * The methodology's {@code deployment_info} of a changelog, from the ledger's deployment facts.
 *
 * @param environment where the change was last deployed
 * @param method how: the runbook, by hand, or an emergency deployment with its reason
 * @param verification the latest deployment's outcome and the latest verification's result
 */
public record DeploymentInfo(String environment, String method, String verification) {
  /** From a change's ledger record: its last deployment and latest verification, if any. */
  public static Optional<DeploymentInfo> of(ChangeRecord change) {
    return change
        .lastDeployment()
        .map(
            run ->
                new DeploymentInfo(
                    run.environment(),
                    (run.runbook() == null || run.runbook().isBlank()
                            ? "recorded by hand"
                            : "runbook " + run.runbook())
                        + (run.emergency() ? " (emergency: " + run.reason() + ")" : "")
                        + ", deployment "
                        + run.id()
                        + " "
                        + run.status(),
                    change
                        .latestVerification()
                        .map(
                            v ->
                                (v.passed() ? "PASSED" : "FAILED")
                                    + " (ledger entry "
                                    + v.index()
                                    + ")")
                        .orElse("Pending")));
  }
}
