package io.changetrail.domain.metrics;

import io.changetrail.domain.html.HtmlText;
import io.changetrail.domain.metrics.DeliveryMetrics.Bucket;
import io.changetrail.domain.metrics.DeliveryMetrics.Scope;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Delivery metrics as SVG charts that a server-rendered page can inline or serve as images: plain
 * strings, every piece of text escaped, no script, no style sheet, no external reference, no ids
 * (so several charts can share one page); sized by {@code viewBox} only, so they scale to their
 * container. Colours are presentation attributes and every element has a {@code ct-*} class, so a
 * page may restyle them with CSS. Each bar carries a {@code <title>}: the browser shows it as a
 * tooltip without any script.
 */
public final class MetricsSvg {
  static final int WIDTH = 720;
  static final int CHART_HEIGHT = 280;
  static final int HEADLINE_HEIGHT = 112;

  private static final String NS = "http://www.w3.org/2000/svg";
  private static final String FONT = "system-ui, -apple-system, 'Segoe UI', sans-serif";
  private static final int LEFT = 56;

  /** The plot ends here; the margin right of it holds the period's median label, off the bars. */
  private static final int RIGHT = WIDTH - 112;

  private static final int TOP = 70;
  private static final int BOTTOM = CHART_HEIGHT - 44;
  private static final int MAX_LABELS = 12;
  private static final String DEPLOYED = "#2e7d32";
  private static final String FAILED = "#c62828";
  private static final String LEAD = "#1565c0";
  private static final String GRID = "#e0e0e0";
  private static final String MUTED = "#616161";
  private static final DateTimeFormatter LABEL =
      DateTimeFormatter.ofPattern("MM-dd").withZone(ZoneOffset.UTC);

  private MetricsSvg() {}

  /** Successful deployments and failures per bucket, as grouped bars. */
  public static String deployments(DeliveryMetrics metrics) {
    return document(
        CHART_HEIGHT,
        deploymentsTitle(metrics),
        "Bar chart: for each "
            + metrics.query().granularity().label()
            + ", the successful deployments and the failed ones.",
        deploymentsChart(metrics));
  }

  /** The median lead time for changes per bucket, as bars, with the period's median as a line. */
  public static String leadTime(DeliveryMetrics metrics) {
    return document(
        CHART_HEIGHT,
        leadTimeTitle(metrics),
        "Bar chart: for each "
            + metrics.query().granularity().label()
            + ", the median lead time of the changes first deployed in it. "
            + MetricsJson.LEAD_TIME_START
            + ".",
        leadTimeChart(metrics));
  }

  /** The four metrics with their bands, then both charts, in one picture. */
  public static String dashboard(DeliveryMetrics metrics) {
    StringBuilder body = new StringBuilder();
    body.append(headline(metrics));
    body.append("<g class=\"ct-chart\" transform=\"translate(0,")
        .append(HEADLINE_HEIGHT)
        .append(")\">")
        .append(deploymentsChart(metrics))
        .append("</g>");
    body.append("<g class=\"ct-chart\" transform=\"translate(0,")
        .append(HEADLINE_HEIGHT + CHART_HEIGHT)
        .append(")\">")
        .append(leadTimeChart(metrics))
        .append("</g>");
    return document(
        HEADLINE_HEIGHT + 2 * CHART_HEIGHT,
        "Delivery metrics: " + scopeText(metrics),
        headlineDescription(metrics),
        body.toString());
  }

  // ---------------------------------------------------------------- the pieces

  private static String document(int height, String title, String description, String body) {
    return "<svg xmlns=\""
        + NS
        + "\" viewBox=\"0 0 "
        + WIDTH
        + " "
        + height
        + "\" role=\"img\" class=\"ct-metrics\" font-family=\""
        + escape(FONT)
        + "\" font-size=\"12\">"
        + "<title>"
        + escape(title)
        + "</title><desc>"
        + escape(description)
        + "</desc>"
        + "<rect class=\"ct-background\" x=\"0\" y=\"0\" width=\""
        + WIDTH
        + "\" height=\""
        + height
        + "\" fill=\"#ffffff\"/>"
        + body
        + "</svg>\n";
  }

