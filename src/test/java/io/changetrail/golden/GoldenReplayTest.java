package io.changetrail.golden;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.app.Workspace;
import io.changetrail.app.lifecycle.DeploymentProtection;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.app.lifecycle.RunningState;
import io.changetrail.domain.lifecycle.Person;
import io.changetrail.ledger.LedgerStore;
import io.changetrail.testing.Cli;
import io.changetrail.testing.TestRepo;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden replay: a ledger seeded deterministically through the real command line (a real git
 * repository, a real SQLite ledger) with every kind of entry the command line and the use cases
 * write, and then (a) the stored bytes of every entry and (b) what {@code change show}, {@code
 * change list}, {@code audit record}, {@code deploy show}, {@code users list} and the other reading
 * commands print over it, in text and JSON, compared with the files in {@code
 * src/test/resources/golden/cli/}. It pins today's observable behaviour: a change of the event
 * model that alters one stored byte or one printed character fails here. See {@link Golden} for
 * what is normalised and how to regenerate the files.
 */
class GoldenReplayTest {
  private static final Pattern CHANGE = Pattern.compile("CHG-\\d{8}-[0-9A-Z]{4}");
  private static final Pattern DEPLOYMENT = Pattern.compile("DEP-\\d{8}-[0-9A-Z]{4}");
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
  private Golden golden;
  private final StringBuilder outputs = new StringBuilder();
  private final List<String> decoded = new ArrayList<>();

