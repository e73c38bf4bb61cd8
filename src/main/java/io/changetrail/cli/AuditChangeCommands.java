package io.changetrail.cli;

import io.changetrail.app.lifecycle.AuditChanges;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.domain.lifecycle.AuditRecord;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code audit record|reconcile|population}: the auditor's views of the changes. */
final class AuditChangeCommands {
  private AuditChangeCommands() {}

  @Command(
      name = "record",
      mixinStandardHelpOptions = true,
      description =
          "The audit-trail record of a change: details, impact, approvals, deployments, verification, compliance checklist; all computed from the ledger.",
      footerHeading = "%nExamples:%n",
      footer = {"  changetrail audit record CHG-20261124-7K3Q --format html > record.html"})
  static final class Record implements Runnable {
    @ParentCommand AuditCommand audit;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

    @Parameters(paramLabel = "CHANGE")
    String change;

    @Option(
        names = "--format",
        paramLabel = "FORMAT",
        defaultValue = "text",
        description =
            "text, markdown, html, json, or methodology: the methodology's own audit_trail_record"
                + " structure as JSON (docs/audit-record-methodology.schema.json).")
    RecordFormat format;

    @Mixin ServerOption server = new ServerOption();

    /** The audit record's formats: the document formats and the methodology's structure. */
    enum RecordFormat {
      TEXT,
      MARKDOWN,
      HTML,
      JSON,
      METHODOLOGY
    }

    @Override
    public void run() {
      java.util.Optional<io.changetrail.remote.ServerClient> remote = server.client();
      if (remote.isPresent()) {
        String path = "/api/v1/changes/" + change + "/audit";
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
          case METHODOLOGY ->
              out.println(
                  LifecycleSupport.json(
                      remote.get().getJson(path, java.util.Map.of("format", "methodology"))));
          case TEXT, MARKDOWN ->
              out.print(remote.get().get(path, java.util.Map.of("format", "markdown")));
          case HTML ->
              out.print(
                  LifecycleSupport.html(
                      remote.get().get(path, java.util.Map.of("format", "markdown")),
                      "audit " + change));
          case JSON ->
              out.println(LifecycleSupport.json(remote.get().getJson(path, java.util.Map.of())));
        }
        return;
      }
      try (Lifecycle lifecycle = LifecycleSupport.open(audit.main, ledger)) {
        PrintWriter out = spec.commandLine().getOut();
        if (format == RecordFormat.METHODOLOGY) {
          out.println(LifecycleSupport.json(new AuditChanges(lifecycle).methodologyRecord(change)));
          return;
        }
        AuditRecord record = new AuditChanges(lifecycle).record(change);
        switch (format) {
          case TEXT, MARKDOWN -> out.print(record.markdown());
          case HTML -> out.print(LifecycleSupport.html(record.markdown(), record.auditId()));
          case JSON -> out.println(LifecycleSupport.json(record.json()));
        }
      }
    }
  }

  @Command(
      name = "reconcile",
      mixinStandardHelpOptions = true,
      description =
          "Commits deployed to an environment without an approved change, changes deployed without verification, emergency changes still unapproved.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  changetrail audit reconcile --env prod",
        "",
        "Exit codes: 0 no exceptions; 1 exceptions found."
      })
  static final class Reconcile implements Runnable {
    @ParentCommand AuditCommand audit;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

    @Option(names = "--env", required = true, paramLabel = "ENV")
    String environment;

    @Option(
        names = "--format",
        paramLabel = "FORMAT",
        defaultValue = "text",
        description = "text or json.")
    DocumentFormat format;

    @Mixin ServerOption server = new ServerOption();

    @Override
    public void run() {
      java.util.Optional<io.changetrail.remote.ServerClient> remote = server.client();
      if (remote.isPresent()) {
        com.fasterxml.jackson.databind.JsonNode json =
            remote
                .get()
                .getJson("/api/v1/audit/reconcile", java.util.Map.of("environment", environment));
        List<AuditChanges.Exception> exceptions = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode e : json.path("exceptions")) {
          exceptions.add(
              new AuditChanges.Exception(
                  e.path("kind").asText(), e.path("subject").asText(), e.path("detail").asText()));
        }
        print(
            new AuditChanges.Reconciliation(
                json.path("environment").asText(), json.path("deployments").asInt(), exceptions));
        return;
      }
      try (Lifecycle lifecycle = LifecycleSupport.open(audit.main, ledger)) {
        print(new AuditChanges(lifecycle).reconcile(environment));
      }
    }

    private void print(AuditChanges.Reconciliation result) {
      PrintWriter out = spec.commandLine().getOut();
      if (format == DocumentFormat.JSON) {
        out.println(LifecycleSupport.json(result));
      } else {
        out.println(
            "Reconciliation of "
                + environment
                + ": "
                + result.deployments()
                + " deployment(s), "
                + result.exceptions().size()
                + " exception(s)");
        for (AuditChanges.Exception e : result.exceptions()) {
          out.println("  ✘ [" + e.kind() + "] " + e.subject() + ": " + e.detail());
        }
      }
      if (!result.exceptions().isEmpty()) {
        out.flush();
        throw new GateFailedException(
            result.exceptions().size() + " reconciliation exception(s) in " + environment);
      }
    }
  }

  @Command(
      name = "population",
      mixinStandardHelpOptions = true,
      description =
          "Every change registered in a period, as CSV or JSON, for auditors to sample from.",
      footerHeading = "%nExamples:%n",
      footer = {
        "  changetrail audit population --from 2026-01-01 --to 2026-03-31 --format csv > q1.csv"
      })
  static final class Population implements Runnable {
    @ParentCommand AuditCommand audit;
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin AuditCommand.LedgerOption ledger = new AuditCommand.LedgerOption();

    @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD")
    String from;

    @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD")
    String to;

    @Option(
        names = "--format",
        paramLabel = "FORMAT",
        defaultValue = "csv",
        description = "csv or json.")
    String format;

    @Mixin ServerOption server = new ServerOption();

    @Override
    public void run() {
      java.util.Optional<io.changetrail.remote.ServerClient> remote = server.client();
      if (remote.isPresent()) {
        PrintWriter out = spec.commandLine().getOut();
        switch (format.toLowerCase()) {
          case "csv" ->
              out.print(
                  remote
                      .get()
                      .get(
                          "/api/v1/audit/population",
                          java.util.Map.of("from", from, "to", to, "format", "csv")));
          case "json" ->
              out.println(
                  LifecycleSupport.json(
                      remote
                          .get()
                          .getJson(
                              "/api/v1/audit/population", java.util.Map.of("from", from, "to", to))
                          .path("changes")));
          default ->
              throw new picocli.CommandLine.ParameterException(
                  spec.commandLine(), "--format must be csv or json");
        }
        return;
      }
      try (Lifecycle lifecycle = LifecycleSupport.open(audit.main, ledger)) {
        List<Map<String, Object>> rows = new AuditChanges(lifecycle).population(from, to);
        PrintWriter out = spec.commandLine().getOut();
        switch (format.toLowerCase()) {
          case "csv" -> out.print(AuditChanges.csv(rows));
          case "json" -> out.println(LifecycleSupport.json(rows));
          default ->
              throw new picocli.CommandLine.ParameterException(
                  spec.commandLine(), "--format must be csv or json");
        }
      }
    }
  }
}
