package io.changetrail.app.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.changetrail.domain.deploy.Deployment;
import io.changetrail.domain.deploy.DeploymentDocument;
import io.changetrail.json.Json;

/** A deployment as its JSON document (docs/deployment.schema.json); serialized as that document. */
public record DeploymentView(JsonNode json) {
  @JsonCreator
  public DeploymentView {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("a deployment view is a JSON object");
    }
  }

  public static DeploymentView of(Deployment deployment) {
    return new DeploymentView(Json.tree(DeploymentDocument.json(deployment)));
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

  /** The one-line verdict at the top of the deployment document. */
  public String verdict() {
    return json.path("verdict").asText();
  }
}