  @Test
  void aSeededLedgerReplaysToTheGoldenEntriesAndOutputs() throws Exception {
    golden = new Golden(dir, InetAddress.getLocalHost().getHostName());
    repo = TestRepo.tradingSystem(dir.resolve("repo"));
    String mainTip = repo.head();
    repo.file(
            "changetrail.yml",
            "verification:\n  checks:\n    - {name: unit tests, kind: test, run: 'true'}\n"
                + "running:\n  prod:\n    command: \"echo order-router "
                + mainTip
                + "\"\n")
        .file(
            "deploy/prod.yml",
            "name: router release\nenvironment: prod\npre_checks:\n  - {name: venues up, run: 'true'}\n"
                + "steps:\n  - {name: deploy router, run: 'echo deployed'}\n"
                + "post_checks:\n  - {name: smoke, run: 'echo ::metric fills=12'}\n"
                + "rollback:\n  - {name: previous release, run: 'echo rolled back'}\n")
        .file(
            "deploy/broken.yml",
            "steps:\n  - {name: deploy router, run: 'exit 3'}\n  - {name: never, run: 'true'}\n"
                + "rollback:\n  - {name: previous release, run: 'true'}\n")
        .commit("CONFIGURATION: lifecycle settings");
    ledger = "jdbc:sqlite:" + dir.resolve("ledger.db");

    // A: registered, approved, deployed by a runbook, verified, signed off, rolled back
    branch("feature-a", "order-router/src/main/java/acme/Router.java", "class Router { int a; }\n");
    String a = register("Alice", "change", "new");
    as("Alice", "approve", a, "--comment", "mine");
    as("Bob", "approve", a, "--comment", "cache expiry checked");
    as("Carol", "deploy", "run", a, "--env", "prod", "--plan", "deploy/prod.yml");
    as("Carol", "verify", a);
    as("Dave", "signoff", a, "--comment", "fills look right");
    as("Carol", "deploy", "rollback", a);

    // B: new commits after an approval (the approval no longer counts), update, reject, close
    branch("feature-b", "risk-engine/config/limits.yml", "max_notional: 2000000\n");
    String b = register("Alice", "change", "new", "--title", "raise the notional limit");
    as("Bob", "approve", b, "--comment", "fine");
    repo.as("Alice Author", "alice@example.com")
        .file("risk-engine/config/limits.yml", "max_notional: 3000000\n")
        .commit(DOCUMENTED.replace("cache venue status in the router", "raise it further"));
    as("Alice", "change", "update", b);
    as("Bob", "reject", b, "--comment", "too far in one step");
    as("Alice", "change", "close", b, "--comment", "withdrawn");
    as("Bob", "approve", b, "--comment", "second look");

    // C: an emergency, deployed by hand without approval, with steps, checks and an issue
    branch("feature-c", "order-router/src/main/resources/application.yml", "timeout: 500\n");
    String c =
        register("Alice", "change", "new", "--class", "emergency", "--reason", "venue timeouts");
    String deployment =
        deploymentOf(
            as(
                "Carol",
                "deploy",
                "start",
                c,
                "--env",
                "prod",
                "--emergency",
                "--reason",
                "venue timeouts"));
    as("Carol", "deploy", "check", c, "--deployment", deployment, "--pre", "--name", "venues up");
    as(
        "Carol",
        "deploy",
        "step",
        c,
        "--deployment",
        deployment,
        "--name",
        "restart router",
        "--duration",
        "30s",
        "--notes",
        "one node at a time");
    as(
        "Carol",
        "deploy",
        "issue",
        c,
        "--deployment",
        deployment,
        "--description",
        "node 2 slow to start",
        "--resolution",
        "waited",
        "--resolution-time",
        "2m",
        "--severity",
        "LOW");
    as(
        "Carol",
        "deploy",
        "check",
        c,
        "--deployment",
        deployment,
        "--name",
        "smoke",
        "--failed",
        "--notes",
        "one order rejected");
    as("Carol", "deploy", "check", c, "--deployment", deployment, "--name", "smoke");
    as("Carol", "deploy", "finish", c, "--deployment", deployment, "--succeeded");
    as("Bob", "approve", c, "--comment", "after the fact");

    // D: a runbook that fails, and its rollback
    branch("feature-d", "common/src/main/java/acme/Money.java", "class Money { long c; }\n");
    String d = register("Alice", "change", "new");
    as("Bob", "approve", d);
    as("Carol", "deploy", "run", d, "--env", "prod", "--plan", "deploy/broken.yml");
    as("Carol", "deploy", "rollback", d);

    // users and tokens; then a decision by a ledger user
    as(
        "Root",
        "users",
        "add",
        "root",
        "--name",
        "Root Admin",
        "--email",
        "root@example.com",
        "--roles",
        "admin");
    as(
        "Root",
        "users",
        "add",
        "bob",
        "--name",
        "Bob",
        "--email",
        "bob@example.com",
        "--other-emails",
        "bob@home.example.com",
        "--roles",
        "approver");
    as(
        "Root",
        "users",
        "add",
        "carol",
        "--name",
        "Carol",
        "--email",
        "carol@example.com",
        "--roles",
        "deployer");
    as("Root", "users", "update", "bob", "--name", "Bob Approver");
    as("Root", "users", "roles", "carol", "deployer,approver");
    String token = as("Root", "users", "token", "carol", "--label", "laptop").out().strip();
    as("Root", "users", "tokens", "carol");
    as("Root", "users", "revoke", token.substring(3, 19));
    as("Root", "users", "disable", "carol");
    as("Root", "users", "enable", "carol");
    branch("feature-e", "README.md", "# platform\n\nsee docs\n");
    String e = register("Alice", "change", "new");
    as("Bob", "approve", e, "--comment", "as a user");
    as("Mallory", "approve", e);
    as("Carol", "deploy", "run", e, "--env", "prod", "--plan", "deploy/prod.yml");
    as("Carol", "verify", e);
    as("Alice", "change", "close", e, "--comment", "done");
    as("Carol", "change", "close", e, "--comment", "done");

    // what runs in prod, as changetrail.yml's running command reports it
    try (LedgerStore store = LedgerStore.open(ledger);
        Lifecycle lifecycle =
            new Lifecycle(
                Workspace.open(repo.root()),
                store,
                new Person("Carol", "carol@example.com"),
                Clock.systemUTC())) {
      RunningState running = new RunningState(lifecycle);
      RunningState.Taken taken = running.snapshot("prod");
      outputs
          .append("=== running snapshot prod\n")
          .append(taken.recorded())
          .append(' ')
          .append(taken.snapshot().systems())
          .append('\n')
          .append(running.reconcile(taken.snapshot()))
          .append('\n');
    }
    // a raw fact of a kind no version writes
    as(
        "Dave",
        "audit",
        "append",
        "--actor",
        "script",
        "--kind",
        "note.added",
        "--data",
        "{\"text\":\"hello\",\"n\":3}");

    // the deployment gate: a pipeline asks on the command line (refused for an environment A is
    // not approved with this content, then answered for prod), and a GitHub protection rule's
    // answer with how GitHub took it, as the team server records them
    as("Carol", "deploy", "gate", "--env", "prod", "--commit", "feature-b", "--run", "job 7");
    // A was rolled back in prod: refused until approved again after the rollback
    as("Carol", "deploy", "gate", "--env", "prod", "--commit", "feature-a", "--run", "job 8");
    as("Bob", "approve", a, "--comment", "the rollback's cause is understood");
    try (LedgerStore store = LedgerStore.open(ledger);
        Lifecycle lifecycle =
            new Lifecycle(
                Workspace.open(repo.root()),
                store,
                new Person("GitHub deployment protection rule", ""),
                Clock.systemUTC())) {
      DeploymentProtection gate = new DeploymentProtection(lifecycle);
      DeploymentProtection.Recorded recorded =
          gate.decideAndRecord(
              repo.git("rev-parse", "feature-a").strip(),
              "prod",
              new DeploymentProtection.Asker(
                  "github", "acme/platform/actions/runs/4242", "github:carol"));
      gate.recordAnswer(
          recorded,
          "github",
          "https://api.github.com/repos/acme/platform/actions/runs/4242/deployment_protection_rule",
          204,
          true,
          "");
    }

    // what is read back
    for (String id : List.of(a, b, c, d, e)) {
      as("Dave", "change", "show", id);
      as("Dave", "change", "show", id, "--format", "json");
      as("Dave", "change", "show", id, "--format", "markdown");
      as("Dave", "audit", "record", id);
      as("Dave", "audit", "record", id, "--format", "json");
      as("Dave", "deploy", "show", id);
      as("Dave", "deploy", "show", id, "--format", "json");
      as("Dave", "deploy", "show", id, "--format", "markdown");
    }
    as("Dave", "change", "list");
    as("Dave", "change", "list", "--format", "json");
    as("Dave", "users", "list");
    as("Dave", "users", "list", "--format", "json");
    as("Dave", "audit", "reconcile", "--env", "prod");
    as("Dave", "audit", "population", "--from", "2000-01-01", "--to", "2100-01-01");
    as("Dave", "metrics", "--env", "prod", "--since", "30d", "--format", "json");

    String entries = entries();
    // every entry decodes to its typed event, whose data are exactly the stored data
    assertThat(decoded)
        .contains(EventCodecCheck.KINDS_WRITTEN.toArray(String[]::new))
        .containsOnlyOnce("Other note.added");
    Golden.check(
        Golden.compare("cli/entries.jsonl", entries),
        Golden.compare("cli/outputs.txt", outputs.toString()));
  }

