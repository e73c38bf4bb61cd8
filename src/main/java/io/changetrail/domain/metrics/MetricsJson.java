package io.changetrail.domain.metrics;

import io.changetrail.domain.ledger.LedgerEntry;
import io.changetrail.domain.metrics.DeliveryMetrics.Bucket;
import io.changetrail.domain.metrics.DeliveryMetrics.DeploymentOutcome;
import io.changetrail.domain.metrics.DeliveryMetrics.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON form of delivery metrics, as a tree of maps and lists for any JSON writer: schema
 * {@value #SCHEMA}, described in docs/metrics.schema.json. Undefined values are {@code null} (with
 * {@code "n/a"} in the matching text field), durations are whole seconds. Field names are part of
 * the contract; add fields, never rename.
 */
public final class MetricsJson {
  public static final String SCHEMA = "changetrail.metrics/v1";

  /** Where lead time starts, stated in every report so nobody has to guess. */
  public static final String LEAD_TIME_START =
      "author time of the change's earliest commit when known, else its registration in the"
          + " ledger; ends when its first successful deployment to the environment ends";

  private MetricsJson() {}

  public static Map<String, Object> tree(DeliveryMetrics metrics) {
    MetricsQuery query = metrics.query();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("schema", SCHEMA);
    Map<String, Object> period = new LinkedHashMap<>();
    period.put("from", time(query.from()));
    period.put("to", time(query.to()));
    period.put("days", Figures.round(Figures.days(query.length())));
    json.put("period", period);
    json.put("environment", query.environment());
    json.put("system", query.system().isEmpty() ? null : query.system());
    json.put("granularity", query.granularity().label());
    json.put("followUpWindowSeconds", query.followUpWindow().toSeconds());
    json.put("leadTimeStart", LEAD_TIME_START);
    json.put("bands", "DORA 2023 Accelerate State of DevOps performance clusters");
    json.put("overall", scope(metrics.overall()));
    json.put("systems", metrics.systems().stream().map(MetricsJson::scope).toList());
    json.put("series", metrics.buckets().stream().map(MetricsJson::bucket).toList());
    json.put("deployments", metrics.deployments().stream().map(MetricsJson::deployment).toList());
    json.put("notes", metrics.notes());
    return json;
  }

  private static Map<String, Object> scope(Scope scope) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", scope.name());

    Map<String, Object> frequency = new LinkedHashMap<>();
    frequency.put("deployments", scope.frequency().deployments());
    frequency.put("perDay", Figures.round(scope.frequency().perDay()));
    frequency.put("perWeek", Figures.round(scope.frequency().perWeek()));
    frequency.put("band", band(scope.frequency().band()));
    json.put("deploymentFrequency", frequency);

    DeliveryMetrics.LeadTime lead = scope.leadTime();
    Map<String, Object> leadTime = new LinkedHashMap<>();
    leadTime.put("changes", lead.changes());
    leadTime.put("fromCommit", lead.fromCommit());
    leadTime.put("fromRegistration", lead.changes() - lead.fromCommit());
    leadTime.put("medianSeconds", seconds(lead.median()));
    leadTime.put("p90Seconds", seconds(lead.p90()));
    leadTime.put("median", Figures.duration(lead.median()));
    leadTime.put("p90", Figures.duration(lead.p90()));
    leadTime.put("band", band(lead.band()));
    json.put("leadTime", leadTime);

    DeliveryMetrics.ChangeFailureRate cfr = scope.changeFailureRate();
    Map<String, Object> failureRate = new LinkedHashMap<>();
    failureRate.put("deployments", cfr.deployments());
    failureRate.put("failures", cfr.failures());
    failureRate.put("failed", cfr.failed());
    failureRate.put("rolledBack", cfr.rolledBack());
    failureRate.put("fixedByEmergency", cfr.fixedByEmergency());
    failureRate.put("rate", cfr.rate().map(Figures::round).orElse(null));
    failureRate.put("text", Figures.percent(cfr.rate()));
    failureRate.put("band", band(cfr.band()));
    json.put("changeFailureRate", failureRate);

    DeliveryMetrics.TimeToRestore ttr = scope.timeToRestore();
    Map<String, Object> restore = new LinkedHashMap<>();
    restore.put("failures", ttr.failures());
    restore.put("restored", ttr.restored());
    restore.put("open", ttr.open());
    restore.put("medianSeconds", seconds(ttr.median()));
    restore.put("median", Figures.duration(ttr.median()));
    restore.put("band", band(ttr.band()));
    json.put("timeToRestore", restore);

    json.put("running", scope.running());
    return json;
  }

  private static Map<String, Object> bucket(Bucket bucket) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("start", time(bucket.start()));
    json.put("end", time(bucket.end()));
    json.put("deployments", bucket.deployments());
    json.put("failures", bucket.failures());
    json.put("leadTimes", bucket.leadTimes());
    json.put("leadTimeMedianSeconds", seconds(bucket.leadTimeMedian()));
    return json;
  }

  private static Map<String, Object> deployment(DeploymentOutcome d) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("change", d.change());
    json.put("deployment", d.deployment());
    json.put("systems", d.systems());
    json.put("started", time(d.started()));
    json.put("finished", d.finished().map(MetricsJson::time).orElse(null));
    json.put("status", d.status());
    json.put("emergency", d.emergency());
    json.put("outcome", d.outcome().name());
    json.put("fixedBy", d.fixedBy().orElse(null));
    json.put("leadTimeSeconds", seconds(d.leadTime()));
    json.put("restored", d.restored().map(MetricsJson::time).orElse(null));
    return json;
  }

  private static String band(Optional<PerformanceBand> band) {
    return band.map(PerformanceBand::label).orElse(null);
  }

  private static Long seconds(Optional<Duration> duration) {
    return duration.map(Duration::toSeconds).orElse(null);
  }

  private static String time(Instant instant) {
    return LedgerEntry.TIME.format(instant);
  }
}
