package io.changetrail.domain.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentModelTest {
  private static final Instant T0 = Instant.parse("2026-11-24T16:00:00Z");

  private static StepResult result(Phase phase, StepStatus status) {
    return new StepResult(
        phase, 1, "x", "true", status, T0, Duration.ZERO, 0, null, null, null, null);
  }

  @Test
  void durationsAreReadAsWritten() {
    assertThat(DurationText.parse("500ms")).contains(Duration.ofMillis(500));
    assertThat(DurationText.parse("30s")).contains(Duration.ofSeconds(30));
    assertThat(DurationText.parse("5m")).contains(Duration.ofMinutes(5));
    assertThat(DurationText.parse("1h")).contains(Duration.ofHours(1));
    assertThat(DurationText.parse(" 1m30s ")).contains(Duration.ofSeconds(90));
    assertThat(DurationText.parse("30")).isEmpty();
    assertThat(DurationText.parse("1.5s")).isEmpty();
    assertThat(DurationText.parse("-1s")).isEmpty();
    assertThat(DurationText.parse("5 min")).isEmpty();
    assertThat(DurationText.parse("")).isEmpty();
    assertThat(DurationText.parse("99999999999999999999h")).isEmpty();
  }

  @Test
  void durationsAreShownShort() {
    assertThat(DurationText.format(Duration.ofMillis(412))).isEqualTo("412ms");
    assertThat(DurationText.format(Duration.ofMillis(1234))).isEqualTo("1.2s");
    assertThat(DurationText.format(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(DurationText.format(Duration.ofSeconds(125))).isEqualTo("2m 05s");
    assertThat(DurationText.format(Duration.ofSeconds(3720))).isEqualTo("1h 02m");
  }

  @Test
  void metricLinesFollowTheConvention() {
    assertThat(Metric.parse("::metric p99_latency_us=412 us"))
        .contains(new Metric("p99_latency_us", 412, "us"));
    assertThat(Metric.parse("::metric fill_ratio = 0.97"))
        .contains(new Metric("fill_ratio", 0.97, ""));
    assertThat(Metric.parse("::metric orders=-3 orders per second"))
        .contains(new Metric("orders", -3, "orders per second"));
    assertThat(Metric.parse("::metric p99")).isEmpty();
    assertThat(Metric.parse("::metric p99=fast")).isEmpty();
    assertThat(Metric.isMetricLine("::metric p99")).isTrue();
    assertThat(Metric.isMetricLine("::metrics are great")).isFalse();
    assertThat(new Metric("a", 412, "us").formattedValue()).isEqualTo("412");
    assertThat(new Metric("a", 0.5, "").formattedValue()).isEqualTo("0.5");
  }

  @Test
  void theOutcomeOfARunFollowsItsResults() {
    assertThat(
            DeploymentStatus.of(
                List.of(
                    result(Phase.PRE_CHECK, StepStatus.PASSED),
                    result(Phase.STEP, StepStatus.PASSED))))
        .isEqualTo(DeploymentStatus.SUCCEEDED);
    assertThat(
            DeploymentStatus.of(
                List.of(
                    result(Phase.STEP, StepStatus.FAILED), result(Phase.STEP, StepStatus.SKIPPED))))
        .isEqualTo(DeploymentStatus.FAILED);
    assertThat(DeploymentStatus.of(List.of(result(Phase.STEP, StepStatus.TIMED_OUT))))
        .isEqualTo(DeploymentStatus.FAILED);
    assertThat(DeploymentStatus.of(List.of(result(Phase.STEP, StepStatus.INTERRUPTED))))
        .isEqualTo(DeploymentStatus.INTERRUPTED);
    assertThat(
            DeploymentStatus.of(
                List.of(
                    result(Phase.STEP, StepStatus.FAILED),
                    result(Phase.ROLLBACK, StepStatus.PASSED))))
        .isEqualTo(DeploymentStatus.ROLLED_BACK);
    assertThat(
            DeploymentStatus.of(
                List.of(
                    result(Phase.STEP, StepStatus.FAILED),
                    result(Phase.ROLLBACK, StepStatus.FAILED))))
        .isEqualTo(DeploymentStatus.ROLLBACK_FAILED);
    assertThat(DeploymentStatus.of(List.of())).isEqualTo(DeploymentStatus.FAILED);
  }

  @Test
  void resultsFillTheirOptionalParts() {
    StepResult bare = result(Phase.STEP, StepStatus.PASSED);
    assertThat(bare.outputDigest()).isEqualTo(StepResult.EMPTY_DIGEST);
    assertThat(bare.outputTail()).isEmpty();
    assertThat(bare.metrics()).isEmpty();
    assertThat(bare.notes()).isEmpty();
    assertThat(bare.withNote("operator: looked fine").withNote("second").notes())
        .isEqualTo("operator: looked fine\nsecond");
  }
}
