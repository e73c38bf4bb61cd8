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

  /** The repository, with {@code main..feature} ready to register; returns its root. */
  static Path repository(Path dir) {
    TestRepo repo = TestRepo.tradingSystem(dir);
    repo.branch("feature")
        .as("Alice Author", "alice@example.com")
        .file("order-router/src/main/java/acme/Router.java", "class Router { int cache; }\n")
        .file("order-router/src/test/java/acme/RouterTest.java", "class RouterTest { int t; }\n")
        .commit(DOCUMENTED)
        .checkout("main");
    return repo.root();
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
