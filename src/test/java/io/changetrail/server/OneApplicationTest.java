package io.changetrail.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.app.api.LocalChangeTrail;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One application behind both faces: each command run with --server against a real in-process node
 * prints byte for byte what it prints on the node's ledger locally, because both answer with the
 * same objects of app.api.
 */
class OneApplicationTest {
  @TempDir Path dir;
  ServerFixture server;
  String previousHome;

  @BeforeEach
  void start() {
    server = new ServerFixture(dir, "jdbc:sqlite:" + dir.resolve("ledger.db"));
    previousHome = System.getProperty("changetrail.home");
    System.setProperty("changetrail.home", dir.resolve("home").toString());
  }

  @AfterEach
  void stop() {
    if (previousHome == null) {
      System.clearProperty("changetrail.home");
    } else {
      System.setProperty("changetrail.home", previousHome);
    }
    server.close();
  }

  private Cli.Result remote(String user, String... args) {
    try {
      Files.createDirectories(dir.resolve("home"));
      Files.writeString(dir.resolve("home/token"), server.tokens.get(user) + "\n");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--server");
    all.add(server.url());
    return Cli.run(server.repo.root(), all.toArray(String[]::new));
  }

  private Cli.Result local(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--ledger");
    all.add(server.ledger);
    return Cli.run(server.repo.root(), all.toArray(String[]::new));
  }

  /** The command through the server and locally: same exit code, same bytes out. */
  private String same(String user, String... args) {
    Cli.Result there = remote(user, args);
    Cli.Result here = local(args);
    assertThat(there.exitCode())
        .as(String.join(" ", args) + ": " + there.err())
        .isEqualTo(here.exitCode());
    assertThat(there.out()).as(String.join(" ", args)).isEqualTo(here.out());
    return here.out();
  }

  private static String withoutAuditId(String json) {
    return json.replaceAll("\"(audit_id|created_date)\" : \"[^\"]*\"", "\"$1\" : \"\"");
  }

  /** A branch with one documented commit, registered as a change (as alice). */
  private String registerBranch(String branch, String file) {
    server
        .repo
        .branch(branch)
        .as("Alice Author", "alice@example.com")
        .file(file, "class X { int " + branch.replace('-', '_') + "; }\n")
        .commit(ServerFixture.DOCUMENTED)
        .checkout("main");
    return register("main.." + branch);
  }

  private String register(String range) {
    ServerFixture.Reply created =
        server.post("alice", "/api/v1/changes", "{\"range\": \"" + range + "\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().get("id").asText();
  }

  @Test
  void readsPrintTheSameBytesLocallyAndThroughTheServer() {
    String id = server.registerFeature();
    for (String format : List.of("text", "markdown", "html", "json")) {
      assertThat(same("dave", "change", "show", id, "--format", format)).contains(id);
    }
    for (String format : List.of("text", "json")) {
      assertThat(same("dave", "change", "list", "--format", format)).contains(id);
    }
    for (String format : List.of("text", "markdown", "html", "json")) {
      assertThat(same("dave", "audit", "record", id, "--format", format)).contains(id);
    }
    // the methodology's audit_id and created_date carry the time it was made: the rest is the same
    String there = remote("dave", "audit", "record", id, "--format", "methodology").out();
    String here = local("audit", "record", id, "--format", "methodology").out();
    assertThat(withoutAuditId(there)).contains(id).isEqualTo(withoutAuditId(here));
    assertThat(same("dave", "audit", "reconcile", "--env", "prod", "--format", "json"))
        .contains("\"clean\" : true");
    // an unknown change is the same exit code (13) either way
    assertThat(remote("dave", "change", "show", "CHG-20200101-ZZZZ").exitCode()).isEqualTo(13);
    same("dave", "change", "show", "CHG-20200101-ZZZZ");
  }

  @Test
  void aChangeIdIsOnePathSegmentNotARoute() {
    server.registerFeature();
    // unencoded, this id reached GET /changes/CHG-20200101-ZZZZ/audit (another route); encoded it
    // is an unknown change, as on the local ledger
    Cli.Result there =
        remote("bob", "change", "show", "CHG-20200101-ZZZZ/audit", "--format", "json");
    assertThat(there.exitCode()).as(there.err()).isEqualTo(13);
    assertThat(there.err()).doesNotContain("{");
    assertThat(local("change", "show", "CHG-20200101-ZZZZ/audit").exitCode()).isEqualTo(13);
  }

  @Test
  void changeListIsPagedTheSameWayOnBothFaces() {
    String first = server.registerFeature();
    String second = registerBranch("second", "order-router/src/main/java/acme/Second.java");
    String third = registerBranch("third", "order-router/src/main/java/acme/Third.java");
    String page = same("dave", "change", "list", "--limit", "2");
    assertThat(page)
        .contains(first, second)
        .doesNotContain(third)
        .endsWith("(more: --after " + second + ")\n");
    String rest = same("dave", "change", "list", "--limit", "2", "--after", second);
    assertThat(rest).contains(third).doesNotContain(first).doesNotContain("(more");
    String json = same("dave", "change", "list", "--limit", "1", "--format", "json");
    assertThat(json)
        .contains(
            "\"schema\" : \"changetrail.changes/v1\"",
            "\"count\" : 1",
            "\"next\" : \"" + first + "\"");
    ServerFixture.Reply api =
        server.get("dave", "/api/v1/changes?order=oldest&limit=2&after=" + first);
    assertThat(api.status()).as(api.body()).isEqualTo(200);
    assertThat(api.json().path("count").asInt()).isEqualTo(2);
    assertThat(api.json().path("changes").get(0).path("id").asText()).isEqualTo(second);
    assertThat(api.json().path("next").isNull()).isTrue();
    ServerFixture.Reply unknown = server.get("dave", "/api/v1/changes?after=CHG-20200101-ZZZZ");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().path("error").path("message").asText()).contains("CHG-20200101-ZZZZ");
    assertThat(server.get("dave", "/api/v1/changes?limit=0").status()).isEqualTo(400);
    Cli.Result tooMany = local("change", "list", "--limit", "5000");
    assertThat(tooMany.exitCode()).isEqualTo(7);
    assertThat(tooMany.err()).contains("1 to 1000");
  }

  @Test
  void decisionsAnswerWithTheChangeAsTheLedgerShowsIt() {
    String id = server.registerFeature();
    Cli.Result approved = remote("bob", "approve", id, "--comment", "checked", "--format", "json");
    assertThat(approved.exitCode()).as(approved.err()).isZero();
    assertThat(approved.out()).isEqualTo(local("change", "show", id, "--format", "json").out());
  }

  @Test
  void aRollbackByHandGoesThroughTheServerWithTheDeployerRole() {
    String id = server.registerFeature();
    assertThat(remote("bob", "approve", id).exitCode()).isZero();
    String deployment = remote("carol", "deploy", "start", id, "--env", "prod").out().strip();
    assertThat(
            remote("carol", "deploy", "finish", id, "--deployment", deployment, "--failed")
                .exitCode())
        .isZero();

    Cli.Result byApprover =
        remote("bob", "deploy", "rollback", id, "--deployment", deployment, "--by-hand");
    assertThat(byApprover.exitCode()).isEqualTo(14);
    assertThat(byApprover.err()).contains("deployer role");
    ServerFixture.Reply api =
        server.post(
            "bob",
            "/api/v1/changes/" + id + "/deployments/" + deployment + "/rollback",
            "{\"succeeded\": true}");
    assertThat(api.status()).isEqualTo(403);

    Cli.Result rolledBack =
        remote(
            "carol",
            "deploy",
            "rollback",
            id,
            "--deployment",
            deployment,
            "--by-hand",
            "--duration",
            "2m",
            "--notes",
            "previous release redeployed");
    assertThat(rolledBack.exitCode()).as(rolledBack.err()).isZero();
    String shown =
        local("deploy", "show", id, "--deployment", deployment, "--format", "json").out();
    assertThat(shown).contains("ROLLED_BACK", "previous release redeployed");
    Cli.Result twice =
        remote("carol", "deploy", "rollback", id, "--deployment", deployment, "--by-hand");
    assertThat(twice.exitCode()).isEqualTo(14);
    assertThat(twice.err()).contains("already rolled back");
    // the typed client reads the deployment list into the same records the node answers with
    io.changetrail.app.api.DeploymentList listed =
        new io.changetrail.remote.HttpChangeTrail(
                new io.changetrail.remote.ServerClient(server.url(), server.tokens.get("dave")))
            .deployments("prod");
    assertThat(listed).isEqualTo(server.node.server().readApi().deployments("prod"));
    assertThat(listed.deployments())
        .singleElement()
        .satisfies(
            row -> {
              assertThat(row.id()).isEqualTo(deployment);
              assertThat(row.status()).isEqualTo("ROLLED_BACK");
            });
    Cli.Result runbookRemotely = remote("carol", "deploy", "rollback", id);
    assertThat(runbookRemotely.exitCode()).isEqualTo(7);
    assertThat(runbookRemotely.err()).contains("--by-hand");
  }

  @Test
  void registeringAndUpdatingAnswerTheSameChangeOnBothFaces() {
    server
        .repo
        .branch("second")
        .as("Alice Author", "alice@example.com")
        .file("order-router/src/main/java/acme/Second.java", "class Second { int a; }\n")
        .commit(ServerFixture.DOCUMENTED)
        .checkout("main");
    server
        .repo
        .branch("third")
        .as("Alice Author", "alice@example.com")
        .file("order-router/src/main/java/acme/Third.java", "class Third { int a; }\n")
        .commit(ServerFixture.DOCUMENTED)
        .checkout("main");
    // the same question of two branches alike: the same lines but for the change's id
    Cli.Result there = remote("alice", "change", "new", "--range", "main..second");
    Cli.Result here = local("change", "new", "--range", "main..third");
    assertThat(there.exitCode()).as(there.err()).isZero();
    assertThat(here.exitCode()).as(here.err()).isZero();
    String remoteId = there.out().split(" ")[1];
    String localId = here.out().split(" ")[1];
    assertThat(there.out()).contains("needs 1 approval(s)");
    assertThat(there.out().replace(remoteId, "ID")).isEqualTo(here.out().replace(localId, "ID"));
    // the JSON answer is the change as the ledger shows it, whichever face registered it
    String json = server.registerFeature();
    for (String id : List.of(remoteId, localId, json)) {
      assertThat(local("change", "show", id, "--format", "json").out())
          .isEqualTo(remote("dave", "change", "show", id, "--format", "json").out());
    }
    server
        .repo
        .checkout("second")
        .file("order-router/src/main/java/acme/Second.java", "class Second { int b; }\n")
        .commit(ServerFixture.DOCUMENTED)
        .checkout("main");
    Cli.Result updated =
        remote(
            "alice", "change", "update", remoteId, "--range", "main..second", "--format", "json");
    assertThat(updated.exitCode()).as(updated.err()).isZero();
    assertThat(updated.out())
        .isEqualTo(local("change", "show", remoteId, "--format", "json").out());
    assertThat(updated.out()).contains("\"commits\" : [ \"");
    // updated to what it already is: the same refusal either way
    Cli.Result again = remote("alice", "change", "update", remoteId, "--range", "main..second");
    Cli.Result againHere = local("change", "update", remoteId, "--range", "main..second");
    assertThat(again.exitCode()).as(again.err()).isNotZero().isEqualTo(againHere.exitCode());
    assertThat(again.err()).isEqualTo(againHere.err());
    // what only a checkout can do is refused on a server, before anything is sent
    Cli.Result noRange = remote("alice", "change", "new");
    assertThat(noRange.exitCode()).isEqualTo(7);
    assertThat(noRange.err()).contains("--range A..B");
    Cli.Result writeDoc = remote("alice", "change", "new", "--range", "main..x", "--write-doc");
    assertThat(writeDoc.exitCode()).isEqualTo(7);
    assertThat(writeDoc.err()).contains("--write-doc");
  }

  @Test
  void theDeploymentDocumentAndTheGateAnswerTheSameOnBothFaces() {
    String id = server.registerFeature();
    // not approved yet: the same refusal both ways, each answer recorded
    String tip = server.repo.git("rev-parse", "feature").strip();
    Cli.Result refusedThere = remote("carol", "deploy", "gate", "--env", "prod", "--commit", tip);
    Cli.Result refusedHere = local("deploy", "gate", "--env", "prod", "--commit", tip);
    assertThat(refusedThere.exitCode()).as(refusedThere.err()).isEqualTo(14);
    assertThat(refusedHere.exitCode()).isEqualTo(14);
    assertThat(withoutEntry(refusedThere.err())).isEqualTo(withoutEntry(refusedHere.err()));
    assertThat(remote("bob", "approve", id).exitCode()).isZero();
    Cli.Result gateThere =
        remote("carol", "deploy", "gate", "--env", "prod", "--commit", tip, "--format", "json");
    Cli.Result gateHere =
        local("deploy", "gate", "--env", "prod", "--commit", tip, "--format", "json");
    assertThat(gateThere.exitCode()).as(gateThere.err()).isZero();
    assertThat(gateThere.out()).contains("\"decision\" : \"approved\"", "\"change\" : \"" + id);
    assertThat(withoutEntry(gateThere.out())).isEqualTo(withoutEntry(gateHere.out()));
    assertThat(same("carol", "deploy", "gate", "--env", "prod", "--commit", tip))
        .isEqualTo(id + "\n");

    // no deployment yet: the same refusal (nothing to do) either way
    assertThat(remote("dave", "deploy", "show", id).exitCode())
        .isEqualTo(local("deploy", "show", id).exitCode());
    String deployment = remote("carol", "deploy", "start", id, "--env", "prod").out().strip();
    assertThat(
            remote(
                    "carol",
                    "deploy",
                    "step",
                    id,
                    "--deployment",
                    deployment,
                    "--name",
                    "restart router",
                    "--passed")
                .exitCode())
        .isZero();
    assertThat(
            remote("carol", "deploy", "finish", id, "--deployment", deployment, "--succeeded")
                .exitCode())
        .isZero();
    for (String format : List.of("text", "markdown", "html", "json")) {
      assertThat(same("dave", "deploy", "show", id, "--format", format)).contains(deployment);
      assertThat(same("dave", "deploy", "show", id, "--deployment", deployment, "--format", format))
          .contains(deployment);
    }
    Cli.Result unknown = remote("dave", "deploy", "show", id, "--deployment", "DEP-20200101-ZZZZ");
    assertThat(unknown.exitCode()).isEqualTo(13);
    assertThat(unknown.err())
        .isEqualTo(local("deploy", "show", id, "--deployment", "DEP-20200101-ZZZZ").err());
  }

  private static String withoutEntry(String text) {
    return text.replaceAll("\"entry\" : \\d+", "\"entry\" : 0").replaceAll("entry \\d+", "entry N");
  }

  @Test
  void closingARequestsLifecycleLeavesTheNodesStoreOpen() {
    String id = server.registerFeature();
    ChangeTrailServer node = server.node.server();
    // what a new route written with try-with-resources does
    try (LocalChangeTrail api = node.readApi()) {
      assertThat(api.change(id).id()).isEqualTo(id);
    }
    try (Lifecycle lifecycle = node.reader()) {
      assertThat(lifecycle.ledger().change(id).id()).isEqualTo(id);
    }
    ServerFixture.Reply after = server.get("dave", "/api/v1/changes/" + id);
    assertThat(after.status()).as(after.body()).isEqualTo(200);
    assertThat(server.get("dave", "/health").status()).isEqualTo(200);
  }

  @Test
  void theNodeBuildsItsRoutesAndItsAuditUseCasesOnce() {
    ChangeTrailServer node = server.node.server();
    assertThat(node.auditLedger()).isSameAs(node.auditLedger());
    assertThat(node.documents()).isSameAs(node.documents());
    for (int i = 0; i < ChangeTrailServer.DOCUMENT_CACHE + 10; i++) {
      node.documents().put("range " + i, "text");
    }
    assertThat(node.documents()).hasSize(ChangeTrailServer.DOCUMENT_CACHE);
  }

  @Test
  void aNewTokenLivesNinetyDaysOnTheApiAsOnTheCommandLine() {
    ServerFixture.Reply standard =
        server.post("root", "/api/v1/users/dave/tokens", "{\"label\": \"default\"}");
    assertThat(standard.status()).as(standard.body()).isEqualTo(201);
    java.time.Instant issued = java.time.Instant.parse(standard.json().get("created").asText());
    java.time.Instant expires = java.time.Instant.parse(standard.json().get("expires").asText());
    assertThat(java.time.Duration.between(issued, expires))
        .isEqualTo(java.time.Duration.ofDays(90));
    ServerFixture.Reply never =
        server.post("root", "/api/v1/users/dave/tokens", "{\"expires\": \"never\"}");
    assertThat(never.status()).as(never.body()).isEqualTo(201);
    assertThat(never.json().get("expires").isNull()).isTrue();
    ServerFixture.Reply both =
        server.post(
            "root", "/api/v1/users/dave/tokens", "{\"expires\": \"30d\", \"expiresInDays\": 30}");
    assertThat(both.status()).isEqualTo(400);
    ServerFixture.Reply bad =
        server.post("root", "/api/v1/users/dave/tokens", "{\"expires\": \"soon\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().path("error").path("message").asText()).contains("'soon'");
  }
}
