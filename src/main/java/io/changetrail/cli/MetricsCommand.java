package io.changetrail.cli;

import io.changetrail.app.api.ChangeTrailApi;
import io.changetrail.app.api.MetricsQuery;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code changetrail metrics}: the four DORA delivery metrics, from the ledger. */
@Command(
    name = "metrics",
    mixinStandardHelpOptions = true,
    description = {
      "The four DORA delivery metrics of an environment, from the ledger: deployment frequency,"
          + " lead time for changes, change failure rate and time to restore, overall and per"
          + " system, each with its DORA performance band (elite, high, medium, low), and a time"
          + " series by day or week.",
      "Lead time runs from the author time of a change's earliest commit (its registration when"
          + " git does not have the commit) to the end of its first successful deployment."
          + " A deployment fails when it failed, was rolled back, or was followed within 7 days"
          + " by an emergency deployment of another change to one of its systems."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  changetrail metrics                                 the last 90 days of prod",
      "  changetrail metrics --since 30d --system order-router",
      "  changetrail metrics --since 2026-01-01 --until 2026-03-31 --format json",
      "  changetrail metrics --environment production --format svg > metrics.svg",
      "",
      "Exit codes: 0 done; 2 invalid command line; 3 not a repository; 7 invalid input (a date"
          + " or bucket); 10 ledger unavailable."
    })
final class MetricsCommand implements Runnable {
  @ParentCommand Main main;
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

  /** How the metrics are printed. */
  enum Format {
    TEXT,
    JSON,
    SVG
  }

  @Option(names = "--system", paramLabel = "SYSTEM", description = "One system (default: all).")
  String system;

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      description =
          "First day (2026-01-01, UTC) or an age (30d, 12w); default: 90 days before --until.")
  String since;

  @Option(
      names = "--until",
      paramLabel = "WHEN",
      description = "Last day, included (2026-03-31, UTC), or an age (7d); default: now.")
  String until;

  @Option(
      names = {"--environment", "--env"},
      paramLabel = "ENV",
      description =
          "The production environment (default: prod, or production when only that has"
              + " deployments).")
  String environment;

  @Option(
      names = "--bucket",
      paramLabel = "SIZE",
      description = "day, week or auto (default: days up to 31 days, weeks beyond).")
  String bucket;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text, json or svg (the four metrics and both charts in one picture).")
  Format format;

  @Mixin ServerOption server = new ServerOption();

  @Override
  public void run() {
    MetricsQuery query = new MetricsQuery(since, until, system, environment, bucket);
    try (ChangeTrailApi api = server.api(main, ledger, true)) {
      String document =
          api.deliveryMetrics(query, format.name().toLowerCase(java.util.Locale.ROOT));
      PrintWriter out = spec.commandLine().getOut();
      if (format == Format.JSON) {
        out.println(document);
      } else {
        out.print(document);
      }
    }
  }
}
