package io.changetrail.app.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.lifecycle.ChangeReport;
import io.changetrail.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * A change as the command line and the API show it: its JSON document (schema
 * changetrail.change/v1, docs/change.schema.json), with the few fields the one-line answers name.
 * Serialized as that document itself.
 */
public record ChangeView(JsonNode json) {
  @JsonCreator
  public ChangeView {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("a change view is a JSON object");
    }
  }

  public static ChangeView of(ChangeRecord record) {
    return new ChangeView(Json.tree(ChangeReport.json(record)));
  }

  @Override
  @JsonValue
  public JsonNode json() {
    return json;
  }

  public String id() {
    return json.path("id").asText();
  }

  public String status() {
    return json.path("status").asText();
  }

  public String title() {
    return json.path("title").asText();
  }

  public int requiredApprovals() {
    return json.path("requiredApprovals").asInt();
  }

  /** Approvals of the change's current content. */
  public long currentApprovals() {
    return approvals().size();
  }

  /** Who gave the latest approval of the current content; "" when none. */
  public String lastApprover() {
    List<JsonNode> approvals = approvals();
    return approvals.isEmpty() ? "" : approvals.get(approvals.size() - 1).path("by").asText();
  }

  private List<JsonNode> approvals() {
    List<JsonNode> approvals = new ArrayList<>();
    for (JsonNode decision : json.path("decisions")) {
      if (decision.path("decision").asText().equals("approved")
          && decision.path("current").asBoolean()) {
        approvals.add(decision);
      }
    }
    return approvals;
  }

  /** The direct systems' names. */
  public List<String> directSystems() {
    List<String> names = new ArrayList<>();
    for (JsonNode system : json.path("systems")) {
      if (system.path("direct").asBoolean()) {
        names.add(system.path("name").asText());
      }
    }
    return names;
  }
}
