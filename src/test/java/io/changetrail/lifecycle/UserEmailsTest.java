package io.changetrail.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.changetrail.testing.Cli;
import io.changetrail.testing.RouterChange;
import io.changetrail.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user with several emails is one person (issue 11): any of their emails is them, so two
 * approvals from two of them count once, a decision made under one is theirs, and a signature whose
 * key the allowed-signers file lists under one is theirs. A real repository and SQLite ledger,
 * through the command line.
 */
class UserEmailsTest {
  private static final Pattern ID = Pattern.compile("CHG-\\d{8}-[0-9A-Z]{4}");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private TestRepo repo;
  private String ledger;

  @BeforeEach
  void setUp() {
    repo = TestRepo.tradingSystem(dir.resolve("repo"));
    ledger = "jdbc:sqlite:" + dir.resolve("ledger.db");
    repo.file(
            "changetrail.yml",
            "version: 1\nsystems:\n  order-router:\n    paths: [\"order-router/\"]\n    tier: 3\n"
                + "    tests: [\"true\"]\n  common:\n    paths: [\"common/\", \"pom.xml\"]\n"
                + "    tier: 2\napprovals:\n  required: {LOW: 2, MEDIUM: 2, HIGH: 2}\n")
        .commit("CONFIGURATION: two approvals");
    repo.branch("feature")
        .as("Alice Author", "alice@example.com")
        .file("order-router/src/main/java/acme/Router.java", "class Router { int cache; }\n")
        .commit(RouterChange.DOCUMENTED);
  }

  private Cli.Result as(String name, String email, String... args) {
    repo.git("config", "user.name", name);
    repo.git("config", "user.email", email);
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--ledger";
    all[args.length + 1] = ledger;
    return Cli.run(repo.root(), all);
  }

  private Cli.Result admin(String... args) {
    return as("Ada Admin", "ada@example.com", args);
  }

  private String register() {
    Cli.Result created = as("Alice Author", "alice@example.com", "change", "new");
    assertThat(created.exitCode()).as(created.err()).isZero();
    Matcher m = ID.matcher(created.out());
    assertThat(m.find()).isTrue();
    return m.group();
  }

  @Test
  void twoApprovalsFromTwoEmailsOfOnePersonCountOnce() throws Exception {
    Cli.Result added =
        admin(
            "users",
            "add",
            "rita",
            "--name",
            "Rita Risk",
            "--email",
            "rita@example.com",
            "--other-emails",
            "rita@home.example",
            "--roles",
            "approver");
    assertThat(added.exitCode()).as(added.err()).isZero();
    assertThat(added.out()).contains("Rita Risk <rita@example.com>, also rita@home.example");
    String id = register();

    Cli.Result atHome = as("Rita at home", "rita@home.example", "approve", id);
    assertThat(atHome.exitCode()).as(atHome.err()).isZero();
    Cli.Result atWork = as("Rita Risk", "RITA@example.com", "approve", id);
    assertThat(atWork.exitCode()).isEqualTo(14);
    assertThat(atWork.err()).contains("Rita Risk <rita@example.com> has already approved");

    JsonNode change = JSON.readTree(admin("change", "show", id, "--format", "json").out());
    assertThat(change.get("decisions")).hasSize(1);
    assertThat(change.at("/decisions/0/by").asText()).isEqualTo("Rita Risk <rita@example.com>");
    assertThat(change.at("/decisions/0/identity").asText()).isEqualTo("asserted-user");
    assertThat(change.get("status").asText()).isEqualTo("ASSESSED");

    JsonNode users = JSON.readTree(admin("users", "list", "--format", "json").out());
    assertThat(users.at("/0/emails/0").asText()).isEqualTo("rita@home.example");
  }

