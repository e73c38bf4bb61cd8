package io.changetrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.changetrail.app.users.AccessControl;
import io.changetrail.app.users.Principal;
import io.changetrail.app.users.Role;
import io.changetrail.ledger.EmbeddedPostgresServer;
import io.changetrail.ledger.LedgerStore;
import io.changetrail.testing.Cli;
import io.changetrail.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The users commands, run in-process on a real repository and real ledgers. */
class UsersCommandTest {
  @TempDir Path temp;
  Path repo;

  @BeforeEach
  void repositoryAndKeyHome() throws Exception {
    repo = TestRepo.init(Files.createDirectories(temp.resolve("repo"))).root();
    System.setProperty("changetrail.home", temp.resolve("home").toString());
  }

  @AfterEach
  void clearHome() {
    System.clearProperty("changetrail.home");
  }

  Cli.Result run(String... args) {
    return Cli.run(repo, args);
  }

  Cli.Result ok(String... args) {
    Cli.Result result = run(args);
    assertThat(result.exitCode()).as(String.join(" ", args) + "\n" + result.err()).isZero();
    return result;
  }

  Optional<Principal> authenticate(String ledgerUrl, String token) {
    try (LedgerStore store = LedgerStore.open(ledgerUrl)) {
      return new AccessControl(store, Clock.systemUTC()).authenticate(token);
    }
  }

  @Test
  void addIssueListRevokeAndTheLedgerStillVerifies() throws Exception {
    Cli.Result added =
        ok(
            "users",
            "add",
            "bob",
            "--name",
            "Bob Approver",
            "--email",
            "bob@example.com",
            "--roles",
            "Approver,deployer");
    assertThat(added.out())
        .contains("added bob (Bob Approver <bob@example.com>)", "approver, deployer");

    Cli.Result token = ok("users", "token", "bob", "--label", "laptop", "--expires", "30d");
    String plaintext = token.out().strip();
    assertThat(plaintext).matches("ct_[0-9a-f]{16}_[A-Za-z0-9_-]{43}");
    assertThat(token.err())
        .contains("cannot be shown again", "expires ", "(laptop)")
        .doesNotContain(plaintext);
    String tokenId = plaintext.substring(3, 19);
    String ledger = "jdbc:sqlite:" + repo.resolve(".git/changetrail/ledger.db");
    Principal bob = authenticate(ledger, plaintext).orElseThrow();
    assertThat(bob.roles()).containsExactly(Role.APPROVER, Role.DEPLOYER);

    Cli.Result list = ok("users", "list");
    assertThat(list.out())
        .contains("bob", "active", "approver, deployer", "Bob Approver <bob@example.com>");
    JsonNode json = new ObjectMapper().readTree(ok("users", "list", "--format", "json").out());
    assertThat(json.get(0).get("roles").toString()).isEqualTo("[\"approver\",\"deployer\"]");

    assertThat(ok("users", "roles", "bob", "auditor").out())
        .contains("bob now has the roles: auditor");
    Cli.Result tokens = ok("users", "tokens", "bob");
    assertThat(tokens.out())
        .contains(tokenId, "active", "laptop")
        .doesNotContain(plaintext.substring(20));

    assertThat(ok("users", "revoke", tokenId).out())
        .contains("revoked token " + tokenId + " of bob");
    assertThat(authenticate(ledger, plaintext)).isEmpty();
    assertThat(ok("users", "tokens", "bob").out()).contains("revoked");
    assertThat(ok("users", "token", "bob", "--expires", "never").err()).contains("never expires");
    assertThat(ok("users", "disable", "bob").out()).contains("disabled bob");
    assertThat(ok("users", "list").out()).contains("disabled");
    ok("users", "enable", "bob");

    ok("keys", "generate", "--name", "example.com/ledger");
    ok("audit", "checkpoint");
    assertThat(ok("audit", "verify").out()).contains("OK: every entry and checkpoint verifies");
    ok("audit", "export", "--out", temp.resolve("x.bundle").toString());
    String bundle = Files.readString(temp.resolve("x.bundle"));
    assertThat(bundle)
        .contains("user.added", "token.issued", "user.roles", "token.revoked", "user.disabled")
        .contains("Alice Author <alice@example.com>")
        .doesNotContain(plaintext.substring(20));
  }

