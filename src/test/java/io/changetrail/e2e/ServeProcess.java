package io.changetrail.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code java -jar changetrail.jar serve} process on a port it chose itself, and a real HTTP
 * client for it. Closing it kills the process.
 */
final class ServeProcess implements AutoCloseable {
  private static final Pattern LISTENING =
      Pattern.compile("ChangeTrail server on (http://[^ ]+:\\d+) ");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  final String name;
  final Process process;
  final String url;
  private final Path out;
  private final Path err;

  /** A response: status and body. */
  record Reply(int status, String body) {
    boolean ok() {
      return status / 100 == 2;
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    @Override
    public String toString() {
      return status + " " + body.strip();
    }
  }

  private ServeProcess(String name, Process process, String url, Path out, Path err) {
    this.name = name;
    this.process = process;
    this.url = url;
    this.out = out;
    this.err = err;
  }

  static Path jar() {
    return Path.of(System.getProperty("changetrail.jar", "target/changetrail.jar"))
        .toAbsolutePath();
  }

  /**
   * Starts {@code serve --port 0} in {@code repo} on {@code ledger}, with JVM options for a quick
   * start; returns once it listens.
   */
  static ServeProcess start(String name, Path repo, String ledger, Path logs) throws IOException {
    return start(name, repo, ledger, logs, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"));
  }

  /** Starts {@code serve --port 0} with these JVM options; returns once it listens. */
  static ServeProcess start(
      String name, Path repo, String ledger, Path logs, List<String> jvmOptions)
      throws IOException {
    return start(name, repo, ledger, logs, jvmOptions, List.of());
  }

  /** Starts {@code serve --port 0} with these JVM options and serve options. */
  static ServeProcess start(
      String name,
      Path repo,
      String ledger,
      Path logs,
      List<String> jvmOptions,
      List<String> serveOptions)
      throws IOException {
    Files.createDirectories(logs);
    Path out = logs.resolve(name + ".out");
    Path err = logs.resolve(name + ".err");
    List<String> command = new ArrayList<>();
    command.add("java");
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar().toString(), "serve", "--port", "0", "--ledger", ledger));
    command.addAll(serveOptions);
    Process process =
        new ProcessBuilder(command)
            .directory(repo.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      Matcher listening = LISTENING.matcher(Files.readString(out, StandardCharsets.UTF_8));
      if (listening.find()) {
        ServeProcess node = new ServeProcess(name, process, listening.group(1), out, err);
        node.awaitHealthy(Duration.ofSeconds(60));
        return node;
      }
      if (!process.isAlive()) {
        throw new AssertionError(
            name + " exited with " + process.exitValue() + ": " + Files.readString(err));
      }
      sleep(100);
    }
    process.destroyForcibly();
    throw new AssertionError(name + " did not start listening in 90 s: " + Files.readString(err));
  }

  /** Waits until /health answers 200. */
  void awaitHealthy(Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    Reply last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = get(null, "/health");
        if (last.status() == 200) {
          return;
        }
      } catch (AssertionError e) {
        // not answering yet
      }
      sleep(200);
    }
    throw new AssertionError(name + " did not become healthy: " + last + "\n" + log());
  }

  Reply get(String token, String path) {
    return send(request(token, path).GET());
  }

  Reply post(String token, String path, String json) {
    return send(
        request(token, path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** A POST with an Idempotency-Key. */
  Reply post(String token, String path, String json, String idempotencyKey) {
    return send(
        request(token, path)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", idempotencyKey)
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private HttpRequest.Builder request(String token, String path) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(120));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request;
  }

  private Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new AssertionError(name + ": request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** What the process wrote to stdout and stderr, for failure messages. */
  String log() {
    try {
      return "--- " + name + " stdout\n" + Files.readString(out) + "--- stderr\n" + tail(err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stderr lines that report a server failure (500s log "internal error on ..."). */
  List<String> internalErrors() {
    try {
      return Files.readAllLines(err).stream().filter(l -> l.contains("internal error")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(Path file) throws IOException {
    String text = Files.readString(file);
    return text.length() > 20_000 ? "..." + text.substring(text.length() - 20_000) : text;
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static String json(Map<String, ?> body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
