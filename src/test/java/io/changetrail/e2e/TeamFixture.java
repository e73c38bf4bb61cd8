package io.changetrail.e2e;

import io.changetrail.app.users.AccessControl;
import io.changetrail.app.users.Role;
import io.changetrail.domain.lifecycle.Person;
import io.changetrail.ledger.LedgerStore;
import io.changetrail.testing.TestRepo;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a team server needs to serve: the trading-system repository with one documented feature
 * branch, and one user per role (alice developer, bob approver, carol deployer, dave auditor) with
 * an API token each, stored in the ledger's database.
 */
final class TeamFixture {
  static final String DOCUMENTED =
      "ENHANCEMENT: cache venue status in the router\n\n"
          + "## Context and Rationale\nVenue status lookups cost 40 us per order.\n\n"
          + "## Changes Made\n### order-router\n- cache with a 1 s expiry\n\n"
          + "## Impact Assessment\nRisk MEDIUM, order-router only.\n\n"
          + "## Testing and Verification\n- ✅ RouterTest\n\n"
          + "## Rollback Procedure\n1. Redeploy the previous release.\n2. Check fills.\n";

  private TeamFixture() {}

  /** How many distinct contents {@link #range(int)} offers by default. */
  static final int CONTENTS = 1000;

  /**
   * The repository, with {@code main..feature} ready to register and {@value #CONTENTS} more
   * one-commit changes on top of it (the same content is one change, so a workload that registers
   * many changes needs as many contents); returns its root.
   */
  static Path repository(Path dir) {
    return repository(dir, CONTENTS);
  }

  /** The repository with {@code contents} one-commit changes, each its own {@link #range(int)}. */
  static Path repository(Path dir, int contents) {
    TestRepo repo = TestRepo.tradingSystem(dir);
    repo.branch("feature")
        .as("Alice Author", "alice@example.com")
        .file("order-router/src/main/java/acme/Router.java", "class Router { int cache; }\n")
        .file("order-router/src/test/java/acme/RouterTest.java", "class RouterTest { int t; }\n")
        .commit(DOCUMENTED)
        .checkout("main");
    String base = repo.sha("feature");
    StringBuilder stream = new StringBuilder();
    for (int i = 1; i <= contents; i++) {
      String message = DOCUMENTED.replace("cache venue status", "cache venue status, step " + i);
      String router = "class Router { int cache; int step" + i + "; }\n";
      stream
          .append("commit refs/heads/feature\nmark :")
          .append(i)
          .append("\ncommitter Alice Author <alice@example.com> ")
          .append(1_700_000_000L + i)
          .append(" +0000\n")
          .append(data(message))
          .append(i == 1 ? "from " + base : "from :" + (i - 1))
          .append("\nM 100644 inline order-router/src/main/java/acme/Router.java\n")
          .append(data(router))
          .append('\n');
    }
    if (contents > 0) {
      repo.fastImport(stream.toString()); // moves feature only: the work tree stays on main
    }
    return repo.root();
  }

  /**
   * The {@code k}-th distinct change of the repository (0 to contents - 1): one commit of the
   * feature branch, as a range.
   */
  static String range(int k) {
    return "feature~" + (k + 1) + "..feature~" + k;
  }

  private static String data(String text) {
    return "data " + text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\n" + text;
  }

  /** Adds the users to the ledger at {@code ledger}; returns each user's token by name. */
  static Map<String, String> team(String ledger) {
    Map<String, String> tokens = new LinkedHashMap<>();
    try (LedgerStore store = LedgerStore.open(ledger)) {
      AccessControl access = new AccessControl(store, Clock.systemUTC());
      Person admin = new Person("Setup", "setup@example.com");
      Map<String, Role> roles = new LinkedHashMap<>();
      roles.put("alice", Role.DEVELOPER);
      roles.put("bob", Role.APPROVER);
      roles.put("carol", Role.DEPLOYER);
      roles.put("dave", Role.AUDITOR);
      for (Map.Entry<String, Role> user : roles.entrySet()) {
        String name = user.getKey();
        access.addUser(name, name, name + "@example.com", Set.of(user.getValue()), admin);
        tokens.put(name, access.issueToken(name, "team", Optional.empty(), admin).plaintext());
      }
    }
    return tokens;
  }

  /** The person a user acts as, as the server names them. */
  static Person person(String user) {
    return new Person(user, user + "@example.com");
  }
}
