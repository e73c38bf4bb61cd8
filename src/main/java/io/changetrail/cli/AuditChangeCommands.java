package io.changetrail.cli;

import io.changetrail.app.api.ChangeTrailApi;
import io.changetrail.app.api.Reconciliation;
import java.io.PrintWriter;
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

    @Option(
        names = "--allowed-signers",
        paramLabel = "FILE",
        description =
            "Check signed decisions against this allowed-signers file (git's"
                + " gpg.ssh.allowedSignersFile format); default: git's gpg.ssh.allowedSignersFile,"
                + " else .changetrail/allowed_signers.")
    java.nio.file.Path allowedSigners;

    @Option(
        names = "--allowed-openpgp-keys",
        paramLabel = "FILE",
        description =
            "Check OpenPGP-signed decisions against the public keys in this file (armored: gpg"
                + " --armor --export EMAIL...); default: .changetrail/allowed-openpgp-keys.asc.")
    java.nio.file.Path allowedOpenpgpKeys;

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
      try (ChangeTrailApi api =
          server.api(
              audit.main,
              ledger,
              false,
              java.util.Optional.ofNullable(audit.main.file(allowedSigners)),
              java.util.Optional.ofNullable(audit.main.file(allowedOpenpgpKeys)))) {
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
          case METHODOLOGY -> out.println(LifecycleSupport.json(api.methodologyRecord(change)));
          case TEXT, MARKDOWN -> out.print(api.auditRecordMarkdown(change));
          case HTML ->
              out.print(
                  LifecycleSupport.html(
                      api.auditRecordMarkdown(change),
                      api.auditRecord(change).path("auditId").asText()));
          case JSON -> out.println(LifecycleSupport.json(api.auditRecord(change)));
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
      try (ChangeTrailApi api = server.api(audit.main, ledger, false)) {
        print(api.reconcile(environment));
      }
    }

    private void print(Reconciliation result) {
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
        for (Reconciliation.Exception e : result.exceptions()) {
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
      try (ChangeTrailApi api = server.api(audit.main, ledger, false)) {
        PrintWriter out = spec.commandLine().getOut();
        switch (format.toLowerCase(java.util.Locale.ROOT)) {
          case "csv" -> out.print(api.populationCsv(from, to));
          case "json" -> out.println(LifecycleSupport.json(api.population(from, to)));
          default ->
              throw new picocli.CommandLine.ParameterException(
                  spec.commandLine(), "--format must be csv or json");
        }
      }
    }
  }
}
