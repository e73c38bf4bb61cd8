package io.changetrail.app.api;

import io.changetrail.app.lifecycle.AuditChanges;
import java.util.List;

/**
 * Deployments of an environment reconciled against their changes: {@code clean} when there is no
 * exception. The same JSON on the command line and the API.
 */
public record Reconciliation(
    String environment, int deployments, boolean clean, List<Exception> exceptions) {
  public record Exception(String kind, String subject, String detail) {}

  public Reconciliation {
    exceptions = List.copyOf(exceptions);
  }

  public static Reconciliation of(AuditChanges.Reconciliation result) {
    return new Reconciliation(
        result.environment(),
        result.deployments(),
        result.exceptions().isEmpty(),
        result.exceptions().stream()
            .map(e -> new Exception(e.kind(), e.subject(), e.detail()))
            .toList());
  }
}
