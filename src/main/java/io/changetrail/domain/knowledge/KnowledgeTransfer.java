package io.changetrail.domain.knowledge;

import io.changetrail.domain.OrderedMap;
import io.changetrail.domain.assess.Level;
import io.changetrail.domain.change.CommitInfo;
import io.changetrail.domain.document.ChangeDocument;
import io.changetrail.domain.document.Section;
import io.changetrail.domain.ledger.LedgerEntry;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.lifecycle.Person;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The knowledge-transfer document of one change: what changed, why, the key decisions with their
 * rationale and alternatives, critical knowledge, lessons learned and future considerations, read
 * from its ledger record and its change documents, and saying plainly what nobody wrote down.
 */
public final class KnowledgeTransfer {
  /** The schema id of {@link #json()}. */
  public static final String SCHEMA = "changetrail.kt/v1";

  /** A section the methodology expects that no document of the change has. */
  public record Missing(Section section, String message) {}

  private final ChangeRecord change;
  private final MergedDocument document;
  private final List<CommitInfo> commits;
  private final List<Missing> missing;

  private KnowledgeTransfer(
      ChangeRecord change, MergedDocument document, List<CommitInfo> commits) {
    this.change = change;
    this.document = document;
    this.commits = List.copyOf(commits);
    this.missing = missing(change, document);
  }

  /**
   * @param change the change as the ledger tells it
   * @param documents its documents in reading order: {@code changes/<id>.md} first, then its commit
   *     messages oldest first
   * @param commits its commits, oldest first
   */
  public static KnowledgeTransfer of(
      ChangeRecord change, List<ChangeDocument> documents, List<CommitInfo> commits) {
    return new KnowledgeTransfer(change, MergedDocument.of(documents), commits);
  }

  private static List<Missing> missing(ChangeRecord change, MergedDocument document) {
    List<Missing> missing = new ArrayList<>();
    check(
        missing, document, Section.CONTEXT_AND_RATIONALE, "No context or rationale was recorded.");
    if (change.documentation().stream()
        .anyMatch(s -> Section.byTitle(s).orElse(null) == Section.BUSINESS_DRIVER)) {
      check(missing, document, Section.BUSINESS_DRIVER, "No business driver was recorded.");
    }
    check(
        missing,
        document,
        Section.CHANGES_MADE,
        "No description of the changes was recorded; only the commit list tells what changed.");
    check(missing, document, Section.KEY_DECISIONS, "No key decisions were recorded.");
    check(missing, document, Section.CRITICAL_KNOWLEDGE, "No critical knowledge was recorded.");
    check(missing, document, Section.LESSONS_LEARNED, "No lessons learned were recorded.");
    check(
        missing,
        document,
        Section.FUTURE_CONSIDERATIONS,
        "No future considerations were recorded.");
    if (change.rollback().atLeast(Level.MEDIUM)) {
      check(
          missing,
          document,
          Section.ROLLBACK_PROCEDURE,
          "No rollback procedure was recorded, though rollback complexity is "
              + change.rollback()
              + ".");
    }
    for (KeyDecision decision : document.decisions()) {
      List<String> without = new ArrayList<>();
      if (decision.rationale().isEmpty()) {
        without.add("a rationale");
      }
      if (decision.alternatives().isEmpty()) {
        without.add("alternatives considered");
      }
      if (!without.isEmpty()) {
        missing.add(
            new Missing(
                Section.KEY_DECISIONS,
                "The decision '"
                    + decision.summary()
                    + "' has no "
                    + String.join(" and no ", without)
                    + "."));
      }
    }
    return List.copyOf(missing);
  }

  /** The methodology's implementation date: the first successful deployment, else registration. */
  private String implementationDate() {
    return change.deployments().stream()
        .filter(
            d ->
                d.status() == io.changetrail.domain.deploy.DeploymentStatus.SUCCEEDED
                    && d.finished() != null)
        .map(ChangeRecord.DeploymentRun::finished)
        .findFirst()
        .map(KnowledgeTransfer::time)
        .orElse(time(change.registered()));
  }

  private static void check(
      List<Missing> missing, MergedDocument document, Section section, String message) {
    if (!document.has(section)) {
      missing.add(new Missing(section, message));
    }
  }

  public ChangeRecord change() {
    return change;
  }

  public List<KeyDecision> decisions() {
    return document.decisions();
  }

  public List<Missing> missing() {
    return missing;
  }

  // ---------------------------------------------------------------- Markdown

  /** The document as Markdown; section bodies are the authors' Markdown, headings shifted down. */
  public String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("# Knowledge Transfer: Change Implementation\n\n");
    out.append("**Change**: ")
        .append(change.id())
        .append(": ")
        .append(Markdown.inline(change.title()))
        .append("\n");
    out.append("**Implementation Date**: ").append(implementationDate()).append("\n");
    out.append("**Implementer**: ")
        .append(Markdown.inline(change.implementer().display()))
        .append("\n\n");
    out.append("| | |\n|---|---|\n");
    row(out, "Change", change.id());
    row(out, "Type", change.type());
    row(out, "Class", change.changeClass().name());
    row(out, "Status", change.status().name());
    row(out, "Risk", change.risk() + " (rollback complexity " + change.rollback() + ")");
    row(out, "Systems", Markdown.inline(systems()));
    dates().forEach((label, time) -> row(out, label, time));
    people().forEach((label, names) -> row(out, label, Markdown.inline(String.join(", ", names))));
    out.append('\n');

