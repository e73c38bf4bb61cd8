package io.changetrail.domain.metrics;

import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.metrics.DeliveryMetrics.Bucket;
import io.changetrail.domain.metrics.DeliveryMetrics.ChangeFailureRate;
import io.changetrail.domain.metrics.DeliveryMetrics.DeploymentFrequency;
import io.changetrail.domain.metrics.DeliveryMetrics.DeploymentOutcome;
import io.changetrail.domain.metrics.DeliveryMetrics.LeadTime;
import io.changetrail.domain.metrics.DeliveryMetrics.Outcome;
import io.changetrail.domain.metrics.DeliveryMetrics.Scope;
import io.changetrail.domain.metrics.DeliveryMetrics.TimeToRestore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * One computation of {@link DeliveryMetrics}: the environment's deployments over all time (a
 * failure in the period may be restored after it, a change's first deployment may predate it),
 * their outcomes, then the figures of the period.
 */
final class Measurement {
  private static final double MILLIS_PER_DAY = 86_400_000.0;

  /** One deployment to the environment, with what the metrics need to know about it. */
  private static final class Run {
    final ChangeRecord change;
    final ChangeRecord.DeploymentRun run;
    final List<String> systems;
    Outcome outcome;
    String fixedBy;
    Duration leadTime;
    Instant restored;

    Run(ChangeRecord change, ChangeRecord.DeploymentRun run, List<String> systems) {
      this.change = change;
      this.run = run;
      this.systems = systems;
    }

    Instant started() {
      return run.started();
    }

    long firstEntry() {
      return run.entries().isEmpty() ? Long.MAX_VALUE : run.entries().get(0);
    }

    boolean touches(String system) {
      return system.equals(DeliveryMetrics.NO_SYSTEM)
          ? systems.isEmpty()
          : systems.contains(system);
    }

    boolean sharesSystemWith(Run other) {
      return systems.stream().anyMatch(other.systems::contains);
    }

    /** When the failure began: the start of a failed run, the end of one that went live. */
    Instant failureStart() {
      return outcome == Outcome.FIXED_BY_EMERGENCY ? run.finished() : run.started();
    }
  }

  private final List<ChangeRecord> changes;
  private final MetricsQuery query;
  private final Map<String, Instant> firstCommits;
  private final Granularity granularity;
  private final List<Run> runs = new ArrayList<>();

  Measurement(List<ChangeRecord> changes, MetricsQuery query, Map<String, Instant> firstCommits) {
    this.changes = List.copyOf(changes);
    this.query = query;
    this.firstCommits = Map.copyOf(firstCommits);
    this.granularity = query.granularity().resolve(query.from(), query.to());
  }

  DeliveryMetrics measure() {
    collect();
    classify();
    linkEmergencyFixes();
    measureLeadTimes();
    measureRestores();

    List<Run> inPeriod =
        runs.stream().filter(r -> query.contains(r.started())).filter(this::inScope).toList();
    Scope overall = scope(query.system().isEmpty() ? "all" : query.system(), inPeriod, r -> true);
    List<Scope> systems = new ArrayList<>();
    for (String system : systemNames(inPeriod)) {
      systems.add(scope(system, inPeriod, r -> r.touches(system)));
    }
    return new DeliveryMetrics(
        query.by(granularity),
        overall,
        systems,
        buckets(inPeriod),
        inPeriod.stream().map(Measurement::outcome).toList(),
        notes(inPeriod));
  }

  // ---------------------------------------------------------------- outcomes, over all time

  private void collect() {
    for (ChangeRecord change : changes) {
      List<String> systems =
          change.systems().stream()
              .filter(ChangeRecord.SystemRef::direct)
              .map(ChangeRecord.SystemRef::name)
              .filter(name -> !name.isBlank())
              .distinct()
              .sorted()
              .toList();
      for (ChangeRecord.DeploymentRun run : change.deployments()) {
        if (query.environment().equals(run.environment()) && run.started() != null) {
          runs.add(new Run(change, run, systems));
        }
      }
    }
    runs.sort(Comparator.comparing(Run::started).thenComparingLong(Run::firstEntry));
  }

  private void classify() {
    for (Run r : runs) {
      r.outcome =
          switch (r.run.status()) {
            case RUNNING -> Outcome.RUNNING;
            case SUCCEEDED ->
                r.run.finished() == null ? Outcome.FAILED : Outcome.SUCCEEDED; // never: defensive
            case ROLLED_BACK -> Outcome.ROLLED_BACK;
            // FAILED, INTERRUPTED, ROLLBACK_FAILED, and any status a later version adds: only
            // SUCCEEDED means the change went out as planned
            default -> Outcome.FAILED;
          };
    }
  }

