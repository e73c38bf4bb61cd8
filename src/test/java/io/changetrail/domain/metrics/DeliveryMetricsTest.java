package io.changetrail.domain.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.changetrail.domain.metrics.DeliveryMetrics.Bucket;
import io.changetrail.domain.metrics.DeliveryMetrics.DeploymentOutcome;
import io.changetrail.domain.metrics.DeliveryMetrics.Outcome;
import io.changetrail.domain.metrics.DeliveryMetrics.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeliveryMetricsTest {
  private static final Instant MARCH = t("2026-03-01T00:00");
  private static final Instant APRIL = t("2026-04-01T00:00");

  private final Changes changes = new Changes();

  private static Instant t(String minute) {
    return Instant.parse(minute + ":00Z");
  }

  private DeliveryMetrics march() {
    return DeliveryMetrics.of(changes.records(), MetricsQuery.of(MARCH, APRIL, "prod"), Map.of());
  }

  private static Outcome outcomeOf(DeliveryMetrics metrics, String deployment) {
    return metrics.deployments().stream()
        .filter(d -> d.deployment().equals(deployment))
        .map(DeploymentOutcome::outcome)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void frequencyCountsSuccessfulDeploymentsToTheEnvironmentPerDayAndPerWeek() {
    for (int day = 1; day <= 7; day++) {
      String date = String.format("2026-03-%02dT10:00", day);
      changes
          .change("CHG-" + day, t(date).minusSeconds(3_600), "router")
          .deploy("DEP-" + day, t(date), t(date).plusSeconds(600), "SUCCEEDED");
    }
    changes
        .change("CHG-S", MARCH, "router")
        .deploy(
            "staging", "DEP-S", t("2026-03-02T00:00"), t("2026-03-02T00:10"), "SUCCEEDED", false)
        .deploy("DEP-F", t("2026-03-03T00:00"), t("2026-03-03T00:10"), "FAILED");

    DeliveryMetrics metrics =
        DeliveryMetrics.of(
            changes.records(), MetricsQuery.of(MARCH, t("2026-03-15T00:00"), "prod"), Map.of());

    DeliveryMetrics.DeploymentFrequency frequency = metrics.overall().frequency();
    assertThat(frequency.deployments()).isEqualTo(7);
    assertThat(frequency.perDay()).isCloseTo(0.5, within(1e-9));
    assertThat(frequency.perWeek()).isCloseTo(3.5, within(1e-9));
    assertThat(frequency.band()).contains(PerformanceBand.HIGH);
    assertThat(metrics.deployments())
        .extracting(DeploymentOutcome::deployment)
        .doesNotContain("DEP-S");
  }

  @Test
  void leadTimeRunsFromTheFirstCommitWhenKnownElseFromRegistrationToTheFirstSuccess() {
    changes
        .change("CHG-A", t("2026-03-01T00:00"), "router")
        .deploy("DEP-A", t("2026-03-02T10:00"), t("2026-03-02T12:00"), "SUCCEEDED"); // 36 h
    changes
        .change("CHG-B", t("2026-03-03T00:00"), "router")
        .deploy("DEP-B", t("2026-03-03T06:00"), t("2026-03-03T12:00"), "SUCCEEDED"); // 48 h
    changes
        .change("CHG-C", t("2026-02-01T00:00"), "router")
        .deploy("DEP-C1", t("2026-02-10T00:00"), t("2026-02-10T01:00"), "SUCCEEDED")
        .deploy("DEP-C2", t("2026-03-05T00:00"), t("2026-03-05T01:00"), "SUCCEEDED");
    changes
        .change("CHG-D", t("2026-03-10T00:00"), "router")
        .deploy("DEP-D1", t("2026-03-10T01:00"), t("2026-03-10T02:00"), "FAILED")
        .deploy("DEP-D2", t("2026-03-11T00:00"), t("2026-03-11T01:00"), "SUCCEEDED"); // 25 h
    changes
        .change("CHG-E", t("2026-03-20T00:00"), "router")
        .deploy("DEP-E", t("2026-03-20T00:00"), t("2026-03-20T02:00"), "SUCCEEDED"); // 2 h

    DeliveryMetrics metrics =
        DeliveryMetrics.of(
            changes.records(),
            MetricsQuery.of(MARCH, APRIL, "prod"),
            Map.of("CHG-B", t("2026-03-01T12:00")));

    DeliveryMetrics.LeadTime lead = metrics.overall().leadTime();
    assertThat(lead.changes()).isEqualTo(4);
    assertThat(lead.fromCommit()).isEqualTo(1);
    assertThat(lead.median()).contains(Duration.ofMinutes(30 * 60 + 30)); // (25 h + 36 h) / 2
    assertThat(lead.p90()).contains(Duration.ofMinutes(44 * 60 + 24)); // 36 h + 0.7 * 12 h
    assertThat(lead.band()).contains(PerformanceBand.HIGH);
    assertThat(metrics.overall().frequency().deployments()).isEqualTo(5);
    assertThat(metrics.notes()).anyMatch(n -> n.contains("lead time of 3 change(s)"));
  }

  @Test
  void failureRateCountsFailedRolledBackAndEmergencyFixedDeploymentsOverFinishedOnes() {
    changes
        .change("CHG-A", MARCH, "router")
        .deploy("DEP-A", t("2026-03-02T00:00"), t("2026-03-02T01:00"), "SUCCEEDED");
    changes
        .change("CHG-B", MARCH, "router")
        .deploy("DEP-B", t("2026-03-03T00:00"), t("2026-03-03T01:00"), "FAILED");
    changes
        .change("CHG-C", MARCH, "router")
        .deploy("DEP-C", t("2026-03-04T00:00"), t("2026-03-04T00:10"), "FAILED")
        .rolledBack("DEP-C", t("2026-03-04T01:00"));
    changes
        .change("CHG-D", MARCH, "router")
        .deploy("DEP-D", t("2026-03-05T00:00"), t("2026-03-05T01:00"), "SUCCEEDED");
    changes
        .change("CHG-E", MARCH, "router")
        .emergency("DEP-E", t("2026-03-06T00:00"), t("2026-03-06T00:30"), "SUCCEEDED");
    changes
        .change("CHG-F", MARCH, "risk")
        .deploy("DEP-F", t("2026-03-10T00:00"), t("2026-03-10T01:00"), "SUCCEEDED");
    changes
        .change("CHG-G", MARCH, "pricing")
        .emergency("DEP-G", t("2026-03-11T00:00"), t("2026-03-11T01:00"), "SUCCEEDED");
    changes
        .change("CHG-H", MARCH, "router")
        .deploy("DEP-H", t("2026-03-12T00:00"), t("2026-03-12T01:00"), "SUCCEEDED");
    changes
        .change("CHG-I", MARCH, "router")
        .emergency("DEP-I", t("2026-03-25T00:00"), t("2026-03-25T01:00"), "SUCCEEDED");
    changes
        .change("CHG-K", MARCH, "router")
        .deploy("DEP-K1", t("2026-03-27T00:00"), t("2026-03-27T01:00"), "SUCCEEDED")
        .emergency("DEP-K2", t("2026-03-28T00:00"), t("2026-03-28T01:00"), "SUCCEEDED");
    changes.change("CHG-J", MARCH, "router").running("DEP-J", t("2026-03-26T00:00"));

    DeliveryMetrics metrics = march();

    DeliveryMetrics.ChangeFailureRate cfr = metrics.overall().changeFailureRate();
    assertThat(cfr.deployments()).isEqualTo(11);
    assertThat(cfr.failed()).isEqualTo(1);
    assertThat(cfr.rolledBack()).isEqualTo(1);
    assertThat(cfr.fixedByEmergency()).isEqualTo(1);
    assertThat(cfr.rate()).hasValueSatisfying(r -> assertThat(r).isCloseTo(3 / 11.0, within(1e-9)));
    assertThat(cfr.band()).contains(PerformanceBand.LOW);
    assertThat(metrics.overall().running()).isEqualTo(1);
    assertThat(outcomeOf(metrics, "DEP-D")).isEqualTo(Outcome.FIXED_BY_EMERGENCY);
    assertThat(metrics.deployments())
        .filteredOn(d -> d.deployment().equals("DEP-D"))
        .extracting(DeploymentOutcome::fixedBy)
        .containsExactly(Optional.of("DEP-E"));
    assertThat(outcomeOf(metrics, "DEP-F")).as("other system").isEqualTo(Outcome.SUCCEEDED);
    assertThat(outcomeOf(metrics, "DEP-H")).as("outside the window").isEqualTo(Outcome.SUCCEEDED);
    assertThat(outcomeOf(metrics, "DEP-K1")).as("its own change").isEqualTo(Outcome.SUCCEEDED);
    assertThat(outcomeOf(metrics, "DEP-J")).isEqualTo(Outcome.RUNNING);
    assertThat(metrics.notes()).anyMatch(n -> n.contains("1 deployment(s) still running"));

    DeliveryMetrics wider =
        DeliveryMetrics.of(
            changes.records(),
            MetricsQuery.of(MARCH, APRIL, "prod").withFollowUpWindow(Duration.ofDays(14)),
            Map.of());
    assertThat(outcomeOf(wider, "DEP-H")).isEqualTo(Outcome.FIXED_BY_EMERGENCY);
  }

  @Test
  void emergencyFixedDeploymentsStillCountAsDeployedForFrequencyAndLeadTime() {
    changes
        .change("CHG-D", MARCH, "router")
        .deploy("DEP-D", t("2026-03-05T00:00"), t("2026-03-05T01:00"), "SUCCEEDED");
    changes
        .change("CHG-E", MARCH, "router")
        .emergency("DEP-E", t("2026-03-05T02:00"), t("2026-03-05T03:00"), "SUCCEEDED");

    Scope overall = march().overall();

    assertThat(overall.frequency().deployments()).isEqualTo(2);
    assertThat(overall.leadTime().changes()).isEqualTo(2);
    assertThat(overall.changeFailureRate().failures()).isEqualTo(1);
  }

  @Test
  void timeToRestoreRunsFromTheFailureToTheRollbackOrTheNextSuccessOfTheSameSystem() {
    changes
        .change("CHG-A", MARCH, "router")
        .deploy("DEP-A", t("2026-03-02T10:00"), t("2026-03-02T10:10"), "FAILED");
    changes
        .change("CHG-X", MARCH, "risk")
        .deploy("DEP-X", t("2026-03-02T10:30"), t("2026-03-02T10:40"), "SUCCEEDED");
    changes
        .change("CHG-B", MARCH, "router")
        .deploy("DEP-B", t("2026-03-02T11:00"), t("2026-03-02T12:00"), "SUCCEEDED"); // 2 h
    changes
        .change("CHG-C", MARCH, "router")
        .deploy("DEP-C", t("2026-03-05T10:00"), t("2026-03-05T10:05"), "FAILED")
        .rolledBack("DEP-C", t("2026-03-05T10:30")); // 30 min
    changes
        .change("CHG-E", MARCH, "risk")
        .deploy("DEP-E", t("2026-03-10T00:00"), t("2026-03-10T01:00"), "SUCCEEDED");
    changes
        .change("CHG-F", MARCH, "risk")
        .emergency("DEP-F", t("2026-03-10T05:00"), t("2026-03-10T06:00"), "SUCCEEDED"); // 5 h
    changes
        .change("CHG-D", MARCH, "router")
        .deploy("DEP-D", t("2026-03-20T10:00"), t("2026-03-20T10:10"), "FAILED"); // open

    DeliveryMetrics metrics = march();

    DeliveryMetrics.TimeToRestore ttr = metrics.overall().timeToRestore();
    assertThat(ttr.failures()).isEqualTo(4);
    assertThat(ttr.restored()).isEqualTo(3);
    assertThat(ttr.open()).isEqualTo(1);
    assertThat(ttr.median()).contains(Duration.ofHours(2));
    assertThat(ttr.band()).contains(PerformanceBand.HIGH);
    assertThat(metrics.deployments())
        .filteredOn(d -> d.deployment().equals("DEP-A"))
        .extracting(DeploymentOutcome::restored)
        .containsExactly(Optional.of(t("2026-03-02T12:00")));
    Scope router =
        metrics.systems().stream().filter(s -> s.name().equals("router")).findFirst().orElseThrow();
    assertThat(router.timeToRestore().failures()).isEqualTo(3);
    assertThat(router.timeToRestore().median()).contains(Duration.ofMinutes(75));
  }

  @Test
  void aFailureTouchingTwoSystemsIsRestoredWhenBothAreAndAnInterruptedRunIsAFailure() {
    changes.change("CHG-G", MARCH, "router", "risk").interrupted("DEP-G", t("2026-03-15T00:00"));
    changes
        .change("CHG-H", MARCH, "router")
        .deploy("DEP-H", t("2026-03-15T02:00"), t("2026-03-15T03:00"), "SUCCEEDED");
    changes
        .change("CHG-I", MARCH, "risk")
        .deploy("DEP-I", t("2026-03-15T04:00"), t("2026-03-15T05:00"), "SUCCEEDED");

    DeliveryMetrics metrics = march();

    assertThat(outcomeOf(metrics, "DEP-G")).isEqualTo(Outcome.FAILED);
    assertThat(metrics.overall().timeToRestore().median()).contains(Duration.ofHours(5));
    assertThat(metrics.overall().running()).isZero();
  }

  @Test
  void anEmptyPeriodHasZeroDeploymentsAndNoRatesMediansOrBands() {
    changes
        .change("CHG-A", t("2026-01-01T00:00"), "router")
        .deploy("DEP-A", t("2026-01-02T00:00"), t("2026-01-02T01:00"), "SUCCEEDED");

    DeliveryMetrics metrics = march();

    Scope overall = metrics.overall();
    assertThat(overall.frequency().deployments()).isZero();
    assertThat(overall.frequency().perDay()).isZero();
    assertThat(overall.frequency().band()).isEmpty();
    assertThat(overall.leadTime().median()).isEmpty();
    assertThat(overall.leadTime().p90()).isEmpty();
    assertThat(overall.leadTime().band()).isEmpty();
    assertThat(overall.changeFailureRate().rate()).isEmpty();
    assertThat(overall.changeFailureRate().band()).isEmpty();
    assertThat(overall.timeToRestore().median()).isEmpty();
    assertThat(overall.timeToRestore().band()).isEmpty();
    assertThat(metrics.systems()).isEmpty();
    assertThat(metrics.deployments()).isEmpty();
    assertThat(metrics.buckets()).hasSize(31).allMatch(b -> b.deployments() == 0);
    assertThat(metrics.notes()).anyMatch(n -> n.contains("no deployments to prod"));

    DeliveryMetrics nothing =
        DeliveryMetrics.of(List.of(), MetricsQuery.of(MARCH, APRIL, "prod"), Map.of());
    assertThat(nothing.overall().changeFailureRate().rate()).isEmpty();
  }

  @Test
  void onlyRunningDeploymentsLeaveTheFailureRateUndefinedNotZero() {
    changes.change("CHG-A", MARCH, "router").running("DEP-A", t("2026-03-02T00:00"));

    Scope overall = march().overall();

    assertThat(overall.running()).isEqualTo(1);
    assertThat(overall.changeFailureRate().deployments()).isZero();
    assertThat(overall.changeFailureRate().rate()).isEmpty();
    assertThat(overall.frequency().deployments()).isZero();
    assertThat(overall.frequency().band()).contains(PerformanceBand.LOW);
  }

  @Test
  void systemsAreMeasuredEachAndChangesWithoutSystemsCountOverallAndApart() {
    changes
        .change("CHG-A", MARCH, "router", "risk")
        .deploy("DEP-A", t("2026-03-02T00:00"), t("2026-03-02T01:00"), "SUCCEEDED");
    changes
        .change("CHG-B", MARCH)
        .deploy("DEP-B", t("2026-03-03T00:00"), t("2026-03-03T01:00"), "SUCCEEDED");
    changes
        .change("CHG-C", MARCH, "router")
        .deploy("DEP-C", t("2026-03-04T00:00"), t("2026-03-04T01:00"), "FAILED");

    DeliveryMetrics metrics = march();

    assertThat(metrics.overall().name()).isEqualTo("all");
    assertThat(metrics.overall().frequency().deployments()).isEqualTo(2);
    assertThat(metrics.overall().changeFailureRate().deployments()).isEqualTo(3);
    assertThat(metrics.systems())
        .extracting(Scope::name)
        .containsExactly("risk", "router", DeliveryMetrics.NO_SYSTEM);
    assertThat(metrics.systems().get(1).changeFailureRate().failures()).isEqualTo(1);
    assertThat(metrics.systems().get(2).frequency().deployments()).isEqualTo(1);
    assertThat(metrics.notes()).anyMatch(n -> n.contains("without a recorded system"));

    DeliveryMetrics router =
        DeliveryMetrics.of(
            changes.records(), MetricsQuery.of(MARCH, APRIL, "prod").forSystem("router"), Map.of());
    assertThat(router.overall().name()).isEqualTo("router");
    assertThat(router.overall().changeFailureRate().deployments()).isEqualTo(2);
    assertThat(router.systems()).extracting(Scope::name).containsExactly("router");
    assertThat(router.deployments())
        .extracting(DeploymentOutcome::deployment)
        .containsExactly("DEP-A", "DEP-C");

    DeliveryMetrics pricing =
        DeliveryMetrics.of(
            changes.records(),
            MetricsQuery.of(MARCH, APRIL, "prod").forSystem("pricing"),
            Map.of());
    assertThat(pricing.notes()).anyMatch(n -> n.contains("touches system pricing"));
  }

  @Test
  void bucketsAreCalendarWeeksClippedToThePeriodAndDeploymentsLandByTheirStart() {
    Instant from = t("2026-01-07T12:00"); // a Wednesday
    Instant to = t("2026-01-21T00:00");
    changes
        .change("CHG-A", t("2026-01-01T00:00"), "router")
        .deploy("DEP-1", from, from.plusSeconds(60), "SUCCEEDED")
        .deploy("DEP-0", from.minusMillis(1), from.plusSeconds(60), "SUCCEEDED")
        .deploy("DEP-2", t("2026-01-12T00:00"), t("2026-01-12T00:01"), "SUCCEEDED")
        .deploy("DEP-3", t("2026-01-11T23:59"), t("2026-01-12T00:05"), "FAILED")
        .deploy("DEP-4", to.minusMillis(1), to.plusSeconds(60), "SUCCEEDED")
        .deploy("DEP-5", to, to.plusSeconds(60), "SUCCEEDED");

    DeliveryMetrics metrics =
        DeliveryMetrics.of(
            changes.records(), MetricsQuery.of(from, to, "prod").by(Granularity.WEEK), Map.of());

    assertThat(metrics.query().granularity()).isEqualTo(Granularity.WEEK);
    assertThat(metrics.buckets())
        .extracting(Bucket::start)
        .containsExactly(from, t("2026-01-12T00:00"), t("2026-01-19T00:00"));
    assertThat(metrics.buckets())
        .extracting(Bucket::end)
        .containsExactly(t("2026-01-12T00:00"), t("2026-01-19T00:00"), to);
    assertThat(metrics.buckets()).extracting(Bucket::deployments).containsExactly(1, 1, 1);
    assertThat(metrics.buckets()).extracting(Bucket::failures).containsExactly(1, 0, 0);
    assertThat(metrics.deployments())
        .extracting(DeploymentOutcome::deployment)
        .containsExactly("DEP-1", "DEP-3", "DEP-2", "DEP-4");
    assertThat(metrics.buckets().get(0).leadTimes())
        .as("first deployed before the period")
        .isZero();
  }

  @Test
  void autoGranularityIsDailyUpToThirtyOneDaysThenWeekly() {
    Instant from = MARCH;
    assertThat(Granularity.AUTO.resolve(from, from.plus(Duration.ofDays(31))))
        .isEqualTo(Granularity.DAY);
    assertThat(Granularity.AUTO.resolve(from, from.plus(Duration.ofDays(31)).plusMillis(1)))
        .isEqualTo(Granularity.WEEK);
    DeliveryMetrics daily =
        DeliveryMetrics.of(
            List.of(),
            MetricsQuery.of(t("2026-03-01T06:00"), t("2026-03-03T06:00"), "prod"),
            Map.of());
    assertThat(daily.buckets())
        .extracting(Bucket::start)
        .containsExactly(t("2026-03-01T06:00"), t("2026-03-02T00:00"), t("2026-03-03T00:00"));
  }

  @Test
  void percentilesInterpolateBetweenRanks() {
    List<Duration> tenToHundred =
        java.util.stream.IntStream.rangeClosed(1, 10)
            .mapToObj(i -> Duration.ofSeconds(i * 10L))
            .toList();
    assertThat(Percentiles.median(tenToHundred)).contains(Duration.ofSeconds(55));
    assertThat(Percentiles.of(tenToHundred, 0.9)).contains(Duration.ofSeconds(91));
    assertThat(Percentiles.median(List.of(Duration.ofHours(3)))).contains(Duration.ofHours(3));
    assertThat(Percentiles.median(List.of())).isEmpty();
  }
}
