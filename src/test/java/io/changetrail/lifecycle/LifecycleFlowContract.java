package io.changetrail.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.changetrail.app.Workspace;
import io.changetrail.app.lifecycle.DecideChange;
import io.changetrail.app.lifecycle.DeployChange;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.app.lifecycle.RegisterChange;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.lifecycle.Person;
import io.changetrail.ledger.LedgerStore;
import io.changetrail.testing.Cli;
import io.changetrail.testing.TestRepo;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change lifecycle end to end through the command line, on a real repository and a real ledger;
 * run unchanged on SQLite and on PostgreSQL.
 */
abstract class LifecycleFlowContract {
  private static final Pattern ID = Pattern.compile("CHG-\\d{8}-[0-9A-Z]{4}");
  private static final String DOCUMENTED =
      "ENHANCEMENT: cache venue status in the router\n\n"
          + "## Context and Rationale\nVenue status lookups cost 40 us per order.\n\n"
          + "## Changes Made\n### order-router\n- cache with a 1 s expiry\n\n"
          + "## Impact Assessment\nRisk MEDIUM, order-router only.\n\n"
          + "## Testing and Verification\n- ✅ RouterTest\n\n"
          + "## Rollback Procedure\n1. Redeploy the previous release.\n2. Check fills.\n";

  @TempDir Path dir;
  private TestRepo repo;
  private String ledger;

  @BeforeEach
  void setUp() {
    repo = TestRepo.tradingSystem(dir.resolve("repo"));
    repo.file(
            "changetrail.yml",
            "verification:\n  checks:\n    - {name: unit tests, kind: test, run: 'true'}\n"
                + "    - {name: perf, kind: performance, run: 'echo ::metric p99_us=41 us', min_risk: HIGH}\n")
        .file(
            "deploy/prod.yml",
            "name: router release\nenvironment: prod\npre_checks:\n  - {name: venues up, run: 'true'}\n"
                + "steps:\n  - {name: deploy router, run: 'echo deployed $CHANGETRAIL_CHANGE'}\n"
                + "post_checks:\n  - {name: smoke, run: 'echo ::metric fills=12'}\n"
                + "rollback:\n  - {name: previous release, run: 'echo rolled back'}\n")
        .file(
            "deploy/broken.yml",
            "steps:\n  - {name: deploy router, run: 'exit 3'}\n  - {name: never, run: 'true'}\n"
                + "rollback:\n  - {name: previous release, run: 'true'}\n")
        .commit("CONFIGURATION: lifecycle settings");
    repo.branch("feature")
        .as("Alice Author", "alice@example.com")
        .file("order-router/src/main/java/acme/Router.java", "class Router { int cache; }\n")
        .file("order-router/src/test/java/acme/RouterTest.java", "class RouterTest { int t; }\n")
        .commit(DOCUMENTED);
    ledger = newLedger(dir);
  }

  /** A JDBC URL of a new, empty ledger. */
  abstract String newLedger(Path dir);

  private Cli.Result as(String who, String... args) {
    repo.git("config", "user.name", who);
    repo.git("config", "user.email", who.toLowerCase() + "@example.com");
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--ledger";
    all[args.length + 1] = ledger;
    return Cli.run(repo.root(), all);
  }

  private String register() {
    Cli.Result created = as("Alice", "change", "new");
    assertThat(created.exitCode()).as(created.err()).isZero();
    Matcher m = ID.matcher(created.out());
    assertThat(m.find()).isTrue();
    return m.group();
  }

