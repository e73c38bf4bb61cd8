package io.changetrail.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.changetrail.ledger.LedgerStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Idempotency-Key on the API's POSTs against a real server and a real ledger database: a retry gets
 * the first answer without a second ledger write, another request under the same key gets 422.
 */
abstract class IdempotencyKeyContract {
  @TempDir Path dir;
  ServerFixture server;

  abstract String ledgerUrl();

  @BeforeEach
  void start() {
    server = new ServerFixture(dir, ledgerUrl());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  long ledgerSize() {
    try (LedgerStore store = LedgerStore.open(server.ledger)) {
      return store.read(LedgerStore.Reader::size);
    }
  }

  ServerFixture.Reply keyed(String base, String user, String path, String json, String key) {
    return server.postTo(base, user, path, json, "Idempotency-Key", key);
  }

  int changes() {
    return server.get("dave", "/api/v1/changes").json().get("count").asInt();
  }

  @Test
  void aRetriedRegisterGetsTheFirstAnswerAndRecordsOneChange() {
    String body = "{\"range\": \"main..feature\"}";
    ServerFixture.Reply first = keyed(server.url(), "alice", "/api/v1/changes", body, "reg-1");
    assertThat(first.status()).as(first.body()).isEqualTo(201);
    long size = ledgerSize();

    ServerFixture.Reply retry = keyed(server.url(), "alice", "/api/v1/changes", body, "reg-1");

    assertThat(retry.status()).as(retry.body()).isEqualTo(201);
    assertThat(retry.body()).isEqualTo(first.body());
    assertThat(retry.header("Location")).isEqualTo(first.header("Location")).isNotEmpty();
    assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(ledgerSize()).isEqualTo(size);
    assertThat(changes()).isEqualTo(1);
  }

  @Test
  void theSameKeyWithAnotherBodyIsRefusedWith422AndWritesNothing() {
    String id = server.registerFeature();
    String approve = "/api/v1/changes/" + id + "/approve";
    ServerFixture.Reply first =
        keyed(server.url(), "bob", approve, "{\"comment\": \"limits checked\"}", "ap-1");
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    long size = ledgerSize();

    ServerFixture.Reply other =
        keyed(server.url(), "bob", approve, "{\"comment\": \"something else\"}", "ap-1");

    assertThat(other.status()).as(other.body()).isEqualTo(422);
    JsonNode error = other.json().get("error");
    assertThat(error.get("code").asText()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(error.get("message").asText()).contains("another request");
    assertThat(error.get("hint").asText()).contains("24 hours");
    assertThat(ledgerSize()).isEqualTo(size);
  }

  @Test
  void aKeyBelongsToItsUserAndARequestThatWroteNothingBindsNoKey() {
    String id = server.registerFeature();
    String approve = "/api/v1/changes/" + id + "/approve";
    // alice may not approve: refused, nothing written, so the key stays free for a real attempt
    assertThat(keyed(server.url(), "alice", approve, "{}", "k").status()).isEqualTo(403);
    ServerFixture.Reply bob = keyed(server.url(), "bob", approve, "{}", "k");
    assertThat(bob.status()).as(bob.body()).isEqualTo(200);
    assertThat(bob.header("Idempotent-Replayed")).isEmpty();
    // eve's "k" is not bob's: hers is a request of its own, recorded as her approval
    long size = ledgerSize();
    ServerFixture.Reply eve = keyed(server.url(), "eve", approve, "{}", "k");
    assertThat(eve.status()).as(eve.body()).isEqualTo(200);
    assertThat(eve.header("Idempotent-Replayed")).isEmpty();
    assertThat(ledgerSize()).isEqualTo(size + 1);
  }

  @Test
  void aRetryAfterTheFirstAnswerWasLostIsAnsweredFromTheEntriesItWrote() throws Exception {
    String body = "{\"range\": \"main..feature\"}";
    ServerFixture.Reply first = keyed(server.url(), "alice", "/api/v1/changes", body, "lost");
    assertThat(first.status()).as(first.body()).isEqualTo(201);
    long size = ledgerSize();
    // what a node leaves when it dies between the COMMIT of the entries (with the key's row) and
    // storing the answer, or when the COMMIT's outcome was in doubt and it answered 503
    try (Connection connection = DriverManager.getConnection(server.ledger);
        Statement statement = connection.createStatement()) {
      assertThat(
              statement.executeUpdate(
                  "UPDATE idempotency_key SET status = NULL, content_type = NULL,"
                      + " location = NULL, response = NULL"))
          .isEqualTo(1);
    }

    ServerFixture.Reply retry = keyed(server.url(), "alice", "/api/v1/changes", body, "lost");

    assertThat(retry.status()).as(retry.body()).isEqualTo(201);
    assertThat(retry.json()).isEqualTo(first.json());
    assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
    assertThat(ledgerSize()).isEqualTo(size);
    assertThat(changes()).isEqualTo(1);
  }

  @Test
  void aKeyThatIsNotVisibleAsciiIsA400() {
    ServerFixture.Reply reply =
        keyed(server.url(), "alice", "/api/v1/changes", "{\"range\": \"main..feature\"}", " ");
    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    assertThat(reply.json().get("error").get("message").asText()).contains("Idempotency-Key");
    assertThat(changes()).isZero();
  }

  @Test
  void anIssuedTokenIsNeverReplayedBecauseItsSecretIsNotKept() {
    String body = "{\"label\": \"ci\"}";
    ServerFixture.Reply first =
        keyed(server.url(), "root", "/api/v1/users/alice/tokens", body, "tok-1");
    assertThat(first.status()).as(first.body()).isEqualTo(201);
    long size = ledgerSize();

    ServerFixture.Reply retry =
        keyed(server.url(), "root", "/api/v1/users/alice/tokens", body, "tok-1");

    assertThat(retry.status()).as(retry.body()).isEqualTo(409);
    assertThat(retry.json().get("error").get("code").asText()).isEqualTo("ALREADY_APPLIED");
    assertThat(retry.body()).doesNotContain(first.json().get("token").asText());
    assertThat(ledgerSize()).isEqualTo(size);
  }
}