  /** Every stored entry, as its exact bytes (normalised), one per line. */
  private String entries() {
    List<String> lines = new ArrayList<>();
    decoded.clear();
    try (LedgerStore store = LedgerStore.openForRead(ledger)) {
      store.read(
          reader -> {
            reader.entries(
                0,
                reader.size(),
                (index, bytes, leaf) -> {
                  lines.add(golden.normalise(new String(bytes, StandardCharsets.UTF_8)));
                  decoded.add(EventCodecCheck.roundTrip(bytes));
                });
            return null;
          });
    }
    assertThat(lines).hasSizeGreaterThan(40);
    return String.join("\n", lines) + "\n";
  }

  private void branch(String name, String path, String content) {
    repo.checkout("main");
    repo.branch(name)
        .as("Alice Author", "alice@example.com")
        .file(path, content)
        .commit(DOCUMENTED);
  }

  private String register(String who, String... args) {
    Matcher m = CHANGE.matcher(as(who, args).out());
    assertThat(m.find()).as("a change id").isTrue();
    return m.group();
  }

  private static String deploymentOf(Cli.Result result) {
    Matcher m = DEPLOYMENT.matcher(result.out());
    assertThat(m.find()).as(result.out() + result.err()).isTrue();
    return m.group();
  }

  /** Runs the command line as {@code who} (git's user.name and user.email) and records it. */
  private Cli.Result as(String who, String... args) {
    repo.git("config", "user.name", who);
    repo.git("config", "user.email", who.toLowerCase() + "@example.com");
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--ledger";
    all[args.length + 1] = ledger;
    all[args.length + 2] = "--color";
    all[args.length + 3] = "never";
    Cli.Result result = Cli.run(repo.root(), all);
    outputs
        .append("=== ")
        .append(who)
        .append(": changetrail ")
        .append(golden.normalise(String.join(" ", args)))
        .append("\nexit ")
        .append(result.exitCode())
        .append("\n--- out\n")
        .append(golden.normalise(result.out()))
        .append("--- err\n")
        .append(golden.normalise(result.err()));
    return result;
  }
}