  @Test
  void approveDeployVerifyAuditWithSegregationOfDuties() throws Exception {
    String id = register();

    Cli.Result own = as("Alice", "approve", id, "--comment", "mine");
    assertThat(own.exitCode()).isEqualTo(14);
    assertThat(own.err()).contains("segregation of duties");

    Cli.Result early =
        as("Carol", "deploy", "run", id, "--env", "prod", "--plan", "deploy/prod.yml");
    assertThat(early.exitCode()).isEqualTo(14);
    assertThat(early.err()).contains("is not approved for prod");

    assertThat(as("Bob", "approve", id, "--comment", "cache expiry checked").exitCode()).isZero();
    Cli.Result twice = as("Bob", "approve", id);
    assertThat(twice.exitCode()).isEqualTo(14);
    assertThat(twice.err()).contains("already approved");

    // new commits void the approval
    repo.as("Alice Author", "alice@example.com")
        .file("order-router/src/main/java/acme/Router.java", "class Router { int cache2; }\n")
        .commit(DOCUMENTED.replace("cache venue status", "tune the venue cache"));
    Cli.Result stale =
        as("Carol", "deploy", "run", id, "--env", "prod", "--plan", "deploy/prod.yml");
    assertThat(stale.exitCode()).isEqualTo(14);
    assertThat(stale.err()).contains("was not assessed with");
    assertThat(as("Alice", "change", "update", id).exitCode()).isZero();
    JsonNode afterUpdate =
        new ObjectMapper().readTree(as("Carol", "change", "show", id, "--format", "json").out());
    assertThat(afterUpdate.get("status").asText()).isEqualTo("ASSESSED");
    assertThat(afterUpdate.at("/decisions/0/current").asBoolean()).isFalse();
    assertThat(as("Bob", "approve", id, "--comment", "again").exitCode()).isZero();

    Cli.Result deployed =
        as("Carol", "deploy", "run", id, "--env", "prod", "--plan", "deploy/prod.yml");
    assertThat(deployed.exitCode()).as(deployed.err()).isZero();
    assertThat(deployed.out()).contains("deploy router", "SUCCEEDED");

    Cli.Result document = as("Carol", "deploy", "show", id, "--format", "markdown");
    assertThat(document.out()).contains("prod", "venues up", "deploy router", "smoke", "fills");

    Cli.Result verified = as("Carol", "verify", id);
    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
    assertThat(verified.out()).contains("unit tests", "change document complete", "VERIFIED");

    Cli.Result record = as("Dave", "audit", "record", id, "--format", "json");
    JsonNode audit = new ObjectMapper().readTree(record.out());
    // every item passes but one: without ledger users, who decided is only self-asserted
    assertThat(audit.get("compliant").asBoolean()).as(record.out()).isFalse();
    for (JsonNode item : audit.get("compliance")) {
      String expected =
          item.get("item").asText().equals("Identities of deciders") ? "FINDING" : "PASS";
      // (N/A: rollback complexity LOW needs no rollback procedure)
      assertThat(item.get("result").asText()).as(item.toString()).isIn(expected, "N/A");
    }
    assertThat(audit.get("auditId").asText()).startsWith("AUD-" + id + "-");
    assertThat(audit.at("/compliance").findValuesAsText("item"))
        .contains(
            "Documentation complete",
            "Approval obtained before deployment",
            "Testing verified",
            "Rollback documented",
            "Segregation of duties");

    Cli.Result reconcile = as("Dave", "audit", "reconcile", "--env", "prod");
    assertThat(reconcile.exitCode()).as(reconcile.out()).isZero();
    assertThat(reconcile.out()).contains("0 exception(s)");

    Cli.Result population =
        as("Dave", "audit", "population", "--from", "2000-01-01", "--to", "2100-01-01");
    assertThat(population.out()).startsWith("id,title,").contains(id + ",");
  }

  /**
   * Writers that do not share memory (as server nodes do not) deciding on one change at once: a
   * decision is recorded only while what it was made on still holds.
   */
  @Test
  void concurrentDecisionsOnOneChangeAreRecordedOnce() throws Exception {
    String id = register();
    Person bob = new Person("Bob", "bob@example.com");
    List<Object> approvals =
        concurrently(8, lifecycle -> new DecideChange(lifecycle).approve(id, "", List.of()), bob);
    assertThat(approvals).filteredOn(ChangeRecord.class::isInstance).hasSize(1);
    assertThat(approvals)
        .filteredOn(ChangeTrailException.class::isInstance)
        .extracting(e -> ((ChangeTrailException) e).getMessage())
        .hasSize(7)
        .allMatch(m -> m.contains("has already approved"));

    Person carol = new Person("Carol", "carol@example.com");
    String deployment;
    try (Lifecycle lifecycle = lifecycle(carol)) {
      deployment = new DeployChange(lifecycle).startManual(id, "prod", false, "");
    }
    List<Object> finishes =
        concurrently(
            8, lifecycle -> new DeployChange(lifecycle).finishManual(id, deployment, true), carol);
    assertThat(finishes).filteredOn(DeployChange.Outcome.class::isInstance).hasSize(1);
    try (Lifecycle lifecycle = lifecycle(carol)) {
      ChangeRecord record = lifecycle.ledger().change(id);
      assertThat(record.approvals()).hasSize(1);
      assertThat(record.entries())
          .as("registered, assessed, approved, started, finished")
          .hasSize(5);
    }
  }

