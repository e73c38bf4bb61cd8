package io.changetrail.app.assess;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.changetrail.domain.assess.AffectedSystem;
import io.changetrail.domain.assess.Assessment;
import io.changetrail.domain.assess.DocumentationRequirement;
import io.changetrail.domain.assess.RiskFactor;
import io.changetrail.domain.assess.RollbackAssessment;
import io.changetrail.domain.assess.TestingRequirement;
import io.changetrail.domain.change.CommitInfo;
import io.changetrail.json.Json;
import java.util.List;
import java.util.Locale;

/**
 * The JSON form of an assessment: schema {@value #SCHEMA}, described in
 * docs/assessment.schema.json. Field names are part of the contract; add fields, never rename.
 */
public final class AssessmentJson {
  public static final String SCHEMA = "changetrail.assessment/v1";
  private static final ObjectMapper MAPPER = Json.MAPPER;

  private AssessmentJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static ObjectNode toJson(Assessment a) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schema", SCHEMA);
    root.put("subject", a.subject());
    root.put("description", a.description());
    ArrayNode commits = root.putArray("commits");
    for (CommitInfo commit : a.commits()) {
      ObjectNode c = commits.addObject();
      c.put("sha", commit.sha());
      c.put("subject", commit.subject());
      c.put("author", commit.authorName());
      c.put("authorEmail", commit.authorEmail());
      c.put("authorTime", commit.authorTime().toString());
      c.put("merge", commit.isMerge());
    }
    ObjectNode type = root.putObject("type");
    type.put("value", a.classification().type().name());
    type.put("scope", a.classification().scope().name());
    type.put("breaking", a.classification().breaking());
    strings(type.putArray("evidence"), a.classification().evidence());

    ObjectNode stats = root.putObject("stats");
    stats.put("files", a.stats().files());
    stats.put("additions", a.stats().additions());
    stats.put("deletions", a.stats().deletions());
    stats.put("added", a.stats().added());
    stats.put("deleted", a.stats().deleted());
    stats.put("renamed", a.stats().renamed());
    stats.put("binary", a.stats().binary());
    stats.put("submodules", a.stats().submodules());

    ObjectNode systems = root.putObject("systems");
    systems.put("source", a.systemsSource());
    ArrayNode affected = systems.putArray("affected");
    for (AffectedSystem s : a.systems()) {
      ObjectNode node = affected.addObject();
      node.put("name", s.name());
      node.put("tier", s.tier());
      node.put("direct", s.direct());
      strings(node.putArray("owners"), s.owners());
      if (s.direct()) {
        node.put("files", s.files());
        node.put("linesChanged", s.linesChanged());
        node.put("productionChanged", s.productionChanged());
        strings(node.putArray("paths"), s.paths());
      } else {
        strings(node.putArray("dependencyPath"), s.dependencyPath());
      }
    }

    ObjectNode risk = root.putObject("risk");
    risk.put("level", a.risk().level().name());
    risk.put("score", a.risk().score());
    if (a.risk().calibrated()) {
      risk.put("probability", a.risk().probability());
      risk.put("basis", a.risk().basis());
    }
    risk.putObject("thresholds")
        .put("medium", a.risk().mediumThreshold())
        .put("high", a.risk().highThreshold());
    ArrayNode factors = risk.putArray("factors");
    for (RiskFactor f : a.risk().factors()) {
      factors
          .addObject()
          .put("id", f.id())
          .put("weight", f.weight())
          .put("description", f.description());
    }

    ArrayNode testing = root.putArray("testing");
    for (TestingRequirement t : a.testing()) {
      ObjectNode node = testing.addObject();
      node.put("kind", t.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
      node.put("system", t.system());
      node.put("description", t.description());
      node.put("command", t.command());
    }

    ObjectNode rollback = root.putObject("rollback");
    rollback.put("level", a.rollback().level().name());
    ArrayNode reasons = rollback.putArray("reasons");
    for (RollbackAssessment.Reason r : a.rollback().reasons()) {
      reasons.addObject().put("level", r.level().name()).put("reason", r.reason());
    }

    ArrayNode documentation = root.putArray("documentation");
    for (DocumentationRequirement d : a.documentation().requirements()) {
      ObjectNode item =
          documentation
              .addObject()
              .put("item", d.item())
              .put("section", d.section().title())
              .put("rule", d.rule())
              .put("reason", d.reason())
              .put("prompt", d.prompt())
              .put("evidence", d.evidence())
              .put("applicable", d.applies());
      d.notApplicable().ifPresent(why -> item.put("notApplicable", why));
    }
    strings(root.putArray("notes"), a.notes());
    return root;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
