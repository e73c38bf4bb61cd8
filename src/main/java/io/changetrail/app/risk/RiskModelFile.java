package io.changetrail.app.risk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.risk.JitFeature;
import io.changetrail.domain.risk.LearnedModel;
import io.changetrail.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The risk model file, {@code .changetrail/risk-model.json}: a versioned, reviewable JSON document
 * (schema {@code changetrail.risk-model/v1}) written by {@code calibrate} and read by {@code
 * assess}. Written atomically: a reader sees the old file or the new one, never half of one.
 */
public final class RiskModelFile {
  /** Where the model lives, relative to the repository root. */
  public static final String DEFAULT_PATH = ".changetrail/risk-model.json";

  private RiskModelFile() {}

  public static Path defaultPath(Path root) {
    return root.resolve(DEFAULT_PATH);
  }

  /** The model at {@code file}, if there is one; a file that is not a model is an error. */
  public static Optional<LearnedModel> readIfPresent(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    return Optional.of(read(file));
  }

  public static LearnedModel read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ChangeTrailException(Problem.IO, "cannot read " + file + ": " + e.getMessage(), "");
    }
    return parse(text, file.toString());
  }

  static LearnedModel parse(String text, String where) {
    try {
      JsonNode root = Json.MAPPER.readTree(text);
      if (root == null || !root.isObject()) {
        throw invalid(where, "it is not a JSON object");
      }
      String schema = root.path("schema").asText("");
      if (!LearnedModel.SCHEMA.equals(schema)) {
        throw invalid(
            where,
            "its schema is '" + schema + "', this version reads '" + LearnedModel.SCHEMA + "'");
      }
      List<LearnedModel.Coefficient> features = new ArrayList<>();
      for (JsonNode f : root.path("features")) {
        JitFeature feature;
        try {
          feature = JitFeature.byId(f.path("name").asText());
        } catch (IllegalArgumentException e) {
          throw invalid(where, e.getMessage());
        }
        String transform = f.path("transform").asText();
        if (!transform.equals(feature.count() ? "log1p" : "identity")) {
          throw invalid(where, "feature " + feature.id() + " has transform '" + transform + "'");
        }
        double sd = number(f, "sd", where);
        if (!(sd > 0)) {
          throw invalid(where, "feature " + feature.id() + " has a standard deviation of " + sd);
        }
        features.add(
            new LearnedModel.Coefficient(
                feature, number(f, "mean", where), sd, number(f, "coefficient", where)));
      }
      if (features.isEmpty()) {
        throw invalid(where, "it lists no features");
      }
      JsonNode thresholds = root.path("thresholds");
      double medium = number(thresholds, "medium", where);
      double high = number(thresholds, "high", where);
      if (medium > high || medium < 0 || high > 1) {
        throw invalid(where, "its thresholds must satisfy 0 <= medium <= high <= 1");
      }
      Map<String, Object> provenance = new LinkedHashMap<>();
      JsonNode recorded = root.path("calibration");
      if (recorded.isObject()) {
        provenance.putAll(Json.MAPPER.convertValue(recorded, Map.class));
      }
      return new LearnedModel(
          schema,
          number(root, "intercept", where),
          features,
          medium,
          high,
          root.path("l2").asDouble(0),
          provenance);
    } catch (JsonProcessingException e) {
      throw invalid(where, "it is not valid JSON (" + e.getOriginalMessage() + ")");
    }
  }

  /** The file's text for {@code model}: stable field order, one feature per entry. */
  public static String render(LearnedModel model) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("schema", model.schema());
    root.put(
        "description", "Risk model calibrated by 'changetrail calibrate'; see docs/risk-model.md");
    root.put("model", "L2 logistic regression on standardized features");
    root.put("l2", model.lambda());
    root.put("intercept", model.intercept());
    ArrayNode features = root.putArray("features");
    for (LearnedModel.Coefficient c : model.features()) {
      features
          .addObject()
          .put("name", c.feature().id())
          .put("description", c.feature().description())
          .put("transform", c.feature().count() ? "log1p" : "identity")
          .put("mean", c.mean())
          .put("sd", c.sd())
          .put("coefficient", c.coefficient());
    }
    root.putObject("thresholds")
        .put("medium", model.mediumThreshold())
        .put("high", model.highThreshold());
    root.set("calibration", Json.MAPPER.valueToTree(model.provenance()));
    try {
      return Json.prettyWriter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the model", e);
    }
  }

  /** Writes the model to {@code file} through a temporary file and an atomic move. */
  public static void write(Path file, LearnedModel model) {
    String text = render(model);
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, ".risk-model", ".tmp");
      try {
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        try {
          Files.move(
              temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO, "cannot write " + file + ": " + e.getMessage(), "check the permissions");
    }
  }

  private static double number(JsonNode node, String field, String where) {
    JsonNode value = node.path(field);
    if (!value.isNumber()) {
      throw invalid(where, "'" + field + "' is missing or not a number");
    }
    return value.asDouble();
  }

  private static ChangeTrailException invalid(String where, String why) {
    return new ChangeTrailException(
        Problem.INVALID_CONFIG,
        where + " is not a usable risk model: " + why,
        "recalibrate with 'changetrail calibrate', or delete the file to use the built-in score");
  }
}
