package io.changetrail.domain.metrics;

import static io.changetrail.domain.metrics.PerformanceBand.ELITE;
import static io.changetrail.domain.metrics.PerformanceBand.HIGH;
import static io.changetrail.domain.metrics.PerformanceBand.LOW;
import static io.changetrail.domain.metrics.PerformanceBand.MEDIUM;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The DORA 2023 boundaries, checked on both sides of each. */
class PerformanceBandTest {
  @Test
  void deploymentFrequencyBands() {
    assertThat(PerformanceBand.ofDeploymentsPerDay(3)).isEqualTo(ELITE);
    assertThat(PerformanceBand.ofDeploymentsPerDay(1)).isEqualTo(ELITE);
    assertThat(PerformanceBand.ofDeploymentsPerDay(0.99)).isEqualTo(HIGH);
    assertThat(PerformanceBand.ofDeploymentsPerDay(1 / 7.0)).isEqualTo(HIGH);
    assertThat(PerformanceBand.ofDeploymentsPerDay(1 / 7.0 - 1e-9)).isEqualTo(MEDIUM);
    assertThat(PerformanceBand.ofDeploymentsPerDay(1 / 30.0)).isEqualTo(MEDIUM);
    assertThat(PerformanceBand.ofDeploymentsPerDay(1 / 30.0 - 1e-9)).isEqualTo(LOW);
    assertThat(PerformanceBand.ofDeploymentsPerDay(0)).isEqualTo(LOW);
  }

  @Test
  void leadTimeBands() {
    assertThat(PerformanceBand.ofLeadTime(Duration.ofHours(24).minusSeconds(1))).isEqualTo(ELITE);
    assertThat(PerformanceBand.ofLeadTime(Duration.ofHours(24))).isEqualTo(HIGH);
    assertThat(PerformanceBand.ofLeadTime(Duration.ofDays(7).minusSeconds(1))).isEqualTo(HIGH);
    assertThat(PerformanceBand.ofLeadTime(Duration.ofDays(7))).isEqualTo(MEDIUM);
    assertThat(PerformanceBand.ofLeadTime(Duration.ofDays(30).minusSeconds(1))).isEqualTo(MEDIUM);
    assertThat(PerformanceBand.ofLeadTime(Duration.ofDays(30))).isEqualTo(LOW);
  }

  @Test
  void changeFailureRateBands() {
    assertThat(PerformanceBand.ofChangeFailureRate(0)).isEqualTo(ELITE);
    assertThat(PerformanceBand.ofChangeFailureRate(0.05)).isEqualTo(ELITE);
    assertThat(PerformanceBand.ofChangeFailureRate(0.0501)).isEqualTo(HIGH);
    assertThat(PerformanceBand.ofChangeFailureRate(0.10)).isEqualTo(HIGH);
    assertThat(PerformanceBand.ofChangeFailureRate(0.15)).isEqualTo(MEDIUM);
    assertThat(PerformanceBand.ofChangeFailureRate(0.1501)).isEqualTo(LOW);
    assertThat(PerformanceBand.ofChangeFailureRate(1)).isEqualTo(LOW);
  }

  @Test
  void timeToRestoreBands() {
    assertThat(PerformanceBand.ofTimeToRestore(Duration.ofMinutes(59))).isEqualTo(ELITE);
    assertThat(PerformanceBand.ofTimeToRestore(Duration.ofHours(1))).isEqualTo(HIGH);
    assertThat(PerformanceBand.ofTimeToRestore(Duration.ofDays(1))).isEqualTo(MEDIUM);
    assertThat(PerformanceBand.ofTimeToRestore(Duration.ofDays(7))).isEqualTo(LOW);
  }

  @Test
  void labelsAreLowerCase() {
    assertThat(ELITE.label()).isEqualTo("elite");
  }
}
