package io.changetrail.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's other emails over the API (issue 11): added, shown, and one user's only. */
class UserEmailsApiTest {
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
  void anAdminAddsAUserWithOtherEmailsThatNoOneElseMayHave() {
    ServerFixture.Reply added =
        server.post(
            "root",
            "/api/v1/users",
            "{\"name\": \"rita\", \"displayName\": \"Rita Risk\", \"email\": \"rita@example.com\","
                + " \"emails\": [\"rita@home.example\"], \"roles\": [\"approver\"]}");
    assertThat(added.status()).as(added.body()).isEqualTo(201);
    assertThat(added.json().get("emails").toString()).isEqualTo("[\"rita@home.example\"]");
    assertThat(server.get("root", "/api/v1/users").body()).contains("rita@home.example");

    ServerFixture.Reply taken =
        server.post(
            "root",
            "/api/v1/users",
            "{\"name\": \"mallory\", \"email\": \"RITA@home.example\", \"roles\": [\"approver\"]}");
    assertThat(taken.status()).as(taken.body()).isEqualTo(409);
    assertThat(taken.body()).contains("is already an email of user rita");
    ServerFixture.Reply malformed =
        server.post(
            "root",
            "/api/v1/users",
            "{\"name\": \"gina\", \"email\": \"g@example.com\", \"emails\": \"g2@example.com\","
                + " \"roles\": []}");
    assertThat(malformed.status()).isEqualTo(400);
  }

  @Test
  void anAdminAddsAndRemovesAUsersOtherEmailsOneUsersOnly() {
    server.post(
        "root",
        "/api/v1/users",
        "{\"name\": \"rita\", \"displayName\": \"Rita Risk\", \"email\": \"rita@example.com\","
            + " \"roles\": [\"approver\"]}");

    ServerFixture.Reply added =
        server.post(
            "root",
            "/api/v1/users/rita/emails",
            "{\"add\": [\"rita@home.example\", \"r.risk@old.example\"]}");
    assertThat(added.status()).as(added.body()).isEqualTo(200);
    assertThat(added.json().get("emails").toString())
        .isEqualTo("[\"rita@home.example\",\"r.risk@old.example\"]");
    ServerFixture.Reply removed =
        server.post("root", "/api/v1/users/rita/emails", "{\"remove\": [\"R.RISK@old.example\"]}");
    assertThat(removed.status()).as(removed.body()).isEqualTo(200);
    assertThat(removed.json().get("emails").toString()).isEqualTo("[\"rita@home.example\"]");

    ServerFixture.Reply taken =
        server.post("root", "/api/v1/users/bob/emails", "{\"add\": [\"Rita@Home.example\"]}");
    assertThat(taken.status()).as(taken.body()).isEqualTo(409);
    assertThat(taken.body()).contains("is already an email of user rita");
    ServerFixture.Reply primary =
        server.post("root", "/api/v1/users/rita/emails", "{\"remove\": [\"rita@example.com\"]}");
    assertThat(primary.status()).as(primary.body()).isEqualTo(400);
    assertThat(primary.body()).contains("is the primary email of user rita");
    ServerFixture.Reply nobody =
        server.post("root", "/api/v1/users/nobody/emails", "{\"add\": [\"n@example.com\"]}");
    assertThat(nobody.status()).isEqualTo(404);
    ServerFixture.Reply notAdmin =
        server.post("bob", "/api/v1/users/rita/emails", "{\"add\": [\"x@example.com\"]}");
    assertThat(notAdmin.status()).isEqualTo(403);
  }
}
