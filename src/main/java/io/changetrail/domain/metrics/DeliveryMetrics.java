package io.changetrail.domain.metrics;

import io.changetrail.domain.lifecycle.ChangeRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The four DORA delivery metrics of one environment over one period, for all systems together and
 * for each system, with a time series and every deployment they were computed from. Built by {@link
 * #of}; a value, so the CLI and the server render the same numbers.
 *
 * <p>Definitions (each deployment is placed in time by its start):
 *
 * <ul>
 *   <li><b>Deployment frequency</b>: successful deployments to the environment that started in the
 *       period, per day and per week of the period.
 *   <li><b>Lead time for changes</b>: for each change whose <em>first</em> successful deployment to
 *       the environment started in the period, from the author time of its earliest commit (when
 *       known: {@code firstCommits}) or else from its registration in the ledger, to the end of
 *       that deployment; median and 90th percentile.
 *   <li><b>Change failure rate</b>: finished deployments that failed (FAILED, INTERRUPTED,
 *       ROLLBACK_FAILED), were rolled back (ROLLED_BACK), or succeeded but were followed by an
 *       emergency deployment of another change touching one of the same systems within the query's
 *       follow-up window, divided by all finished deployments. Running deployments are left out.
 *   <li><b>Time to restore</b>: for each failed deployment, from its start (for one needing an
 *       emergency fix: from its end, when it went live) to the end of its rollback when it was
 *       rolled back, else to the end of the next successful deployment to the environment that
 *       touches each of its systems (any system for a change with none recorded); median of the
 *       restored ones. Failures not restored yet are counted as open.
 * </ul>
 *
 * A change's systems are the ones its assessment found it touches directly; a change with none is
 * counted in the overall figures and under {@link #NO_SYSTEM}. Values that are undefined (a rate
 * over no deployments, a median of nothing) are empty, never zero.
 *
 * @param query the query, its granularity resolved to DAY or WEEK
 * @param overall every deployment of the environment (or of the one system asked for)
 * @param systems one entry per system seen, by name; {@link #NO_SYSTEM} last when present
 * @param buckets the time series of {@code overall}, covering the period without gaps
 * @param deployments every deployment to the environment that started in the period, oldest first
 * @param notes what a reader should know about the numbers (running deployments, missing systems)
 */
public record DeliveryMetrics(
    MetricsQuery query,
    Scope overall,
    List<Scope> systems,
    List<Bucket> buckets,
    List<DeploymentOutcome> deployments,
    List<String> notes) {
  /** The name under which changes without a recorded system are counted. */
  public static final String NO_SYSTEM = "(no system)";

  public DeliveryMetrics {
    systems = List.copyOf(systems);
    buckets = List.copyOf(buckets);
    deployments = List.copyOf(deployments);
    notes = List.copyOf(notes);
  }

  /**
   * Computes the metrics of {@code changes} for {@code query}.
   *
   * @param firstCommits when known, the author time of each change's earliest commit, by change id;
   *     lead time starts at the change's registration for changes missing here
   */
  public static DeliveryMetrics of(
      List<ChangeRecord> changes, MetricsQuery query, Map<String, Instant> firstCommits) {
    return new Measurement(changes, query, firstCommits).measure();
  }

  /** The four metrics of one scope: all systems together, or one system. */
  public record Scope(
      String name,
      DeploymentFrequency frequency,
      LeadTime leadTime,
      ChangeFailureRate changeFailureRate,
      TimeToRestore timeToRestore,
      int running) {}

  /**
   * Successful deployments in the period and their rate. The band is empty when nothing at all was
   * deployed (no evidence to rate); no successful deployment among attempted ones is low.
   */
  public record DeploymentFrequency(
      int deployments, double perDay, double perWeek, Optional<PerformanceBand> band) {}

  /**
   * Lead times of the changes first deployed in the period; empty values when there are none.
   *
   * @param fromCommit how many lead times start at a commit (the rest start at registration)
   */
  public record LeadTime(
      int changes,
      int fromCommit,
      Optional<Duration> median,
      Optional<Duration> p90,
      Optional<PerformanceBand> band) {}

  /**
   * Failed finished deployments over all finished deployments; rate and band empty when no
   * deployment finished.
   *
   * @param failed FAILED, INTERRUPTED or ROLLBACK_FAILED
   * @param rolledBack ROLLED_BACK
   * @param fixedByEmergency succeeded, then needed an emergency fix
   */
  public record ChangeFailureRate(
      int deployments,
      int failed,
      int rolledBack,
      int fixedByEmergency,
      Optional<Double> rate,
      Optional<PerformanceBand> band) {
    public int failures() {
      return failed + rolledBack + fixedByEmergency;
    }
  }

  /** Restoration times of the period's failures; median and band empty when none was restored. */
  public record TimeToRestore(
      int failures, int restored, Optional<Duration> median, Optional<PerformanceBand> band) {
    public int open() {
      return failures - restored;
    }
  }

  /**
   * One bucket of the time series, {@code [start, end)}, clipped to the period: its first and last
   * buckets may be shorter than a day or a week.
   */
  public record Bucket(
      Instant start,
      Instant end,
      int deployments,
      int failures,
      int leadTimes,
      Optional<Duration> leadTimeMedian) {}

  /** How one deployment counted, so every figure can be traced back to the ledger. */
  public record DeploymentOutcome(
      String change,
      String deployment,
      List<String> systems,
      Instant started,
      Optional<Instant> finished,
      String status,
      boolean emergency,
      Outcome outcome,
      Optional<String> fixedBy,
      Optional<Duration> leadTime,
      Optional<Instant> restored) {}

  /** How a deployment counts in the metrics. */
  public enum Outcome {
    /** Succeeded and needed no emergency fix. */
    SUCCEEDED,
    /**
     * Succeeded (so it counts towards frequency and lead time), then an emergency deployment of
     * another change followed on one of its systems: a failure too.
     */
    FIXED_BY_EMERGENCY,
    /** Was rolled back. */
    ROLLED_BACK,
    /** Failed, was interrupted, or its rollback failed. */
    FAILED,
    /** Still running: not counted. */
    RUNNING;

    public boolean failure() {
      return this == FIXED_BY_EMERGENCY || this == ROLLED_BACK || this == FAILED;
    }

    /** Whether the change went live: counts towards deployment frequency and lead time. */
    public boolean deployed() {
      return this == SUCCEEDED || this == FIXED_BY_EMERGENCY;
    }
  }
}
