package io.changetrail.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A request's JSON object, read strictly: malformed JSON, a body that is not an object, unknown
 * fields and fields of the wrong type are each refused with a 400 that names the place.
 */
final class JsonBody {
  private final JsonNode node;

  private JsonBody(JsonNode node) {
    this.node = node;
  }

  /** The body as an object with only the fields named; an empty body is an empty object. */
  /** Reads bodies refusing duplicate keys: "last one wins" would let a proxy and we disagree. */
  private static final com.fasterxml.jackson.databind.ObjectReader STRICT =
      ChangeTrailServer.JSON
          .reader()
          .with(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  static JsonBody of(Context ctx, Set<String> fields) {
    byte[] bytes = read(ctx);
    JsonNode node;
    if (bytes.length == 0) {
      node = ChangeTrailServer.JSON.createObjectNode();
    } else {
      String type = ctx.contentType();
      if (type != null && !type.toLowerCase().startsWith("application/json")) {
        throw new ApiError(
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            "the body is " + type + "; this route takes application/json",
            "send Content-Type: application/json");
      }
      try {
        node = STRICT.readTree(bytes);
      } catch (JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where =
            at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        throw new ApiError(
            400,
            "MALFORMED_JSON",
            "the body is not valid JSON" + where + ": " + e.getOriginalMessage(),
            "send a JSON object, e.g. {\"comment\": \"looks good\"}");
      } catch (java.io.IOException e) {
        throw ApiError.badRequest("the body could not be read: " + e.getMessage(), "");
      }
      if (node == null || !node.isObject()) {
        throw new ApiError(
            400,
            "MALFORMED_JSON",
            "the body must be a JSON object, not " + (node == null ? "empty" : node.getNodeType()),
            "send a JSON object, e.g. {\"comment\": \"looks good\"}");
      }
    }
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.contains(name)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw ApiError.badRequest(
          "unknown field(s) " + unknown + " in the body",
          fields.isEmpty()
              ? "this route takes no fields"
              : "this route takes " + fields.stream().sorted().toList());
    }
    return new JsonBody(node);
  }

  /**
   * The body, read up to the server's limit: a chunked body announces no length, so the limit is
   * enforced while reading, not only on Content-Length.
   */
  private static final String BODY = "changetrail.body";

  /**
   * The request's body, read once (at most {@code --max-body} bytes, else 413) and kept for the
   * rest of the request: the Idempotency-Key check reads it before the route does.
   */
  static byte[] read(Context ctx) {
    byte[] kept = ctx.attribute(BODY);
    if (kept == null) {
      kept = readOnce(ctx);
      ctx.attribute(BODY, kept);
    }
    return kept;
  }

  private static byte[] readOnce(Context ctx) {
    Long limit = ctx.attribute(ChangeTrailServer.MAX_BODY);
    long max = limit == null ? ServerOptions.DEFAULT_MAX_BODY : limit;
    try (java.io.InputStream in = ctx.req().getInputStream()) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
      if (bytes.length > max) {
        throw new ApiError(
            413,
            "PAYLOAD_TOO_LARGE",
            "the request body has more than " + max + " bytes",
            "send less, or start the server with a larger --max-body");
      }
      return bytes;
    } catch (java.io.IOException e) {
      throw ApiError.badRequest("the body could not be read: " + e.getMessage(), "");
    }
  }

  String text(String field) {
    return optionalText(field).orElse("");
  }

  String requiredText(String field, String example) {
    String value = text(field);
    if (value.isBlank()) {
      throw ApiError.badRequest("the field '" + field + "' is required", "e.g. " + example);
    }
    return value;
  }

  Optional<String> optionalText(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw ApiError.badRequest(
          "the field '" + field + "' must be a string, not " + value.getNodeType(), "");
    }
    return Optional.of(value.asText());
  }

  boolean flag(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw ApiError.badRequest(
          "the field '" + field + "' must be true or false, not " + value.getNodeType(), "");
    }
    return value.asBoolean();
  }

  Optional<Long> number(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isIntegralNumber()) {
      throw ApiError.badRequest(
          "the field '" + field + "' must be a whole number, not " + value.getNodeType(), "");
    }
    return Optional.of(value.asLong());
  }

  List<String> texts(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw ApiError.badRequest(
          "the field '" + field + "' must be a list of strings, not " + value.getNodeType(), "");
    }
    List<String> texts = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw ApiError.badRequest("the field '" + field + "' must hold only strings", "");
      }
      texts.add(item.asText());
    }
    return texts;
  }

  /**
   * A list of artifacts, {@code [{"name": "router.jar", "digest": "sha256:..."}]}, validated (a bad
   * name or digest is a 400 through {@link io.changetrail.domain.Problem#INVALID_INPUT}).
   */
  List<io.changetrail.domain.deploy.Artifact> artifacts(String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return List.of();
    }
    String example = "[{\"name\": \"order-router.jar\", \"digest\": \"sha256:<64 hex>\"}]";
    if (!value.isArray()) {
      throw ApiError.badRequest(
          "the field '" + field + "' must be a list of artifacts, not " + value.getNodeType(),
          "send " + example);
    }
    List<io.changetrail.domain.deploy.Artifact> artifacts = new ArrayList<>();
    for (JsonNode item : value) {
      java.util.Set<String> keys = new java.util.HashSet<>();
      item.fieldNames().forEachRemaining(keys::add);
      if (!item.isObject()
          || !item.path("name").isTextual()
          || !item.path("digest").isTextual()
          || !java.util.Set.of("name", "digest").containsAll(keys)) {
        throw ApiError.badRequest(
            "each of '" + field + "' must be an object with a name and a digest (strings only)",
            "send " + example);
      }
      io.changetrail.domain.deploy.Artifact.add(
          artifacts,
          new io.changetrail.domain.deploy.Artifact(
              item.get("name").asText(), item.get("digest").asText()));
    }
    return List.copyOf(artifacts);
  }
}