  /**
   * An emergency deployment of a change marks, for each system it touches, the latest successful
   * deployment to that system as needing an emergency fix, when it is of another change and ended
   * within the follow-up window before the emergency deployment started.
   */
  private void linkEmergencyFixes() {
    for (Run emergency : runs) {
      if (!emergency.run.emergency()) {
        continue;
      }
      for (String system : emergency.systems) {
        Run fixed = null;
        for (Run candidate : runs) {
          if (!candidate.started().isBefore(emergency.started())) {
            break;
          }
          if (candidate.outcome.deployed() && candidate.systems.contains(system)) {
            fixed = candidate;
          }
        }
        // the emergency redeploys what is live: nothing else to blame
        if (fixed != null
            && !fixed.change.id().equals(emergency.change.id())
            && fixed.fixedBy == null
            && !fixed.run.finished().isAfter(emergency.started())
            && Duration.between(fixed.run.finished(), emergency.started())
                    .compareTo(query.followUpWindow())
                <= 0) {
          fixed.outcome = Outcome.FIXED_BY_EMERGENCY;
          fixed.fixedBy = emergency.run.id();
        }
      }
    }
  }

  /** A change's lead time is measured at its first deployment that went live. */
  private void measureLeadTimes() {
    Map<String, Run> first = new LinkedHashMap<>();
    for (Run r : runs) {
      if (r.outcome.deployed()) {
        first.putIfAbsent(r.change.id(), r);
      }
    }
    for (Run r : first.values()) {
      Instant start = firstCommits.getOrDefault(r.change.id(), r.change.registered());
      if (start != null) {
        r.leadTime = nonNegative(Duration.between(start, r.run.finished()));
      }
    }
  }

  private void measureRestores() {
    for (Run failure : runs) {
      if (!failure.outcome.failure()) {
        continue;
      }
      if (failure.outcome == Outcome.ROLLED_BACK) {
        failure.restored = failure.run.finished();
        continue;
      }
      Instant since = failure.failureStart();
      List<String> systems =
          failure.systems.isEmpty() ? List.of(DeliveryMetrics.NO_SYSTEM) : failure.systems;
      Instant restored = null;
      for (String system : systems) {
        Instant earliest = null;
        for (Run later : runs) {
          boolean restores =
              later != failure
                  && later.outcome.deployed()
                  && !later.started().isBefore(since)
                  && (failure.systems.isEmpty() || later.systems.contains(system));
          if (restores && (earliest == null || later.run.finished().isBefore(earliest))) {
            earliest = later.run.finished();
          }
        }
        if (earliest == null) {
          restored = null;
          break;
        }
        restored = restored == null || earliest.isAfter(restored) ? earliest : restored;
      }
      failure.restored = restored;
    }
  }

  // ---------------------------------------------------------------- the period's figures

  private boolean inScope(Run r) {
    return query.system().isEmpty() || r.touches(query.system());
  }

  private List<String> systemNames(List<Run> inPeriod) {
    if (!query.system().isEmpty()) {
      return List.of(query.system());
    }
    TreeSet<String> names = new TreeSet<>();
    boolean none = false;
    for (Run r : inPeriod) {
      names.addAll(r.systems);
      none |= r.systems.isEmpty();
    }
    List<String> ordered = new ArrayList<>(names);
    if (none) {
      ordered.add(DeliveryMetrics.NO_SYSTEM);
    }
    return ordered;
  }