    out.append("## What Was Changed\n\n");
    Map<String, String> bySystem = document.changesBySystem();
    if (!document.changeNotes().isEmpty()) {
      out.append(Markdown.demote(document.changeNotes(), 0)).append("\n\n");
    }
    bySystem.forEach(
        (system, text) ->
            out.append("### ")
                .append(Markdown.inline(system))
                .append("\n\n")
                .append(Markdown.demote(text, 1))
                .append("\n\n"));
    if (!document.has(Section.CHANGES_MADE)) {
      out.append("_").append(message(Section.CHANGES_MADE)).append("_\n\n");
    }
    out.append("### Commits\n\n");
    if (commits.isEmpty()) {
      out.append("_No commits are linked to this change._\n\n");
    } else {
      for (CommitInfo commit : commits) {
        out.append("- `")
            .append(commit.shortSha())
            .append("` ")
            .append(Markdown.inline(commit.subject()))
            .append(" (")
            .append(Markdown.inline(commit.authorName()))
            .append(", ")
            .append(commit.authorTime().toLocalDate())
            .append(")\n");
      }
      out.append('\n');
    }

    out.append("## Why It Was Changed\n\n");
    section(out, "### Context and Rationale", Section.CONTEXT_AND_RATIONALE);
    if (document.has(Section.BUSINESS_DRIVER) || isMissing(Section.BUSINESS_DRIVER)) {
      section(out, "### Business Driver", Section.BUSINESS_DRIVER);
    }

    out.append("## Key Decisions Made\n\n");
    List<KeyDecision> decisions = decisions();
    if (decisions.isEmpty()) {
      out.append("_").append(message(Section.KEY_DECISIONS)).append("_\n\n");
    }
    int number = 0;
    for (KeyDecision decision : decisions) {
      number++;
      out.append("### ")
          .append(number)
          .append(". ")
          .append(Markdown.inline(decision.summary()))
          .append("\n\n");
      field(
          out,
          "Decision",
          decision.decision().isEmpty() ? decision.summary() : decision.decision());
      if (!decision.text().isEmpty() && !decision.text().equals(decision.summary())) {
        out.append(Markdown.demote(decision.text(), 1)).append("\n\n");
      }
      field(
          out,
          "Rationale",
          decision.rationale().isEmpty() ? "⚠ not recorded" : decision.rationale());
      field(
          out,
          "Alternatives Considered",
          decision.alternatives().isEmpty() ? "⚠ not recorded" : decision.alternatives());
    }

    section(out, "## Critical Knowledge for Future Developers", Section.CRITICAL_KNOWLEDGE);
    section(out, "## Lessons Learned", Section.LESSONS_LEARNED);
    section(out, "## Future Considerations", Section.FUTURE_CONSIDERATIONS);
    if (document.has(Section.ROLLBACK_PROCEDURE) || isMissing(Section.ROLLBACK_PROCEDURE)) {
      section(out, "## Rollback Procedure", Section.ROLLBACK_PROCEDURE);
    }

