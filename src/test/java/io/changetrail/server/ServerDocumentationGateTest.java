package io.changetrail.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The team server's approval refuses a normal change whose committed change document does not pass
 * lint against its plan, as the command line does (issue 11): a real node, repository and ledger.
 */
class ServerDocumentationGateTest {
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
  void anApprovalOfAChangeWhoseDocumentFailsLintIsRefusedWithTheFindings() {
    server
        .repo
        .branch("untested")
        .as("Alice Author", "alice@example.com")
        .file("order-router/src/main/java/acme/Venue.java", "class Venue { int halted; }\n")
        .commit(
            "ENHANCEMENT: halt orders for halted venues\n\n"
                + "## Context and Rationale\nOrders reached halted venues.\n\n"
                + "## Changes Made\n### order-router\n- check the venue's status\n\n"
                + "## Impact Assessment\nRisk LOW, order-router only.\n\n"
                + "## Testing and Verification\nTried it by hand.\n")
        .checkout("main");
    ServerFixture.Reply registered =
        server.post("alice", "/api/v1/changes", "{\"range\": \"main..untested\"}");
    assertThat(registered.status()).as(registered.body()).isEqualTo(201);
    String id = registered.json().get("id").asText();

    ServerFixture.Reply approved =
        server.post("bob", "/api/v1/changes/" + id + "/approve", "{\"comment\": \"ok\"}");
    assertThat(approved.status()).as(approved.body()).isEqualTo(409);
    assertThat(approved.json().at("/error/message").asText())
        .contains(id + " cannot be approved: its committed change document does not pass lint")
        .contains("testing.results");
    assertThat(approved.body()).contains("changetrail lint --range");
    ServerFixture.Reply change = server.get("bob", "/api/v1/changes/" + id);
    assertThat(change.json().get("status").asText()).isEqualTo("ASSESSED");
  }
}