  private Scope scope(String name, List<Run> inPeriod, Predicate<Run> member) {
    List<Run> mine = inPeriod.stream().filter(member).toList();
    int deployed = (int) mine.stream().filter(r -> r.outcome.deployed()).count();
    double perDay = deployed / (query.length().toMillis() / MILLIS_PER_DAY);
    DeploymentFrequency frequency =
        new DeploymentFrequency(
            deployed,
            perDay,
            perDay * 7,
            mine.isEmpty()
                ? Optional.empty()
                : Optional.of(PerformanceBand.ofDeploymentsPerDay(perDay)));

    List<Duration> leadTimes = leadTimes(mine);
    int fromCommit =
        (int)
            mine.stream()
                .filter(r -> r.leadTime != null)
                .filter(r -> firstCommits.containsKey(r.change.id()))
                .count();
    Optional<Duration> leadMedian = Percentiles.median(leadTimes);
    LeadTime leadTime =
        new LeadTime(
            leadTimes.size(),
            fromCommit,
            leadMedian,
            Percentiles.of(leadTimes, 0.9),
            leadMedian.map(PerformanceBand::ofLeadTime));

    List<Run> finished = mine.stream().filter(r -> r.outcome != Outcome.RUNNING).toList();
    int failed = count(finished, Outcome.FAILED);
    int rolledBack = count(finished, Outcome.ROLLED_BACK);
    int fixed = count(finished, Outcome.FIXED_BY_EMERGENCY);
    Optional<Double> rate =
        finished.isEmpty()
            ? Optional.empty()
            : Optional.of((failed + rolledBack + fixed) / (double) finished.size());
    ChangeFailureRate failureRate =
        new ChangeFailureRate(
            finished.size(),
            failed,
            rolledBack,
            fixed,
            rate,
            rate.map(PerformanceBand::ofChangeFailureRate));

    List<Run> failures = finished.stream().filter(r -> r.outcome.failure()).toList();
    List<Duration> restores =
        failures.stream()
            .filter(r -> r.restored != null)
            .map(r -> nonNegative(Duration.between(r.failureStart(), r.restored)))
            .toList();
    Optional<Duration> restoreMedian = Percentiles.median(restores);
    TimeToRestore timeToRestore =
        new TimeToRestore(
            failures.size(),
            restores.size(),
            restoreMedian,
            restoreMedian.map(PerformanceBand::ofTimeToRestore));

    return new Scope(
        name, frequency, leadTime, failureRate, timeToRestore, count(mine, Outcome.RUNNING));
  }

  private static List<Duration> leadTimes(List<Run> runs) {
    return runs.stream().filter(r -> r.leadTime != null).map(r -> r.leadTime).toList();
  }

  private static int count(List<Run> runs, Outcome outcome) {
    return (int) runs.stream().filter(r -> r.outcome == outcome).count();
  }

  private List<Bucket> buckets(List<Run> inPeriod) {
    List<Bucket> buckets = new ArrayList<>();
    Instant start = granularity.floor(query.from());
    while (start.isBefore(query.to())) {
      Instant next = granularity.next(start);
      Instant from = start.isBefore(query.from()) ? query.from() : start;
      Instant to = next.isAfter(query.to()) ? query.to() : next;
      List<Run> mine =
          inPeriod.stream()
              .filter(r -> !r.started().isBefore(from) && r.started().isBefore(to))
              .toList();
      List<Duration> leadTimes = leadTimes(mine);
      buckets.add(
          new Bucket(
              from,
              to,
              (int) mine.stream().filter(r -> r.outcome.deployed()).count(),
              (int) mine.stream().filter(r -> r.outcome.failure()).count(),
              leadTimes.size(),
              Percentiles.median(leadTimes)));
      start = next;
    }
    return buckets;
  }

  private static DeploymentOutcome outcome(Run r) {
    return new DeploymentOutcome(
        r.change.id(),
        r.run.id(),
        r.systems,
        r.run.started(),
        Optional.ofNullable(r.run.finished()),
        r.run.status().name(),
        r.run.emergency(),
        r.outcome,
        Optional.ofNullable(r.fixedBy),
        Optional.ofNullable(r.leadTime),
        Optional.ofNullable(r.restored));
  }

  private List<String> notes(List<Run> inPeriod) {
    List<String> notes = new ArrayList<>();
    String where = "to " + query.environment();
    if (inPeriod.isEmpty()) {
      if (!query.system().isEmpty() && runs.stream().noneMatch(this::inScope)) {
        notes.add(
            "no deployment " + where + " touches system " + query.system() + " (at any time)");
      } else {
        notes.add("no deployments " + where + " in this period: the rates are n/a");
      }
    }
    int running = count(inPeriod, Outcome.RUNNING);
    if (running > 0) {
      notes.add(running + " deployment(s) still running are not counted until they end");
    }
    long withoutSystem = inPeriod.stream().filter(r -> r.systems.isEmpty()).count();
    if (withoutSystem > 0 && query.system().isEmpty()) {
      notes.add(
          withoutSystem
              + " deployment(s) of changes without a recorded system count under "
              + DeliveryMetrics.NO_SYSTEM);
    }
    Set<String> leadFromRegistration = new HashSet<>();
    for (Run r : inPeriod) {
      if (r.leadTime != null && !firstCommits.containsKey(r.change.id())) {
        leadFromRegistration.add(r.change.id());
      }
    }
    if (!leadFromRegistration.isEmpty()) {
      notes.add(
          "lead time of "
              + leadFromRegistration.size()
              + " change(s) starts at registration: the time of their first commit is not known");
    }
    return notes;
  }

  private static Duration nonNegative(Duration duration) {
    return duration.isNegative() ? Duration.ZERO : duration;
  }
}
