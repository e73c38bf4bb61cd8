package io.changetrail.app.api;

import io.changetrail.app.lifecycle.DeploymentProtection;

/**
 * The deployment gate's answer (schema changetrail.gate/v1), as recorded in the ledger at {@code
 * entry}: {@code change} is the change the commit's content rests on, null when none.
 */
public record GateAnswer(
    String schema,
    String environment,
    String commit,
    String decision,
    boolean approved,
    String change,
    String reason,
    long entry) {
  public static final String SCHEMA = "changetrail.gate/v1";

  public static GateAnswer of(DeploymentProtection.Recorded recorded) {
    return new GateAnswer(
        SCHEMA,
        recorded.environment(),
        recorded.commit(),
        recorded.decision().approved() ? "approved" : "rejected",
        recorded.decision().approved(),
        recorded.decision().change().orElse(null),
        recorded.decision().reason(),
        recorded.entry());
  }
}