  @Test
  void usersCommandsPrintTheUserAsTheApiDoesWithFormatJson() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper mapper =
        new com.fasterxml.jackson.databind.ObjectMapper();
    com.networknt.schema.JsonSchema schema =
        com.networknt.schema.JsonSchemaFactory.getInstance(
                com.networknt.schema.SpecVersion.VersionFlag.V202012)
            .getSchema(
                mapper.readTree(java.nio.file.Files.readString(Path.of("docs/user.schema.json"))));
    com.fasterxml.jackson.databind.JsonNode added =
        mapper.readTree(
            ok(
                    "users",
                    "add",
                    "rita",
                    "--name",
                    "Rita Risk",
                    "--email",
                    "rita@example.com",
                    "--roles",
                    "approver",
                    "--format",
                    "json")
                .out());
    assertThat(schema.validate(added)).isEmpty();
    assertThat(added.get("roles").toString()).isEqualTo("[\"approver\"]");
    com.fasterxml.jackson.databind.JsonNode roles =
        mapper.readTree(
            ok("users", "roles", "rita", "approver,deployer", "--format", "json").out());
    assertThat(schema.validate(roles)).isEmpty();
    assertThat(roles.get("roles").size()).isEqualTo(2);
    com.fasterxml.jackson.databind.JsonNode updated =
        mapper.readTree(
            ok("users", "update", "rita", "--other-emails", "r@home.example", "--format", "json")
                .out());
    assertThat(updated.get("emails").toString()).isEqualTo("[\"r@home.example\"]");
    com.fasterxml.jackson.databind.JsonNode disabled =
        mapper.readTree(ok("users", "disable", "rita", "--format", "json").out());
    assertThat(schema.validate(disabled)).isEmpty();
    assertThat(disabled.get("enabled").asBoolean()).isFalse();
    Cli.Result bad = run("users", "enable", "rita", "--format", "yaml");
    assertThat(bad.exitCode()).isEqualTo(7);
    com.fasterxml.jackson.databind.JsonNode still =
        mapper.readTree(ok("users", "enable", "rita", "--format", "json").out());
    assertThat(still.get("enabled").asBoolean()).isTrue();
  }

  @Test
  void errorsExitWithTheirDocumentedCodes() {
    ok("users", "add", "bob", "--name", "Bob", "--email", "bob@example.com");

    Cli.Result duplicate = run("users", "add", "bob", "--name", "Bob", "--email", "b@example.com");
    assertThat(duplicate.exitCode()).isEqualTo(15);
    assertThat(duplicate.err()).contains("already a user named bob");

    Cli.Result badRole = run("users", "roles", "bob", "approver,boss");
    assertThat(badRole.exitCode()).isEqualTo(7);
    assertThat(badRole.err())
        .contains("'boss' is not a role")
        .contains("the roles are developer, approver, deployer, auditor, admin")
        .doesNotContain("Exception");

    Cli.Result badName =
        run("users", "add", "Bob Smith", "--name", "Bob", "--email", "b@example.com");
    assertThat(badName.exitCode()).isEqualTo(7);
    assertThat(badName.err()).contains("is not a valid user name");

    Cli.Result unknown = run("users", "token", "carol");
    assertThat(unknown.exitCode()).isEqualTo(16);
    assertThat(unknown.err()).contains("no user named 'carol'", "users list");

    Cli.Result unknownToken = run("users", "revoke", "0123456789abcdef");
    assertThat(unknownToken.exitCode()).isEqualTo(16);

    Cli.Result badLifetime = run("users", "token", "bob", "--expires", "soon");
    assertThat(badLifetime.exitCode()).isEqualTo(7);
    assertThat(badLifetime.err()).contains("'soon' is not a token lifetime");

    ok("users", "disable", "bob");
    Cli.Result disabled = run("users", "token", "bob");
    assertThat(disabled.exitCode()).isEqualTo(14);
    assertThat(disabled.err()).contains("bob is disabled");

    assertThat(run("users").exitCode()).isEqualTo(2);
    assertThat(ok("users", "--help").out()).contains("Exit codes:", "16 no such", "users token");
  }

  @Test
  void worksOnPostgresql() {
    String url = EmbeddedPostgresServer.shared().newDatabase();
    List<String> add =
        new ArrayList<>(
            List.of("users", "add", "carol", "--name", "Carol", "--email", "carol@example.com"));
    add.addAll(List.of("--roles", "admin", "--ledger", url));
    ok(add.toArray(String[]::new));
    String token = ok("users", "token", "carol", "--ledger", url).out().strip();
    assertThat(authenticate(url, token).orElseThrow().has(Role.ADMIN)).isTrue();
    assertThat(ok("users", "list", "--ledger", url).out()).contains("carol", "admin");
  }
}
