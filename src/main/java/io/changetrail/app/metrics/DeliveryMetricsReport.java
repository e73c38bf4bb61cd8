package io.changetrail.app.metrics;

import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.metrics.DeliveryMetrics;
import io.changetrail.domain.metrics.Granularity;
import io.changetrail.domain.metrics.MetricsQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The use case "how is delivery going": the four DORA metrics of one environment over a period,
 * from the changes in the ledger, with lead times starting at each change's first commit as git
 * knows it. The CLI's {@code metrics} command and the server's metrics page and API both call it.
 */
public final class DeliveryMetricsReport {
  /** The period when none is asked for: the last 90 days (weekly buckets). */
  public static final Duration DEFAULT_PERIOD = Duration.ofDays(90);

  /** The environment names taken for production, in order, when none is asked for. */
  static final List<String> PRODUCTION_NAMES =
      List.of(MetricsQuery.DEFAULT_ENVIRONMENT, "production");

  private static final Pattern AGE = Pattern.compile("([0-9]{1,5})([dw])");

  private final Lifecycle lifecycle;

  public DeliveryMetricsReport(Lifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  /**
   * What a person asks for, as typed on a command line or in a URL's query; every field may be null
   * or blank.
   *
   * @param since the first day ({@code 2026-01-01}, UTC), an age ({@code 30d}, {@code 12w}) or an
   *     ISO instant; default: 90 days before {@code until}
   * @param until the last day, included ({@code 2026-03-31}), an age, or an ISO instant; default:
   *     now
   * @param system one system; default: all
   * @param environment default: {@code prod}, or {@code production} when the ledger has deployments
   *     to that and none to {@code prod}
   * @param granularity {@code day}, {@code week} or {@code auto} (default: days up to 31 days)
   */
  public record Request(
      String since, String until, String system, String environment, String granularity) {
    /** Everything by default: the last 90 days of production, all systems. */
    public static Request defaults() {
      return new Request(null, null, null, null, null);
    }
  }

  /** The metrics for a request as typed; input that makes no sense is an INVALID_INPUT error. */
  public DeliveryMetrics report(Request request) {
    Instant now = lifecycle.ledger().now();
    Instant until = blank(request.until()) ? now : time(request.until(), "until", now, true);
    Instant since =
        blank(request.since())
            ? until.minus(DEFAULT_PERIOD)
            : time(request.since(), "since", now, false);
    if (!since.isBefore(until)) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "the period is empty: since "
              + request.since()
              + " is not before until "
              + (blank(request.until()) ? "now" : request.until()),
          "give a start before the end, e.g. --since 2026-01-01 --until 2026-03-31");
    }
    List<ChangeRecord> changes = lifecycle.ledger().changes();
    Set<String> environments = environments(changes);
    boolean chosen = blank(request.environment());
    String environment = chosen ? production(environments) : request.environment().strip();
    MetricsQuery query =
        new MetricsQuery(
            since,
            until,
            environment,
            blank(request.system()) ? "" : request.system().strip(),
            granularity(request.granularity()),
            null);
    return measure(changes, query, environments, chosen);
  }

  /** The metrics for a query already in values (its environment as given). */
  public DeliveryMetrics report(MetricsQuery query) {
    List<ChangeRecord> changes = lifecycle.ledger().changes();
    return measure(changes, query, environments(changes), false);
  }

  private DeliveryMetrics measure(
      List<ChangeRecord> changes, MetricsQuery query, Set<String> environments, boolean chosen) {
    List<String> notes = new ArrayList<>();
    Map<String, Instant> firstCommits = firstCommits(changes, query.environment(), notes);
    DeliveryMetrics metrics = DeliveryMetrics.of(changes, query, firstCommits);
    if (!environments.contains(query.environment())) {
      notes.add(
          "no deployment to "
              + query.environment()
              + " is recorded"
              + (environments.isEmpty()
                  ? " (no deployments yet)"
                  : "; deployments are recorded to: " + String.join(", ", environments))
              + (chosen ? " (choose one with --environment)" : ""));
    }
    if (notes.isEmpty()) {
      return metrics;
    }
    List<String> all = new ArrayList<>(metrics.notes());
    all.addAll(notes);
    return new DeliveryMetrics(
        metrics.query(),
        metrics.overall(),
        metrics.systems(),
        metrics.buckets(),
        metrics.deployments(),
        all);
  }

  /**
   * The author time of each deployed change's earliest commit, from git. When git cannot tell, lead
   * times start at registration and a note says why.
   */
  private Map<String, Instant> firstCommits(
      List<ChangeRecord> changes, String environment, List<String> notes) {
    List<ChangeRecord> deployed =
        changes.stream()
            .filter(
                c -> c.deployments().stream().anyMatch(d -> environment.equals(d.environment())))
            .toList();
    Set<String> shas = new LinkedHashSet<>();
    deployed.forEach(c -> shas.addAll(c.commits()));
    if (shas.isEmpty()) {
      return Map.of();
    }
    Map<String, Instant> times;
    try {
      times = lifecycle.workspace().git().authorTimes(shas);
    } catch (ChangeTrailException e) {
      notes.add(
          "commit times could not be read from git ("
              + e.getMessage()
              + "): lead times start at registration");
      return Map.of();
    }
    Map<String, Instant> first = new HashMap<>();
    for (ChangeRecord change : deployed) {
      change.commits().stream()
          .map(times::get)
          .filter(time -> time != null)
          .min(Instant::compareTo)
          .ifPresent(time -> first.put(change.id(), time));
    }
    return first;
  }

  private static Set<String> environments(List<ChangeRecord> changes) {
    Set<String> names = new TreeSet<>();
    for (ChangeRecord change : changes) {
      change.deployments().forEach(d -> names.add(d.environment()));
    }
    return names;
  }

  private static String production(Set<String> environments) {
    return PRODUCTION_NAMES.stream()
        .filter(environments::contains)
        .findFirst()
        .orElse(MetricsQuery.DEFAULT_ENVIRONMENT);
  }

  /**
   * A date (its start; for {@code until}, the start of the next day so the day is included), an age
   * before now, or an ISO instant.
   */
  static Instant time(String text, String name, Instant now, boolean endOfDay) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    Matcher age = AGE.matcher(value);
    if (age.matches()) {
      long days = Long.parseLong(age.group(1)) * (age.group(2).equals("w") ? 7 : 1);
      return now.minus(Duration.ofDays(days));
    }
    try {
      LocalDate day = LocalDate.parse(value);
      return (endOfDay ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // not a date: perhaps an instant
    }
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          name + " '" + text + "' is neither a date nor an age",
          "write a day as 2026-01-31 (UTC), an age as 30d or 12w, or an instant as"
              + " 2026-01-31T12:00:00Z");
    }
  }

  static Granularity granularity(String text) {
    if (blank(text)) {
      return Granularity.AUTO;
    }
    try {
      return Granularity.valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "bucket '" + text + "' is not day, week or auto",
          "choose day, week or auto (days for periods up to 31 days, weeks beyond)");
    }
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }
}