  private static String headline(DeliveryMetrics metrics) {
    Scope overall = metrics.overall();
    StringBuilder out = new StringBuilder();
    out.append(text(16, 26, "ct-title", 16, "600", "#212121", "start", headlineTitle(metrics)));
    out.append(text(16, 44, "ct-subtitle", 11, "400", MUTED, "start", period(metrics)));
    String[][] tiles = {
      {
        "Deployment frequency",
        Figures.rate(overall.frequency().perWeek()) + " / week",
        overall.frequency().deployments() + " successful deployments",
        Figures.band(overall.frequency().band())
      },
      {
        "Lead time for changes",
        Figures.duration(overall.leadTime().median()),
        "median; p90 " + Figures.duration(overall.leadTime().p90()),
        Figures.band(overall.leadTime().band())
      },
      {
        "Change failure rate",
        Figures.percent(overall.changeFailureRate().rate()),
        overall.changeFailureRate().failures()
            + " of "
            + overall.changeFailureRate().deployments()
            + " deployments",
        Figures.band(overall.changeFailureRate().band())
      },
      {
        "Time to restore",
        Figures.duration(overall.timeToRestore().median()),
        "median; " + overall.timeToRestore().open() + " open",
        Figures.band(overall.timeToRestore().band())
      }
    };
    int tileWidth = (WIDTH - 32 - 3 * 8) / 4;
    for (int i = 0; i < tiles.length; i++) {
      int x = 16 + i * (tileWidth + 8);
      String[] tile = tiles[i];
      out.append("<g class=\"ct-tile\"><title>")
          .append(escape(tile[0] + ": " + tile[1] + " (" + tile[2] + "), band " + tile[3]))
          .append("</title>");
      out.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"56\" width=\"%d\" height=\"48\" rx=\"4\" fill=\"#f5f5f5\""
                  + " stroke=\"%s\"/>",
              x,
              tileWidth,
              GRID));
      out.append(text(x + 8, 70, "ct-tile-name", 11, "400", MUTED, "start", tile[0]));
      out.append(text(x + 8, 89, "ct-tile-value", 16, "600", "#212121", "start", tile[1]));
      out.append(
          text(x + tileWidth - 8, 89, "ct-band", 11, "600", bandColour(tile[3]), "end", tile[3]));
      out.append(text(x + 8, 100, "ct-tile-detail", 10, "400", MUTED, "start", tile[2]));
      out.append("</g>");
    }
    return out.toString();
  }

  private static String deploymentsChart(DeliveryMetrics metrics) {
    List<Bucket> buckets = metrics.buckets();
    int most = 0;
    for (Bucket bucket : buckets) {
      most = Math.max(most, Math.max(bucket.deployments(), bucket.failures()));
    }
    Axis axis = Axis.counts(most);
    StringBuilder out = new StringBuilder();
    out.append(chartHeading(deploymentsTitle(metrics), period(metrics)));
    out.append(legend(new String[] {"successful", "failed"}, new String[] {DEPLOYED, FAILED}));
    out.append(grid(axis, ""));
    double slot = (RIGHT - LEFT) / (double) buckets.size();
    double barWidth = Math.max(0.5, slot * 0.36);
    for (int i = 0; i < buckets.size(); i++) {
      Bucket bucket = buckets.get(i);
      double x = LEFT + i * slot + slot * 0.12;
      String when = bucketName(metrics, bucket);
      if (bucket.deployments() > 0) {
        out.append(
            bar(
                x,
                barWidth,
                axis.y(bucket.deployments()),
                "ct-bar ct-deployments",
                DEPLOYED,
                when + ": " + plural(bucket.deployments(), "successful deployment")));
      }
      if (bucket.failures() > 0) {
        out.append(
            bar(
                x + barWidth + slot * 0.04,
                barWidth,
                axis.y(bucket.failures()),
                "ct-bar ct-failures",
                FAILED,
                when + ": " + plural(bucket.failures(), "failed deployment")));
      }
    }
    out.append(xLabels(metrics, slot));
    if (most == 0) {
      out.append(
          empty(
              "No deployments to "
                  + metrics.query().environment()
                  + " in this period: frequency 0, failure rate n/a"));
    }
    return out.toString();
  }

  private static String leadTimeChart(DeliveryMetrics metrics) {
    List<Bucket> buckets = metrics.buckets();
    Duration longest = Duration.ZERO;
    for (Bucket bucket : buckets) {
      if (bucket.leadTimeMedian().isPresent()
          && bucket.leadTimeMedian().get().compareTo(longest) > 0) {
        longest = bucket.leadTimeMedian().get();
      }
    }
    Unit unit = Unit.fitting(longest);
    Axis axis = Axis.of(unit.value(longest));
    StringBuilder out = new StringBuilder();
    out.append(chartHeading(leadTimeTitle(metrics), period(metrics)));
    out.append(legend(new String[] {"median lead time (" + unit.name + ")"}, new String[] {LEAD}));
    out.append(grid(axis, unit.name));
    double slot = (RIGHT - LEFT) / (double) buckets.size();
    double barWidth = Math.max(0.5, slot * 0.6);
    for (int i = 0; i < buckets.size(); i++) {
      Bucket bucket = buckets.get(i);
      if (bucket.leadTimeMedian().isEmpty()) {
        continue;
      }
      Duration median = bucket.leadTimeMedian().get();
      out.append(
          bar(
              LEFT + i * slot + slot * 0.2,
              barWidth,
              Math.min(axis.y(unit.value(median)), BOTTOM - 1), // a zero lead time stays visible
              "ct-bar ct-lead-time",
              LEAD,
              bucketName(metrics, bucket)
                  + ": median lead time "
                  + Figures.duration(median)
                  + " over "
                  + plural(bucket.leadTimes(), "change")));
    }
    Optional<Duration> overall = metrics.overall().leadTime().median();
    if (overall.isPresent()) {
      double y = axis.y(unit.value(overall.get()));
      out.append(
          String.format(
              Locale.ROOT,
              "<g class=\"ct-median\"><title>%s</title><line x1=\"%d\" y1=\"%.1f\" x2=\"%d\""
                  + " y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>",
              escape("median of the period: " + Figures.duration(overall.get())),
              LEFT,
              y,
              RIGHT,
              y,
              MUTED));
      out.append(
          text(
              RIGHT + 6,
              (int) Math.round(y + 4),
              "ct-median-label",
              12,
              "400",
              MUTED,
              "start",
              "median " + Figures.duration(overall.get())));
      out.append("</g>");
    }
    out.append(xLabels(metrics, slot));
    if (overall.isEmpty()) {
      out.append(empty("No change was first deployed in this period: lead time n/a"));
    }
    return out.toString();
  }

  private static String chartHeading(String title, String subtitle) {
    return text(16, 24, "ct-title", 15, "600", "#212121", "start", title)
        + text(16, 42, "ct-subtitle", 12, "400", MUTED, "start", subtitle);
  }

  private static String legend(String[] names, String[] colours) {
    StringBuilder out = new StringBuilder("<g class=\"ct-legend\">");
    int x = WIDTH - 16;
    for (int i = names.length - 1; i >= 0; i--) {
      int width = 14 + names[i].length() * 7;
      x -= width;
      out.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"15\" width=\"10\" height=\"10\" fill=\"%s\"/>",
              x,
              colours[i]));
      out.append(text(x + 14, 24, "ct-legend-name", 12, "400", "#212121", "start", names[i]));
      x -= 12;
    }
    return out.append("</g>").toString();
  }

  private static String grid(Axis axis, String unit) {
    StringBuilder out = new StringBuilder("<g class=\"ct-axis\">");
    for (double tick = 0; tick <= axis.top + axis.step / 2; tick += axis.step) {
      double y = axis.y(tick);
      out.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>",
              LEFT,
              y,
              RIGHT,
              y,
              tick == 0 ? MUTED : GRID));
      out.append(
          text(
              LEFT - 6,
              (int) Math.round(y + 4),
              "ct-tick",
              12,
              "400",
              MUTED,
              "end",
              Axis.label(tick)));
    }
    if (!unit.isEmpty()) {
      out.append(text(LEFT - 6, TOP - 8, "ct-unit", 12, "400", MUTED, "end", unit));
    }
    return out.append("</g>").toString();
  }

  private static String bar(
      double x, double width, double y, String cssClass, String colour, String tooltip) {
    double height = Math.max(0, BOTTOM - y);
    return String.format(
        Locale.ROOT,
        "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
            + "<title>%s</title></rect>",
        escape(cssClass),
        x,
        y,
        width,
        height,
        colour,
        escape(tooltip));
  }

  private static String xLabels(DeliveryMetrics metrics, double slot) {
    List<Bucket> buckets = metrics.buckets();
    int every = (int) Math.ceil(buckets.size() / (double) MAX_LABELS);
    StringBuilder out = new StringBuilder("<g class=\"ct-labels\">");
    for (int i = 0; i < buckets.size(); i += every) {
      int x = (int) Math.round(LEFT + i * slot + slot / 2);
      out.append(
          text(
              x,
              BOTTOM + 16,
              "ct-label",
              12,
              "400",
              MUTED,
              "middle",
              LABEL.format(buckets.get(i).start())));
    }
    out.append(
        text(
            LEFT,
            BOTTOM + 34,
            "ct-axis-name",
            12,
            "400",
            MUTED,
            "start",
            (metrics.query().granularity() == Granularity.WEEK ? "week starting" : "day")
                + " (UTC)"));
    return out.append("</g>").toString();
  }

  private static String empty(String message) {
    return text(
        (LEFT + RIGHT) / 2, (TOP + BOTTOM) / 2, "ct-empty", 14, "400", MUTED, "middle", message);
  }

  private static String text(
      int x,
      int y,
      String cssClass,
      int size,
      String weight,
      String colour,
      String anchor,
      String content) {
    return "<text class=\""
        + escape(cssClass)
        + "\" x=\""
        + x
        + "\" y=\""
        + y
        + "\" font-size=\""
        + size
        + "\" font-weight=\""
        + weight
        + "\" fill=\""
        + colour
        + "\" text-anchor=\""
        + anchor
        + "\">"
        + escape(content)
        + "</text>";
  }

  // ---------------------------------------------------------------- words

  private static String deploymentsTitle(DeliveryMetrics metrics) {
    return "Deployments to "
        + metrics.query().environment()
        + " per "
        + metrics.query().granularity().label()
        + systemSuffix(metrics);
  }

  private static String leadTimeTitle(DeliveryMetrics metrics) {
    return "Lead time for changes per "
        + metrics.query().granularity().label()
        + systemSuffix(metrics);
  }

  private static String headlineTitle(DeliveryMetrics metrics) {
    return "Delivery metrics: " + scopeText(metrics);
  }

  private static String scopeText(DeliveryMetrics metrics) {
    return metrics.query().environment()
        + (metrics.query().system().isEmpty()
            ? ", all systems"
            : ", system " + metrics.query().system());
  }

  private static String systemSuffix(DeliveryMetrics metrics) {
    return metrics.query().system().isEmpty() ? "" : " (" + metrics.query().system() + ")";
  }

  private static String period(DeliveryMetrics metrics) {
    return Figures.period(metrics.query().from(), metrics.query().to())
        + "; bands: DORA 2023 performance clusters";
  }

  private static String headlineDescription(DeliveryMetrics metrics) {
    Scope overall = metrics.overall();
    return "Deployment frequency "
        + Figures.rate(overall.frequency().perWeek())
        + " per week ("
        + Figures.band(overall.frequency().band())
        + "); lead time median "
        + Figures.duration(overall.leadTime().median())
        + " ("
        + Figures.band(overall.leadTime().band())
        + "); change failure rate "
        + Figures.percent(overall.changeFailureRate().rate())
        + " ("
        + Figures.band(overall.changeFailureRate().band())
        + "); time to restore median "
        + Figures.duration(overall.timeToRestore().median())
        + " ("
        + Figures.band(overall.timeToRestore().band())
        + "). "
        + period(metrics)
        + ".";
  }

  private static String bucketName(DeliveryMetrics metrics, Bucket bucket) {
    return (metrics.query().granularity() == Granularity.WEEK ? "week of " : "")
        + Figures.time(bucket.start());
  }

  private static String plural(int count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }

  private static String bandColour(String band) {
    return switch (band) {
      case "elite" -> "#1b5e20";
      case "high" -> "#2e7d32";
      case "medium" -> "#e65100";
      case "low" -> "#b71c1c";
      default -> MUTED;
    };
  }

  /** Text for XML character data and attribute values: the one escaper, {@link HtmlText}. */
  static String escape(String text) {
    return HtmlText.escape(text);
  }

  // ---------------------------------------------------------------- scales

  /** A vertical scale from 0 to a round top value, with round steps between. */
  private record Axis(double top, double step) {
    static Axis counts(int most) {
      double step = Math.max(1, niceStep(Math.max(most, 1) / 4.0));
      double top = Math.max(step, Math.ceil(most / step) * step);
      return new Axis(top, step);
    }

    static Axis of(double most) {
      if (most <= 0) {
        return new Axis(1, 0.25);
      }
      double step = niceStep(most / 4.0);
      return new Axis(Math.ceil(most / step) * step, step);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
      double power = Math.pow(10, Math.floor(Math.log10(raw)));
      for (double factor : new double[] {1, 2, 5, 10}) {
        if (factor * power >= raw) {
          return factor * power;
        }
      }
      return 10 * power;
    }

    double y(double value) {
      return BOTTOM - (BOTTOM - TOP) * Math.min(value, top) / top;
    }

    static String label(double value) {
      if (value == Math.rint(value)) {
        return Long.toString((long) value);
      }
      return String.format(Locale.ROOT, "%.2f", value).replaceAll("0+$", "");
    }
  }

  /** The unit lead times are plotted in: minutes, hours or days, by the longest value. */
  private record Unit(String name, double seconds) {
    static Unit fitting(Duration longest) {
      long seconds = longest.toSeconds();
      if (seconds < 2 * 3_600) {
        return new Unit("minutes", 60);
      }
      if (seconds < 72 * 3_600) {
        return new Unit("hours", 3_600);
      }
      return new Unit("days", 86_400);
    }

    double value(Duration duration) {
      return duration.toMillis() / 1000.0 / seconds;
    }
  }
}
