package io.changetrail.server;

import com.sun.net.httpserver.HttpServer;
import io.changetrail.app.Workspace;
import io.changetrail.app.forge.WebhookSignatures;
import io.changetrail.testing.TestRepo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A team server node on a real clone of a real bare repository that the test pushes to (as
 * developers push to GitHub or GitLab), the users of {@link ServerFixture}, and a tiny real HTTP
 * server standing in for the forge's API, which records every callback it gets.
 */
final class ForgeFixture implements AutoCloseable {
  static final String GITHUB_SECRET = "It's a Secret to Everybody";
  static final String GITLAB_TOKEN = "gitlab-webhook-token-7f3a";

  final ServerFixture users;
  final Path bare;
  final Path clone;
  final ServerNode node;
  final HttpServer forgeApi;
  final List<Recorded> callbacks = new CopyOnWriteArrayList<>();

  /** What the forge's API answers instead of accepting, when set (its status and JSON body). */
  volatile Refusal refusal;

  record Refusal(int status, String body) {}

  /** What GitLab's API lists for GET /projects/ID/deployments (a JSON array). */
  volatile String deployments = "[]";

  /** GitLab's 201 answer to a deployment approval, as its API documentation shows it. */
  static final String GITLAB_APPROVAL =
      "{\"user\": {\"id\": 100, \"username\": \"changetrail-bot\", \"name\": \"ChangeTrail\","
          + " \"state\": \"active\"}, \"status\": \"approved\", \"created_at\":"
          + " \"2026-12-01T14:00:05.000Z\", \"comment\": \"ChangeTrail\"}";

  /** A request the forge's API received. */
  record Recorded(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> String.join(",", e.getValue()))
          .findFirst()
          .orElse("");
    }
  }

  ForgeFixture(Path dir, String ledgerUrl, String changetrailYml, java.time.Duration interval)
      throws IOException {
    this(dir, ledgerUrl, changetrailYml, interval, forge -> forge);
  }

  /** A fixture whose node runs with {@code settings} applied to the forge options. */
  ForgeFixture(
      Path dir,
      String ledgerUrl,
      String changetrailYml,
      java.time.Duration interval,
      java.util.function.UnaryOperator<ServerOptions.Forge> settings)
      throws IOException {
    users = new ServerFixture(dir, ledgerUrl);
    TestRepo work = users.repo;
    bare = dir.resolve("upstream.git");
    clone = dir.resolve("server-clone");
    work.git("init", "-q", "--bare", bare.toString());
    work.git("push", "-q", bare.toString(), "main", "feature");
    work.git("clone", "-q", "--branch", "main", bare.toString(), clone.toString());
    if (!changetrailYml.isEmpty()) {
      Files.writeString(clone.resolve("changetrail.yml"), changetrailYml);
    }
    forgeApi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    forgeApi.createContext(
        "/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            callbacks.add(
                new Recorded(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath()
                        + (exchange.getRequestURI().getRawQuery() == null
                            ? ""
                            : "?" + exchange.getRequestURI().getRawQuery()),
                    Map.copyOf(exchange.getRequestHeaders()),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8)));
          }
          String path = exchange.getRequestURI().getPath();
          byte[] answer =
              (refusal != null
                      ? refusal.body()
                      : path.matches("/api/v4/projects/[0-9]+/deployments/[0-9]+/approval")
                          ? GITLAB_APPROVAL
                          : path.matches("/api/v4/projects/[0-9]+/deployments")
                              ? deployments
                              : "{}")
                  .getBytes(StandardCharsets.UTF_8);
          // GitHub answers 204 No Content to a review; GitLab 201 with the status check or approval
          int status =
              refusal != null
                  ? refusal.status()
                  : path.startsWith("/repos/")
                      ? 204
                      : exchange.getRequestMethod().equals("GET") ? 200 : 201;
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, status == 204 ? -1 : answer.length);
          if (status != 204) {
            exchange.getResponseBody().write(answer);
          }
          exchange.close();
        });
    forgeApi.start();
    String api = "http://127.0.0.1:" + forgeApi.getAddress().getPort();
    ServerOptions.Forge forge =
        new ServerOptions.Forge(
            "origin",
            List.of(),
            interval,
            java.util.Optional.of(GITHUB_SECRET),
            java.util.Optional.of(GITLAB_TOKEN),
            URI.create(api),
            java.util.Optional.of("ghs_installation_token"),
            java.util.Optional.of(URI.create(api + "/api/v4")),
            java.util.Optional.of("glpat-status-checks"));
    node =
        ServerNode.start(
            ServerOptions.local(0).with(settings.apply(forge)),
            Workspace.open(clone),
            users.ledger);
  }

  /** Pushes a new branch {@code name} with one commit to the bare repository; returns its sha. */
  String pushBranch(String name) {
    TestRepo work = users.repo;
    work.git("checkout", "-q", "-b", name, "main");
    work.as("Alice Author", "alice@example.com")
        .file("order-router/src/main/java/acme/Session.java", "class Session { int closes; }\n")
        .commit(
            "BUGFIX: reject orders after the session closes\n\n## Context and Rationale\nLate"
                + " orders.\n\n## Changes Made\n- close check\n\n## Testing and Verification\n-"
                + " ✅ SessionTest\n");
    String sha = work.head();
    work.git("push", "-q", bare.toString(), name);
    work.git("checkout", "-q", "main");
    return sha;
  }

  /** Whether the server's clone has {@code ref}. */
  boolean cloneHas(String ref) {
    return users
            .repo
            .attempt(Map.of(), "-C", clone.toString(), "rev-parse", "-q", "--verify", ref)
            .code()
        == 0;
  }

  static String payload(String name, String... replacements) {
    try (InputStream in = ForgeFixture.class.getResourceAsStream("forge/" + name)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (int i = 0; i + 1 < replacements.length; i += 2) {
        text = text.replace("${" + replacements[i] + "}", replacements[i + 1]);
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String githubSignature(String secret, String body) {
    return "sha256="
        + HexFormat.of()
            .formatHex(WebhookSignatures.hmacSha256(secret, body.getBytes(StandardCharsets.UTF_8)));
  }

  /** POSTs a webhook to this node with the given header pairs. */
  ServerFixture.Reply hook(String path, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(node.url() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return users.send(request);
  }

  /** A signed GitHub delivery of {@code event}. */
  ServerFixture.Reply github(String event, String body) {
    return hook(
        "/hooks/github",
        body,
        "X-GitHub-Event",
        event,
        "X-GitHub-Delivery",
        "72d3162e-cc78-11e3-81ab-4c9367dc0958",
        "X-Hub-Signature-256",
        githubSignature(GITHUB_SECRET, body));
  }

  @Override
  public void close() {
    node.close();
    forgeApi.stop(0);
    users.close();
  }
}
