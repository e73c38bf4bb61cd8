package io.changetrail.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.app.Workspace;
import io.changetrail.ledger.EmbeddedPostgresServer;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Idempotency-Key on PostgreSQL, with two nodes on one database: they agree on every key. */
class PostgresIdempotencyKeyTest extends IdempotencyKeyContract {
  @Override
  String ledgerUrl() {
    return EmbeddedPostgresServer.shared().newDatabase();
  }

  @Test
  void aRetryToAnotherNodeGetsTheFirstAnswer() {
    try (ServerNode other =
        ServerNode.start(
            ServerOptions.local(0), Workspace.open(server.repo.root()), server.ledger)) {
      String body = "{\"range\": \"main..feature\"}";
      ServerFixture.Reply first = keyed(server.url(), "alice", "/api/v1/changes", body, "two");
      assertThat(first.status()).as(first.body()).isEqualTo(201);
      long size = ledgerSize();

      ServerFixture.Reply retry = keyed(other.url(), "alice", "/api/v1/changes", body, "two");

      assertThat(retry.status()).as(retry.body()).isEqualTo(201);
      assertThat(retry.body()).isEqualTo(first.body());
      assertThat(ledgerSize()).isEqualTo(size);
      ServerFixture.Reply reused =
          keyed(other.url(), "alice", "/api/v1/changes", "{\"range\": \"HEAD~1..main\"}", "two");
      assertThat(reused.status()).as(reused.body()).isEqualTo(422);
    }
  }

  @Test
  void theSameKeyedApprovalSentToTwoNodesAtOnceIsRecordedOnceAndBothGetItsAnswer()
      throws Exception {
    String id = server.registerFeature();
    try (ServerNode other =
        ServerNode.start(
            ServerOptions.local(0), Workspace.open(server.repo.root()), server.ledger)) {
      long size = ledgerSize();
      String approve = "/api/v1/changes/" + id + "/approve";
      String body = "{\"comment\": \"limits checked\"}";
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Callable<ServerFixture.Reply>> sends =
            List.of(
                () -> keyed(server.url(), "bob", approve, body, "once"),
                () -> keyed(other.url(), "bob", approve, body, "once"),
                () -> keyed(server.url(), "bob", approve, body, "once"),
                () -> keyed(other.url(), "bob", approve, body, "once"));
        List<ServerFixture.Reply> replies = new java.util.ArrayList<>();
        for (Future<ServerFixture.Reply> reply : pool.invokeAll(sends)) {
          replies.add(reply.get());
        }
        for (ServerFixture.Reply reply : replies) {
          assertThat(reply.status()).as(reply.body()).isEqualTo(200);
          assertThat(reply.json()).isEqualTo(replies.get(0).json());
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(ledgerSize()).isEqualTo(size + 1);
    }
  }
}