  @Test
  void theSameContentIsOneChangeEvenWhenRegisteredConcurrently() throws Exception {
    Person alice = new Person("Alice", "alice@example.com");
    List<Object> created =
        concurrently(
            8,
            lifecycle ->
                new RegisterChange(lifecycle)
                    .register(
                        new RegisterChange.Request("main..feature", "", Optional.empty(), "")),
            alice);
    assertThat(created).filteredOn(ChangeRecord.class::isInstance).hasSize(1);
    String id =
        ((ChangeRecord) created.stream().filter(ChangeRecord.class::isInstance).findFirst().get())
            .id();
    assertThat(created)
        .filteredOn(ChangeTrailException.class::isInstance)
        .extracting(e -> ((ChangeTrailException) e).getMessage())
        .hasSize(7)
        .allMatch(m -> m.contains(id + " already covers exactly this content"));
    Cli.Result again = as("Alice", "change", "new");
    assertThat(again.exitCode()).as(again.err()).isEqualTo(5);
    assertThat(again.err()).contains(id);
    try (Lifecycle lifecycle = lifecycle(alice)) {
      assertThat(lifecycle.ledger().changes()).hasSize(1);
    }
  }

  @Test
  void aRejectedChangeIsNotReopenedUnnoticedByRegisteringItsCommitsAgain() throws Exception {
    String id = register();
    assertThat(as("Bob", "reject", id, "--comment", "limits not checked").exitCode()).isZero();
    Cli.Result again = as("Alice", "change", "new");
    assertThat(again.exitCode()).as(again.err()).isEqualTo(14);
    assertThat(again.err())
        .contains(id, "rejected by Bob", "limits not checked", "--supersedes " + id);

    Cli.Result superseding = as("Alice", "change", "new", "--supersedes", id);
    assertThat(superseding.exitCode()).as(superseding.err()).isZero();
    Matcher m = ID.matcher(superseding.out());
    assertThat(m.find()).isTrue();
    String replacement = m.group();
    assertThat(replacement).isNotEqualTo(id);
    JsonNode shown =
        new ObjectMapper()
            .readTree(as("Bob", "change", "show", replacement, "--format", "json").out());
    assertThat(shown.get("supersedes").asText()).isEqualTo(id);
    assertThat(as("Bob", "change", "show", replacement).out()).contains("Supersedes");

    Cli.Result third = as("Alice", "change", "new", "--supersedes", id);
    assertThat(third.exitCode()).as("the replacement now covers the content").isEqualTo(5);
    assertThat(third.err()).contains(replacement);
  }

  @Test
  void registeringOnTheDefaultBranchSaysSoAndHowToNameTheRange() {
    repo.checkout("main");
    Cli.Result onMain = as("Alice", "change", "new");
    assertThat(onMain.exitCode()).isEqualTo(5);
    assertThat(onMain.err()).contains("you are on the default branch main", "--range HEAD~1..HEAD");
    repo.git("checkout", "-q", "--detach", "main");
    Cli.Result detached = as("Alice", "change", "new");
    assertThat(detached.exitCode()).isEqualTo(5);
    assertThat(detached.err()).contains("HEAD is detached", "--range");
    Cli.Result named = as("Alice", "change", "new", "--range", "HEAD~1..HEAD");
    assertThat(named.exitCode()).as(named.err()).isZero();
  }

  private Lifecycle lifecycle(Person actor) {
    return new Lifecycle(
        Workspace.open(repo.root()), LedgerStore.open(ledger), actor, Clock.systemUTC());
  }

