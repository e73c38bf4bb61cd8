package io.changetrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.app.LedgerLocation;
import io.changetrail.app.Workspace;
import io.changetrail.app.demo.ExampleRepository;
import io.changetrail.app.demo.ServerTour;
import io.changetrail.server.ServerNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code demo --serve}: the server it starts can verify, prove and export (issue 10). */
class DemoServeTest {
  @TempDir Path dir;

  @Test
  void theDemoServerHasTheDemoKeysSoAuditRoutesAnswer() throws Exception {
    new ExampleRepository(dir).create();
    ServerTour.Prepared prepared = new ServerTour(dir).prepare();
    String auditor =
        prepared.logins().stream()
            .filter(l -> l.user().equals("carol"))
            .findFirst()
            .orElseThrow()
            .token();
    Workspace workspace = Workspace.open(dir);
    String url = LedgerLocation.resolve(Optional.empty(), workspace.git());
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try (ServerNode node =
        ServerNode.start(DemoCommand.serverOptions(0, prepared), workspace, url)) {
      for (String[] call :
          new String[][] {
            {"GET", "/api/v1/audit/verify"},
            {"GET", "/api/v1/audit/export"},
            {"GET", "/api/v1/changes/" + prepared.pendingChange() + "/proof"},
            {"POST", "/api/v1/audit/checkpoint"}
          }) {
        HttpRequest.Builder request =
            HttpRequest.newBuilder(URI.create(node.url() + call[1]))
                .header("Authorization", "Bearer " + auditor);
        if (call[0].equals("POST")) {
          request
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{}"));
        }
        HttpResponse<String> reply =
            http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(call[1] + ": " + reply.body()).isEqualTo(200);
        if (call[1].endsWith("/verify")) {
          assertThat(reply.body()).containsPattern("\"verdict\" ?: ?\"VERIFIED\"");
        }
      }

      // the database admin rewrites entry 2 (hash recomputed) and deletes the checkpoint rows
      String forged =
          "{\"actor\":\"mallory\",\"change\":null,\"data\":{},\"index\":2,\"kind\":\"note\","
              + "\"time\":\"2026-11-24T16:05:46.425057Z\"}";
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((byte) 0);
      byte[] leaf = sha.digest(forged.getBytes(StandardCharsets.UTF_8));
      try (Connection connection = DriverManager.getConnection(url);
          PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE ledger_entry SET entry = ?, leaf_hash = ? WHERE idx = 2")) {
        update.setBytes(1, forged.getBytes(StandardCharsets.UTF_8));
        update.setBytes(2, leaf);
        update.executeUpdate();
        connection.createStatement().executeUpdate("DELETE FROM ledger_checkpoint");
      }
      HttpResponse<String> resign =
          http.send(
              HttpRequest.newBuilder(URI.create(node.url() + "/api/v1/audit/checkpoint"))
                  .header("Authorization", "Bearer " + auditor)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(resign.statusCode()).as(resign.body()).isEqualTo(409);
      assertThat(resign.body()).contains("TAMPERED").contains("refusing to sign");
      HttpResponse<String> export =
          http.send(
              HttpRequest.newBuilder(URI.create(node.url() + "/api/v1/audit/export"))
                  .header("Authorization", "Bearer " + auditor)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      // the server holds the signing key, so its export first signs a checkpoint covering the
      // range (as 'changetrail audit export' does): that signature is refused, nothing is exported
      assertThat(export.statusCode()).as(export.body()).isEqualTo(409);
      assertThat(export.body())
          .contains("TAMPERED")
          .containsAnyOf("refusing to export", "refusing to sign");
    }
  }
}
