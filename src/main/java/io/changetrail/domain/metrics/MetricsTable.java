package io.changetrail.domain.metrics;

import io.changetrail.domain.metrics.DeliveryMetrics.Bucket;
import io.changetrail.domain.metrics.DeliveryMetrics.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Delivery metrics as a plain-text report for a terminal: a table per scope, then the series. */
public final class MetricsTable {
  private static final String[] HEADINGS = {
    "",
    "deploys",
    "per week",
    "band",
    "median",
    "p90",
    "band",
    "rate",
    "failed/all",
    "band",
    "median",
    "open",
    "band"
  };

  private static final String[] GROUPS = {
    "deployment frequency", "lead time for changes", "change failure rate", "time to restore"
  };

  private MetricsTable() {}

  public static String text(DeliveryMetrics metrics) {
    MetricsQuery query = metrics.query();
    StringBuilder out = new StringBuilder();
    out.append("Delivery metrics for ")
        .append(query.environment())
        .append(query.system().isEmpty() ? ", all systems" : ", system " + query.system())
        .append(": ")
        .append(Figures.period(query.from(), query.to()))
        .append(" (")
        .append(String.format(Locale.ROOT, "%.1f", Figures.days(query.length())))
        .append(" days)\n\n");

    List<String[]> rows = new ArrayList<>();
    String[] headings = HEADINGS.clone();
    headings[0] = "system";
    rows.add(headings);
    rows.add(row(metrics.overall()));
    if (query.system().isEmpty()) {
      for (Scope system : metrics.systems()) {
        rows.add(row(system));
      }
    }
    int[] widths = widths(rows);
    fitGroups(widths);
    out.append(groupHeadings(widths)).append('\n');
    for (String[] row : rows) {
      out.append(line(row, widths)).append('\n');
    }

    out.append('\n')
        .append(query.granularity() == Granularity.WEEK ? "week of" : "day")
        .append(":\n");
    List<String[]> series = new ArrayList<>();
    series.add(new String[] {"start", "deploys", "failures", "lead time (median)", ""});
    int most = metrics.buckets().stream().mapToInt(Bucket::deployments).max().orElse(0);
    for (Bucket bucket : metrics.buckets()) {
      series.add(
          new String[] {
            Figures.time(bucket.start()),
            Integer.toString(bucket.deployments()),
            Integer.toString(bucket.failures()),
            Figures.duration(bucket.leadTimeMedian()),
            bar(bucket.deployments(), most)
          });
    }
    int[] seriesWidths = widths(series);
    for (String[] row : series) {
      out.append("  ").append(line(row, seriesWidths)).append('\n');
    }

    out.append('\n')
        .append("Lead time: from the ")
        .append(MetricsJson.LEAD_TIME_START)
        .append(".\n")
        .append(
            "Change failure rate: failed, rolled back, or followed within "
                + Figures.window(query.followUpWindow())
                + " by an emergency deployment of another change to the same system.\n")
        .append(
            "Bands: DORA 2023 performance clusters (elite, high, medium, low); n/a where nothing"
                + " was measured.\n");
    for (String note : metrics.notes()) {
      out.append("Note: ").append(note).append('\n');
    }
    return out.toString();
  }

  private static String[] row(Scope scope) {
    DeliveryMetrics.ChangeFailureRate cfr = scope.changeFailureRate();
    return new String[] {
      scope.name(),
      Integer.toString(scope.frequency().deployments()),
      Figures.rate(scope.frequency().perWeek()),
      Figures.band(scope.frequency().band()),
      Figures.duration(scope.leadTime().median()),
      Figures.duration(scope.leadTime().p90()),
      Figures.band(scope.leadTime().band()),
      Figures.percent(cfr.rate()),
      cfr.failures() + "/" + cfr.deployments(),
      Figures.band(cfr.band()),
      Figures.duration(scope.timeToRestore().median()),
      Integer.toString(scope.timeToRestore().open()),
      Figures.band(scope.timeToRestore().band())
    };
  }

  /** Widens the last column of a group whose metric name is longer than its columns. */
  private static void fitGroups(int[] widths) {
    for (int group = 0; group < GROUPS.length; group++) {
      int span = -2;
      for (int column = 1 + group * 3; column < 4 + group * 3; column++) {
        span += 2 + widths[column];
      }
      if (span < GROUPS[group].length()) {
        widths[3 + group * 3] += GROUPS[group].length() - span;
      }
    }
  }

  /** The metric names above their column groups. */
  private static String groupHeadings(int[] widths) {
    StringBuilder line = new StringBuilder(" ".repeat(widths[0]));
    for (int group = 0; group < 4; group++) {
      int span = 0;
      for (int column = 1 + group * 3; column < 4 + group * 3; column++) {
        span += 2 + widths[column];
      }
      String title = GROUPS[group];
      line.append("  ").append(pad(title, span - 2));
    }
    return line.toString().stripTrailing();
  }

  private static int[] widths(List<String[]> rows) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    return widths;
  }

  private static String line(String[] row, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < row.length; i++) {
      if (i > 0) {
        line.append("  ");
      }
      line.append(pad(row[i], widths[i]));
    }
    return line.toString().stripTrailing();
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }

  private static String bar(int value, int most) {
    if (value == 0 || most == 0) {
      return "";
    }
    return "#".repeat(Math.max(1, Math.round(value * 30f / most)));
  }
}
