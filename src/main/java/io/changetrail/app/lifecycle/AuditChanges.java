package io.changetrail.app.lifecycle;

import io.changetrail.app.config.AuditConfig;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.document.Section;
import io.changetrail.domain.knowledge.MergedDocument;
import io.changetrail.domain.ledger.LedgerEntry;
import io.changetrail.domain.lifecycle.AuditRecord;
import io.changetrail.domain.lifecycle.ChangeClass;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.lifecycle.ChangeStatus;
import io.changetrail.domain.lifecycle.MethodologyAuditRecord;
import io.changetrail.git.GitRepository;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The auditor's use cases over the lifecycle: the audit record of one change, reconciliation of
 * what was deployed against what was approved, and the population of changes of a period.
 */
public final class AuditChanges {
  private final Lifecycle lifecycle;

  public AuditChanges(Lifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  public AuditRecord record(String changeId) {
    return record(changeId, Optional.empty());
  }

  /**
   * The audit record, with the signatures of signed decisions checked against the allowed-signers
   * file given by the auditor, else git's {@code gpg.ssh.allowedSignersFile}, else the repository's
   * {@code .changetrail/allowed_signers} (OpenPGP signatures: the repository's {@code
   * .changetrail/allowed-openpgp-keys.asc}).
   */
  public AuditRecord record(String changeId, Optional<Path> allowedSigners) {
    return record(changeId, allowedSigners, Optional.empty());
  }

  /** As {@link #record(String, Optional)}, with the auditor's allowed OpenPGP keys file. */
  public AuditRecord record(
      String changeId, Optional<Path> allowedSigners, Optional<Path> openpgpKeys) {
    ChangeRecord change = lifecycle.ledger().change(changeId);
    long size = lifecycle.ledger().store().read(reader -> reader.size());
    return AuditRecord.of(change, size, signatures(change, allowedSigners, openpgpKeys));
  }

  /** Each signed entry of the change: "signed by PRINCIPAL", or why its signature fails. */
  @SuppressWarnings("unchecked")
  private Map<Long, String> signatures(
      ChangeRecord change, Optional<Path> given, Optional<Path> openpgpKeys) {
    Map<Long, String> results = new java.util.LinkedHashMap<>();
    List<LedgerEntry> entries = lifecycle.ledger().byChange().getOrDefault(change.id(), List.of());
    if (entries.stream().noneMatch(e -> e.fact().data().get("signature") instanceof Map<?, ?>)) {
      return results;
    }
    DecisionSignatures.Trust trust =
        DecisionSignatures.trust(given, openpgpKeys, Optional.of(lifecycle.workspace().git()));
    try (DecisionSignatures.Checker checker = new DecisionSignatures.Checker(trust)) {
      for (LedgerEntry entry : entries) {
        Object node = entry.fact().data().get("signature");
        if (!(node instanceof Map<?, ?> signature)) {
          continue;
        }
        io.changetrail.domain.lifecycle.Person actor =
            io.changetrail.domain.lifecycle.Person.parse(entry.fact().actor());
        String email = lifecycle.identities().canonical(actor).email();
        List<String> emails = new ArrayList<>();
        emails.add(email);
        emails.addAll(lifecycle.identities().emails(actor));
        DecisionSignatures.Checker.Result result =
            checker.check(entry.fact(), (Map<String, Object>) signature, emails);
        if (result.malformed() != null) {
          results.put(entry.index(), "BAD: " + result.malformed());
        } else if (result.check() == null) {
          results.put(entry.index(), "not checked: no " + result.file());
        } else if (result.check().outcome() == SshSignatures.Outcome.VALID) {
          results.put(entry.index(), "signed by " + result.check().principal());
        } else {
          results.put(entry.index(), "BAD: " + result.check().problem(email));
        }
      }
    }
    return results;
  }

  /**
   * The audit trail record in the methodology's structure (section 4.2 of methodology.md): its
   * business_impact is what the change documents say under Business Driver, its
   * compliance_framework is changetrail.yml's {@code audit: compliance_framework}.
   */
  public Map<String, Object> methodologyRecord(String changeId) {
    ChangeRecord change = lifecycle.ledger().change(changeId);
    AuditRecord record = record(changeId);
    String driver =
        MergedDocument.of(ChangeDocuments.of(lifecycle.workspace().git(), change).documents())
            .text(Section.BUSINESS_DRIVER);
    return MethodologyAuditRecord.of(
        change,
        record,
        driver,
        lifecycle.ledger().now(),
        AuditConfig.complianceFramework(lifecycle.workspace().git().root()));
  }

  /** One exception found by reconciliation. */
  public record Exception(String kind, String subject, String detail) {}

  /** The result of reconciling one environment. */
  public record Reconciliation(String environment, int deployments, List<Exception> exceptions) {}

  /**
   * Lists, for an environment: commits deployed there that no approved change covers; changes
   * deployed without a passed verification; emergency changes still unapproved.
   */
  public Reconciliation reconcile(String environment) {
    if (environment == null || environment.isBlank()) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT, "name the environment", "add --env prod");
    }
    List<ChangeRecord> changes = lifecycle.ledger().changes();
    Set<String> approvedCommits = new HashSet<>();
    for (ChangeRecord change : changes) {
      if (change.changeClass() == ChangeClass.STANDARD || change.approvedFor(environment)) {
        approvedCommits.addAll(change.commits());
      }
    }
    record Deployed(ChangeRecord change, ChangeRecord.DeploymentRun run) {}
    List<Deployed> deployed = new ArrayList<>();
    for (ChangeRecord change : changes) {
      for (ChangeRecord.DeploymentRun run : change.deployments()) {
        if (run.environment().equals(environment)
            && run.status() == io.changetrail.domain.deploy.DeploymentStatus.SUCCEEDED) {
          deployed.add(new Deployed(change, run));
        }
      }
    }
    deployed.sort(Comparator.comparing(d -> d.run().started()));
    GitRepository git = lifecycle.workspace().git();
    List<Exception> exceptions = new ArrayList<>();
    String previous = "";
    Set<String> reported = new HashSet<>();
    for (Deployed d : deployed) {
      String commit = d.run().commit();
      List<String> shipped;
      try {
        shipped = git.revList(previous, commit);
      } catch (ChangeTrailException e) {
        exceptions.add(
            new Exception(
                "unknown-commit",
                d.run().id(),
                "deployed commit " + commit + " is not in this repository"));
        continue;
      }
      if (previous.isEmpty()) {
        // the first deployment recorded: only the change's own range is judged
        shipped = git.revList(d.change().base(), commit);
      }
      for (String sha : shipped) {
        if (!approvedCommits.contains(sha) && reported.add(sha)) {
          var info = git.commits(sha + "~1.." + sha);
          String subject = info.isEmpty() ? "" : info.get(0).subject();
          exceptions.add(
              new Exception(
                  "unapproved-commit",
                  sha.substring(0, 10),
                  "deployed to "
                      + environment
                      + " by "
                      + d.run().id()
                      + " ("
                      + d.change().id()
                      + ") without an approved change: "
                      + subject));
        }
      }
      previous = commit;
    }
    for (ChangeRecord change : changes) {
      boolean deployedHere =
          change.deployments().stream()
              .anyMatch(
                  r ->
                      r.environment().equals(environment)
                          && r.status() == io.changetrail.domain.deploy.DeploymentStatus.SUCCEEDED);
      boolean verified =
          change.latestVerification().map(ChangeRecord.Verification::passed).orElse(false);
      if (deployedHere && !verified) {
        exceptions.add(
            new Exception(
                "unverified",
                change.id(),
                "deployed to " + environment + " without a passed verification"));
      }
      if (change.changeClass() == ChangeClass.EMERGENCY
          && deployedHere
          && !change.approvedFor(environment)) {
        exceptions.add(
            new Exception(
                "emergency-unapproved",
                change.id(),
                "emergency change still unapproved"
                    + change.flags().stream()
                        .filter(f -> f.contains("due by"))
                        .map(f -> " (" + f + ")")
                        .findFirst()
                        .orElse("")));
      }
      if (change.status() == ChangeStatus.DEPLOYING
          && change.flags().stream().anyMatch(f -> f.contains("interrupted"))) {
        exceptions.add(
            new Exception(
                "interrupted", change.id(), "a deployment was interrupted before it finished"));
      }
    }
    return new Reconciliation(environment, deployed.size(), exceptions);
  }

  /** Every change registered in [from, to] (dates, UTC, inclusive), as rows for CSV and JSON. */
  public List<Map<String, Object>> population(String from, String to) {
    Instant start = day(from, "--from").atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant end = day(to, "--to").plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    if (!start.isBefore(end)) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT, "--from " + from + " is after --to " + to, "swap them");
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ChangeRecord change : lifecycle.ledger().changes()) {
      if (change.registered().isBefore(start) || !change.registered().isBefore(end)) {
        continue;
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", change.id());
      row.put("title", change.title());
      row.put("registered", time(change.registered()));
      row.put("class", change.changeClass().name());
      row.put("type", change.type());
      row.put("risk", change.risk().name());
      row.put("rollback", change.rollback().name());
      row.put("status", change.status().name());
      row.put("implementer", change.implementer().display());
      row.put(
          "systems",
          String.join(
              " ",
              change.systems().stream()
                  .filter(ChangeRecord.SystemRef::direct)
                  .map(ChangeRecord.SystemRef::name)
                  .toList()));
      row.put(
          "approvers",
          String.join(
              "; ",
              change.approvals().stream()
                  .filter(ChangeRecord.Decision::current)
                  .map(a -> a.by().display())
                  .toList()));
      row.put(
          "firstApproval",
          change.approvals().stream().map(a -> time(a.time())).findFirst().orElse(""));
      row.put(
          "firstDeployment",
          change.deployments().stream().map(d -> time(d.started())).findFirst().orElse(""));
      row.put(
          "environments",
          String.join(
              " ",
              change.deployments().stream()
                  .map(ChangeRecord.DeploymentRun::environment)
                  .distinct()
                  .toList()));
      row.put(
          "verified",
          change.latestVerification().map(ChangeRecord.Verification::result).orElse(""));
      row.put(
          "signedOff", change.signOffs().isEmpty() ? "" : change.signOffs().get(0).by().display());
      row.put("commits", change.commits().size());
      row.put("ledgerEntries", change.entries().toString());
      rows.add(row);
    }
    return rows;
  }

  private static LocalDate day(String text, String option) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException | NullPointerException e) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          option + " '" + text + "' is not a date",
          "write it as YYYY-MM-DD, e.g. 2026-01-31");
    }
  }

  private static String time(Instant instant) {
    return LedgerEntry.TIME.format(instant);
  }

  /** The population as CSV (RFC 4180: quoted fields, CRLF line ends). */
  public static String csv(List<Map<String, Object>> rows) {
    StringBuilder out = new StringBuilder();
    List<String> columns =
        rows.isEmpty()
            ? List.of(
                "id",
                "title",
                "registered",
                "class",
                "type",
                "risk",
                "rollback",
                "status",
                "implementer",
                "systems",
                "approvers",
                "firstApproval",
                "firstDeployment",
                "environments",
                "verified",
                "signedOff",
                "commits",
                "ledgerEntries")
            : new ArrayList<>(rows.get(0).keySet());
    out.append(String.join(",", columns)).append("\r\n");
    for (Map<String, Object> row : rows) {
      List<String> cells = new ArrayList<>();
      for (String column : columns) {
        String value = String.valueOf(row.getOrDefault(column, ""));
        boolean quote =
            value.contains(",")
                || value.contains("\"")
                || value.contains("\n")
                || value.contains("\r");
        // a leading = + - @ would run as a formula in a spreadsheet: keep it text
        if (!value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0) {
          value = "'" + value;
        }
        cells.add(quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value);
      }
      out.append(String.join(",", cells)).append("\r\n");
    }
    return out.toString();
  }
}