  /** {@code count} writers, each with its own store, running {@code write} at once. */
  private List<Object> concurrently(int count, Function<Lifecycle, Object> write, Person actor)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(count);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Object>> results = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        results.add(
            pool.submit(
                () -> {
                  try (Lifecycle lifecycle = lifecycle(actor)) {
                    lifecycle.ledger().store().read(LedgerStore.Reader::size); // connected
                    go.await();
                    return write.apply(lifecycle);
                  } catch (ChangeTrailException e) {
                    return e;
                  }
                }));
      }
      go.countDown();
      List<Object> outcomes = new ArrayList<>();
      for (Future<Object> result : results) {
        outcomes.add(result.get(2, TimeUnit.MINUTES));
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void writeDocCreatesAPrefilledChangeFileWithItsId() throws Exception {
    Cli.Result created = as("Alice", "change", "new", "--write-doc");
    Matcher m = ID.matcher(created.out());
    assertThat(m.find()).as(created.err()).isTrue();
    Path file = repo.root().resolve("changes").resolve(m.group() + ".md");
    assertThat(java.nio.file.Files.readString(file))
        .contains("## Context and Rationale", "## Changes Made", "Change-Id: " + m.group());
    assertThat(as("Alice", "change", "close", m.group()).exitCode()).isEqualTo(14);
  }

  @Test
  void failedStepStopsTheDeploymentAndTheRollbackIsRecorded() {
    String id = register();
    assertThat(as("Bob", "approve", id).exitCode()).isZero();
    Cli.Result failed =
        as("Carol", "deploy", "run", id, "--env", "prod", "--plan", "deploy/broken.yml");
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.out()).contains("deploy rollback " + id);
    assertThat(as("Carol", "change", "show", id).out()).contains("**FAILED**");
    Cli.Result rollback = as("Carol", "deploy", "rollback", id);
    assertThat(rollback.exitCode()).as(rollback.out() + rollback.err()).isZero();
    assertThat(as("Carol", "change", "show", id).out()).contains("**ROLLED_BACK**");
    assertThat(as("Carol", "verify", id).exitCode()).isEqualTo(14);
  }

  @Test
  void emergencyChangesDeployUnapprovedAndAreFlaggedUntilApproved() {
    Cli.Result created =
        as("Alice", "change", "new", "--class", "emergency", "--reason", "XLON rejects orders");
    Matcher m = ID.matcher(created.out());
    assertThat(m.find()).as(created.err()).isTrue();
    String id = m.group();
    Cli.Result deployed =
        as(
            "Alice",
            "deploy",
            "run",
            id,
            "--env",
            "prod",
            "--plan",
            "deploy/prod.yml",
            "--emergency",
            "--reason",
            "XLON");
    assertThat(deployed.exitCode()).as(deployed.err()).isZero();
    Cli.Result reconcile = as("Dave", "audit", "reconcile", "--env", "prod");
    assertThat(reconcile.exitCode()).isEqualTo(1);
    assertThat(reconcile.out()).contains("emergency-unapproved", "unverified");
    assertThat(as("Dave", "change", "show", id).out()).contains("approval due by");
    assertThat(as("Bob", "approve", id, "--comment", "after the fact").exitCode()).isZero();
    assertThat(as("Dave", "audit", "reconcile", "--env", "prod").out())
        .doesNotContain("emergency-unapproved");
  }

  @Test
  void badInputIsRefusedWithClearMessages() {
    assertThat(as("Bob", "approve", "CHG-20260101-AAAA").exitCode()).isEqualTo(13);
    Cli.Result notAnId = as("Bob", "approve", "nonsense");
    assertThat(notAnId.exitCode()).isEqualTo(13);
    assertThat(notAnId.err()).contains("is not a change id");
    String id = register();
    assertThat(as("Bob", "reject", id, "--comment", "no").exitCode()).isZero();
    Cli.Result rejected =
        as("Carol", "deploy", "run", id, "--env", "prod", "--plan", "deploy/prod.yml");
    assertThat(rejected.exitCode()).isEqualTo(14);
    assertThat(rejected.err()).contains("REJECTED");
    repo.file("deploy/bad.yml", "steps:\n  - {name: x}\n").commit("bad runbook");
    String other = register();
    as("Bob", "approve", other);
    Cli.Result badRunbook =
        as("Carol", "deploy", "run", other, "--env", "prod", "--plan", "deploy/bad.yml");
    assertThat(badRunbook.exitCode()).isEqualTo(7);
    assertThat(badRunbook.err()).contains("deploy/bad.yml:2:");
  }
}