  @Test
  void emailsGivenTwiceOnAddAndAddedOrRemovedLaterAreTheUsersAndRecorded() throws Exception {
    Cli.Result added =
        admin(
            "users",
            "add",
            "rita",
            "--name",
            "Rita Risk",
            "--email",
            "rita@example.com",
            "--email",
            "rita@home.example",
            "--roles",
            "approver");
    assertThat(added.exitCode()).as(added.err()).isZero();
    assertThat(added.out()).contains("Rita Risk <rita@example.com>, also rita@home.example");
    String id = register();

    Cli.Result stranger = as("R. Risk", "r.risk@old.example", "approve", id);
    assertThat(stranger.exitCode()).isEqualTo(14);
    assertThat(stranger.err()).contains("is not a user of this ledger");
    Cli.Result more = admin("users", "update", "rita", "--add-email", "R.Risk@old.example");
    assertThat(more.exitCode()).as(more.err()).isZero();
    assertThat(more.out())
        .contains(
            "rita is Rita Risk <rita@example.com>, also rita@home.example, R.Risk@old.example");
    Cli.Result old = as("R. Risk", "r.risk@old.example", "approve", id);
    assertThat(old.exitCode()).as(old.err()).isZero();
    JsonNode change = JSON.readTree(admin("change", "show", id, "--format", "json").out());
    assertThat(change.at("/decisions/0/by").asText()).isEqualTo("Rita Risk <rita@example.com>");

    Cli.Result removed = admin("users", "update", "rita", "--remove-email", "rita@HOME.example");
    assertThat(removed.exitCode()).as(removed.err()).isZero();
    Cli.Result atHome = as("Rita at home", "rita@home.example", "approve", id);
    assertThat(atHome.exitCode()).isEqualTo(14);
    assertThat(atHome.err()).contains("is not a user of this ledger");

    Cli.Result primary = admin("users", "update", "rita", "--remove-email", "rita@example.com");
    assertThat(primary.exitCode()).isEqualTo(7);
    assertThat(primary.err())
        .contains("rita@example.com is the primary email of user rita: it cannot be removed")
        .contains("changetrail users update rita --email NEW");
    Cli.Result unknown = admin("users", "update", "rita", "--remove-email", "nobody@example.com");
    assertThat(unknown.exitCode()).isEqualTo(7);
    assertThat(unknown.err()).contains("nobody@example.com is not an email of user rita");
    assertThat(
            admin("users", "add", "bob", "--name", "Bob", "--email", "bob@example.com").exitCode())
        .isZero();
    Cli.Result taken = admin("users", "update", "bob", "--add-email", "r.risk@old.example");
    assertThat(taken.exitCode()).isEqualTo(15);
    assertThat(taken.err()).contains("r.risk@old.example is already an email of user rita");

    // each change is a user.updated entry with the emails before
    try (java.sql.Connection db = java.sql.DriverManager.getConnection(ledger);
        java.sql.ResultSet rows =
            db.createStatement()
                .executeQuery(
                    "SELECT entry FROM ledger_entry WHERE entry LIKE '%\"kind\":\"user.updated\"%'"
                        + " ORDER BY idx")) {
      java.util.List<JsonNode> updates = new java.util.ArrayList<>();
      while (rows.next()) {
        updates.add(JSON.readTree(rows.getBytes(1)));
      }
      assertThat(updates).hasSize(2);
      assertThat(updates.get(0).at("/data/emails").toString())
          .isEqualTo("[\"rita@home.example\",\"R.Risk@old.example\"]");
      assertThat(updates.get(0).at("/data/previous/emails").toString())
          .isEqualTo("[\"rita@home.example\"]");
      assertThat(updates.get(1).at("/data/emails").toString())
          .isEqualTo("[\"R.Risk@old.example\"]");
      assertThat(updates.get(1).at("/actor").asText()).isEqualTo("Ada Admin <ada@example.com>");
    }
  }

  @Test
  void anEmailAddedWithUpdateIsAcceptedAsTheUser() throws Exception {
    assertThat(
            admin(
                    "users",
                    "add",
                    "rita",
                    "--name",
                    "Rita Risk",
                    "--email",
                    "rita@example.com",
                    "--roles",
                    "approver")
                .exitCode())
        .isZero();
    String id = register();
    Cli.Result stranger = as("Rita at home", "rita@home.example", "approve", id);
    assertThat(stranger.exitCode()).isEqualTo(14);
    assertThat(stranger.err()).contains("is not a user of this ledger");

    Cli.Result updated = admin("users", "update", "rita", "--other-emails", "rita@home.example");
    assertThat(updated.exitCode()).as(updated.err()).isZero();
    assertThat(updated.out())
        .contains("rita is Rita Risk <rita@example.com>, also rita@home.example");
    Cli.Result atHome = as("Rita at home", "rita@home.example", "approve", id);
    assertThat(atHome.exitCode()).as(atHome.err()).isZero();

    Cli.Result taken =
        admin(
            "users",
            "add",
            "mallory",
            "--name",
            "Mallory",
            "--email",
            "mallory@example.com",
            "--other-emails",
            "Rita@Home.example",
            "--roles",
            "approver");
    assertThat(taken.exitCode()).isEqualTo(15);
    assertThat(taken.err()).contains("Rita@Home.example is already an email of user rita");
    Cli.Result nothing = admin("users", "update", "rita");
    assertThat(nothing.exitCode()).isEqualTo(2);
  }

  @Test
  void aSignatureByAKeyListedUnderAnotherEmailOfTheUserIsTheirs() throws Exception {
    admin(
        "users",
        "add",
        "rita",
        "--name",
        "Rita Risk",
        "--email",
        "rita@example.com",
        "--other-emails",
        "rita@home.example",
        "--roles",
        "approver");
    String id = register();
    Path key = dir.resolve("rita_key");
    Process keygen =
        new ProcessBuilder(
                "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "rita", "-f", key.toString())
            .redirectErrorStream(true)
            .start();
    keygen.getInputStream().readAllBytes();
    assertThat(keygen.waitFor()).isZero();
    repo.git("config", "gpg.format", "ssh");
    repo.git("config", "user.signingkey", key.toString());
    assertThat(as("Rita Risk", "rita@example.com", "approve", id).exitCode()).isZero();
    repo.git("config", "user.signingkey", "");

    System.setProperty("changetrail.home", dir.resolve("home").toString());
    Path allowed = dir.resolve("allowed_signers");
    Files.writeString(
        allowed,
        "rita@home.example namespaces=\"changetrail\" "
            + Files.readString(Path.of(key + ".pub")).strip()
            + "\n");
    Cli.Result verified;
    try {
      assertThat(Cli.run(repo.root(), "keys", "generate").exitCode()).isZero();
      assertThat(Cli.run(repo.root(), "audit", "checkpoint", "--ledger", ledger).exitCode())
          .isZero();
      verified =
          Cli.run(
              repo.root(),
              "audit",
              "verify",
              "--ledger",
              ledger,
              "--allowed-signers",
              allowed.toString());
    } finally {
      System.clearProperty("changetrail.home");
    }
    assertThat(verified.exitCode()).as(verified.err()).isZero();
    assertThat(verified.out()).contains("signature valid, signed by rita@home.example");
    Cli.Result record =
        admin("audit", "record", id, "--format", "json", "--allowed-signers", allowed.toString());
    assertThat(record.out())
        .contains(
            "signed with a key the allowed-signers file (or allowed OpenPGP keys file) lists");
  }
}
