package io.changetrail.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests refused before any route runs, and bodies that JSON parsers read differently: each
 * answered with the API's one JSON error shape, never Jetty's HTML page or "last key wins".
 */
class MalformedRequestTest {
  @TempDir Path dir;
  ServerFixture server;

  @BeforeEach
  void start() {
    server = new ServerFixture(dir, "jdbc:sqlite:" + dir.resolve("ledger.db"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void duplicateKeysInABodyAreRefused() {
    String id = server.registerFeature();
    ServerFixture.Reply reply =
        server.post(
            "bob",
            "/api/v1/changes/" + id + "/approve",
            "{\"comment\": \"checked\", \"comment\": \"rubber stamp\"}");
    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    assertThat(reply.json().at("/error/code").asText()).isEqualTo("MALFORMED_JSON");
    assertThat(reply.json().at("/error/message").asText()).contains("comment");
    assertThat(server.get("bob", "/api/v1/changes/" + id).json().get("status").asText())
        .as("nothing was recorded")
        .isEqualTo("ASSESSED");
  }

  @Test
  void jettysOwnRefusalsComeBackAsJson() throws IOException {
    String longUri = "GET /api/v1/changes?q=" + "a".repeat(20_000) + " HTTP/1.1\r\n";
    assertJsonError(raw(longUri + "Host: x\r\nConnection: close\r\n\r\n"), 414);
    String bigHeader = "X-Filler: " + "b".repeat(20_000) + "\r\n";
    assertJsonError(
        raw(
            "GET /api/v1/changes HTTP/1.1\r\nHost: x\r\n"
                + bigHeader
                + "Connection: close\r\n\r\n"),
        431);
    assertJsonError(raw("GET /api/v1/changes HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n"), 400);
  }

  private static void assertJsonError(String response, int status) throws IOException {
    assertThat(response).as(response).startsWith("HTTP/1.1 " + status);
    int body = response.indexOf("\r\n\r\n");
    assertThat(response.substring(0, body).toLowerCase()).contains("application/json");
    JsonNode json = new ObjectMapper().readTree(response.substring(body + 4));
    assertThat(json.at("/error/status").asInt()).isEqualTo(status);
    assertThat(json.at("/error/code").asText()).isNotBlank();
    assertThat(json.at("/error/message").asText()).isNotBlank();
  }

  private String raw(String request) throws IOException {
    URI url = URI.create(server.url());
    try (Socket socket = new Socket(url.getHost(), url.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