    out.append("## What is missing\n\n");
    if (missing.isEmpty()) {
      out.append("Nothing: every part the methodology expects was written down.\n");
    }
    for (Missing gap : missing) {
      out.append("- ").append(gap.message()).append('\n');
    }
    return out.toString();
  }

  private void section(StringBuilder out, String heading, Section section) {
    out.append(heading).append("\n\n");
    if (document.has(section)) {
      out.append(Markdown.demote(document.text(section), heading.startsWith("###") ? 1 : 0));
    } else {
      out.append('_').append(message(section)).append('_');
    }
    out.append("\n\n");
  }

  private static void field(StringBuilder out, String label, String text) {
    if (text.contains("\n")) {
      out.append("**").append(label).append("**:\n\n").append(Markdown.demote(text, 1));
    } else {
      out.append("**").append(label).append("**: ").append(text);
    }
    out.append("\n\n");
  }

  private boolean isMissing(Section section) {
    return missing.stream().anyMatch(m -> m.section() == section);
  }

  private String message(Section section) {
    return missing.stream()
        .filter(m -> m.section() == section)
        .map(Missing::message)
        .findFirst()
        .orElse("Not recorded.");
  }

  private static void row(StringBuilder out, String key, String value) {
    out.append("| ")
        .append(key)
        .append(" | ")
        .append(value.isEmpty() ? "-" : value.replace("|", "\\|"))
        .append(" |\n");
  }

  private String systems() {
    List<String> names = new ArrayList<>();
    for (ChangeRecord.SystemRef system : change.systems()) {
      names.add(
          system.name() + " (tier " + system.tier() + (system.direct() ? "" : ", indirect") + ")");
    }
    return String.join(", ", names);
  }

  private Map<String, String> dates() {
    Map<String, String> dates = new LinkedHashMap<>();
    dates.put("Registered", time(change.registered()));
    change.deployments().stream()
        .filter(
            d ->
                d.status() == io.changetrail.domain.deploy.DeploymentStatus.SUCCEEDED
                    && d.finished() != null)
        .reduce((a, b) -> b)
        .ifPresent(d -> dates.put("Deployed", time(d.finished()) + " to " + d.environment()));
    change
        .latestVerification()
        .ifPresent(v -> dates.put("Verified", time(v.time()) + " (" + v.label() + ")"));
    if (change.closedAt() != null) {
      dates.put("Closed", time(change.closedAt()));
    }
    return dates;
  }

  private Map<String, List<String>> people() {
    Map<String, List<String>> people = new LinkedHashMap<>();
    people.put("Implementer", List.of(change.implementer().display()));
    people.put("Authors", names(change.authors()));
    people.put(
        "Approved by",
        names(
            change.approvals().stream()
                .filter(ChangeRecord.Decision::current)
                .map(ChangeRecord.Decision::by)
                .toList()));
    people.put(
        "Deployed by",
        names(change.deployments().stream().map(ChangeRecord.DeploymentRun::deployer).toList()));
    people.put(
        "Signed off by", names(change.signOffs().stream().map(ChangeRecord.SignOff::by).toList()));
    return people;
  }

  private static List<String> names(List<Person> persons) {
    Set<String> names = new LinkedHashSet<>();
    persons.forEach(p -> names.add(p.display()));
    return List.copyOf(names);
  }

  private static String time(Instant instant) {
    return instant == null ? "" : LedgerEntry.TIME.format(instant);
  }

  // ---------------------------------------------------------------- JSON

  /** A JSON-ready tree (schema {@value #SCHEMA}). */
  public Map<String, Object> json() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("schema", SCHEMA);
    Map<String, Object> about = new LinkedHashMap<>();
    about.put("id", change.id());
    about.put("title", change.title());
    about.put("type", change.type());
    about.put("class", change.changeClass().name());
    about.put("status", change.status().name());
    about.put("risk", change.risk().name());
    about.put("rollback", change.rollback().name());
    about.put(
        "systems",
        change.systems().stream()
            .map(s -> OrderedMap.of("name", s.name(), "tier", s.tier(), "direct", s.direct()))
            .toList());
    Map<String, Object> dates = new LinkedHashMap<>();
    dates().forEach((label, value) -> dates.put(label.toLowerCase(Locale.ROOT), value));
    about.put("dates", dates);
    Map<String, Object> people = new LinkedHashMap<>();
    people().forEach((label, names) -> people.put(camel(label), names));
    about.put("people", people);
    json.put("change", about);

    Map<String, Object> changed = new LinkedHashMap<>();
    List<Map<String, Object>> systems = new ArrayList<>();
    document
        .changesBySystem()
        .forEach((system, text) -> systems.add(OrderedMap.of("system", system, "text", text)));
    changed.put("systems", systems);
    changed.put("notes", document.changeNotes());
    List<Map<String, Object>> commitList = new ArrayList<>();
    for (CommitInfo commit : commits) {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("sha", commit.sha());
      node.put("subject", commit.subject());
      node.put("author", new Person(commit.authorName(), commit.authorEmail()).display());
      node.put("date", commit.authorTime().toString());
      commitList.add(node);
    }
    changed.put("commits", commitList);
    json.put("whatChanged", changed);

    Map<String, Object> why = new LinkedHashMap<>();
    why.put("contextAndRationale", document.text(Section.CONTEXT_AND_RATIONALE));
    why.put("businessDriver", document.text(Section.BUSINESS_DRIVER));
    json.put("why", why);

    List<Map<String, Object>> decisions = new ArrayList<>();
    for (KeyDecision decision : decisions()) {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("summary", decision.summary());
      node.put("title", decision.title());
      node.put("decision", decision.decision());
      node.put("rationale", decision.rationale());
      node.put("alternatives", decision.alternatives());
      node.put("text", decision.text());
      decisions.add(node);
    }
    json.put("keyDecisions", decisions);
    json.put("criticalKnowledge", document.text(Section.CRITICAL_KNOWLEDGE));
    json.put("lessonsLearned", document.text(Section.LESSONS_LEARNED));
    json.put("futureConsiderations", document.text(Section.FUTURE_CONSIDERATIONS));
    json.put("rollbackProcedure", document.text(Section.ROLLBACK_PROCEDURE));
    json.put(
        "missing",
        missing.stream()
            .map(m -> OrderedMap.of("section", m.section().id(), "message", m.message()))
            .toList());
    return json;
  }

  private static String camel(String label) {
    String[] words = label.toLowerCase(Locale.ROOT).split(" ");
    StringBuilder out = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      out.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
    }
    return out.toString();
  }
}
