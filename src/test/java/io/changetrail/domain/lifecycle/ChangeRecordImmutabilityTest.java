package io.changetrail.domain.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.changetrail.domain.deploy.DeploymentStatus;
import io.changetrail.domain.event.LedgerEvent;
import io.changetrail.domain.ledger.LedgerEntry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A change record handed out is never changed afterwards, by the projection or by whoever holds it:
 * the entry cache's readers share what it is built from.
 */
class ChangeRecordImmutabilityTest {
  private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");

  private static LedgerEntry entry(long index, LedgerEvent event) {
    return new LedgerEntry(
        index, T.plusSeconds(index), event.fact("Carol <carol@example.com>", "CHG-1"));
  }

  @Test
  void aDeploymentsStepsAndIssuesCannotBeChangedByItsReader() {
    List<LedgerEntry> entries =
        List.of(
            entry(
                0,
                new LedgerEvent.DeploymentStarted(
                    "DEP-1", "prod", "", "abc", false, "", List.of(), true, Map.of())),
            entry(
                1,
                new LedgerEvent.DeploymentStep(
                    "DEP-1",
                    "STEP",
                    1,
                    "restart",
                    "(by hand)",
                    "PASSED",
                    Optional.empty(),
                    T.toString(),
                    0,
                    Optional.empty(),
                    "",
                    List.of(),
                    "",
                    Map.of())),
            entry(2, new LedgerEvent.DeploymentFinished("DEP-1", "SUCCEEDED", Map.of())));
    ChangeRecord record =
        ChangeRecord.project("CHG-1", entries, ApprovalPolicy.defaults(), run -> false, T);

    ChangeRecord.DeploymentRun run = record.deployments().get(0);
    assertThat(run.status()).isEqualTo(DeploymentStatus.SUCCEEDED);
    assertThat(run.entries()).containsExactly(0L, 1L, 2L);
    LedgerEvent.DeploymentStep step = run.steps().get(0);
    assertThat(step.name()).isEqualTo("restart");
    assertThat(step.status()).isEqualTo("PASSED");
    assertThatThrownBy(() -> run.steps().add(step))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> run.issues().add(null))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> run.entries().add(9L))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> record.deployments().add(run))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> step.metrics().add(Map.of()))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void anUnknownRecordedEndCountsAsFailed() {
    List<LedgerEntry> entries =
        List.of(
            entry(
                0,
                new LedgerEvent.DeploymentStarted(
                    "DEP-1", "prod", "", "abc", false, "", List.of(), true, Map.of())),
            entry(1, new LedgerEvent.DeploymentFinished("DEP-1", "PARTLY", Map.of())));
    ChangeRecord record =
        ChangeRecord.project("CHG-1", entries, ApprovalPolicy.defaults(), run -> false, T);
    assertThat(record.deployments().get(0).status()).isEqualTo(DeploymentStatus.FAILED);
  }
}
