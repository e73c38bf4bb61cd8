package io.changetrail.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.json.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The team server's JSON API as the command line uses it: requests with the caller's token, and the
 * server's JSON errors turned back into the same problems (and so the same exit codes) a local run
 * would give.
 */
public final class ServerClient {
  private final URI base;
  private final String token;
  private final HttpClient http;

  public ServerClient(String url, String token) {
    String trimmed = url.strip().replaceAll("/+$", "");
    URI parsed;
    try {
      parsed = URI.create(trimmed);
    } catch (IllegalArgumentException e) {
      parsed = null;
    }
    if (parsed == null
        || parsed.getHost() == null
        || !("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme()))) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "'" + url + "' is not a server URL",
          "write it as https://changetrail.example.com or http://127.0.0.1:8080");
    }
    if (token == null || token.isBlank()) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "talking to " + trimmed + " needs an API token",
          "set CHANGETRAIL_TOKEN, or put the token in $CHANGETRAIL_HOME/token; an admin issues"
              + " one with 'changetrail users token NAME'");
    }
    this.base = parsed;
    this.token = token.strip();
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** GET; the body as text (JSON or a rendered document, as the path asks). */
  public String get(String path, Map<String, String> query) {
    return send(HttpRequest.newBuilder(uri(path, query)).GET());
  }

  public JsonNode getJson(String path, Map<String, String> query) {
    return parse(get(path, query));
  }

  /** POST of a JSON object; the response as JSON. */
  public JsonNode post(String path, Object body) {
    String json = Json.compact(body);
    return parse(
        send(
            HttpRequest.newBuilder(uri(path, Map.of()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))));
  }

  private URI uri(String path, Map<String, String> query) {
    StringJoiner params = new StringJoiner("&", "?", "");
    params.setEmptyValue("");
    query.forEach(
        (k, v) -> {
          if (v != null && !v.isBlank()) {
            params.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
          }
        });
    return URI.create(base + path + params);
  }

  private String send(HttpRequest.Builder request) {
    HttpResponse<String> response;
    try {
      response =
          http.send(
              request
                  .header("Authorization", "Bearer " + token)
                  .header("Accept", "application/json")
                  .timeout(Duration.ofSeconds(120))
                  .build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException | HttpTimeoutException e) {
      throw unreachable(e);
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(e);
    }
    if (response.statusCode() / 100 == 2) {
      return response.body();
    }
    throw error(response.statusCode(), response.body());
  }

  private ChangeTrailException unreachable(Exception e) {
    return new ChangeTrailException(
        Problem.LEDGER_UNAVAILABLE,
        "the server "
            + base
            + " cannot be reached: "
            + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : " " + e.getMessage()),
        "check the URL and that the server runs ('changetrail serve'), then retry");
  }

  /** The server's error as the problem a local run would have met. */
  static ChangeTrailException error(int status, String body) {
    String code = "";
    String message = "the server answered " + status;
    String hint = "";
    try {
      JsonNode error = Json.MAPPER.readTree(body).path("error");
      if (error.isObject()) {
        code = error.path("code").asText("");
        message = error.path("message").asText(message);
        hint = error.path("hint").asText("");
      }
    } catch (IOException e) {
      // not our JSON (a proxy's page?): report the status alone
    }
    return new ChangeTrailException(problemOf(status, code), message, hint);
  }

  static Problem problemOf(int status, String code) {
    for (Problem problem : Problem.values()) {
      if (problem.name().equals(code)) {
        return problem;
      }
    }
    return switch (status) {
      case 401, 403 -> Problem.NOT_PERMITTED;
      case 404 -> code.equals("NOT_FOUND") ? Problem.INVALID_INPUT : Problem.UNKNOWN_CHANGE;
      case 409 -> Problem.REFUSED;
      case 503, 502, 504 -> Problem.LEDGER_UNAVAILABLE;
      default -> status >= 500 ? Problem.LEDGER_UNAVAILABLE : Problem.INVALID_INPUT;
    };
  }

  private static JsonNode parse(String body) {
    try {
      return Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.LEDGER_UNAVAILABLE, "the server's answer is not JSON: " + e.getMessage(), "");
    }
  }
}
