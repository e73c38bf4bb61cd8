package io.changetrail.app.demo;

import io.changetrail.app.LedgerLocation;
import io.changetrail.app.Workspace;
import io.changetrail.app.audit.AuditLedger;
import io.changetrail.app.keys.KeyFiles;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.app.lifecycle.RegisterChange;
import io.changetrail.app.users.AccessControl;
import io.changetrail.app.users.Role;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.lifecycle.Person;
import io.changetrail.git.GitRepository;
import io.changetrail.ledger.LedgerStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Prepares the example for the team server: one user per role with a token, and a change waiting
 * for approval, so a newcomer can sign in and approve it in the web UI at once.
 */
public final class ServerTour {
  private static final Person SETUP = new Person("demo setup", "setup@acme.example");
  private static final Person BOB = new Person("bob", "bob@acme.example");

  /** A demo user and their token (shown once, here). */
  public record Login(String user, String person, Set<Role> roles, String token) {}

  /**
   * What was prepared: the logins, the id of the change waiting for approval, and the demo's
   * signing key and its verifier key file (the server needs them to sign, verify, prove and
   * export).
   */
  public record Prepared(
      List<Login> logins, String pendingChange, Path signingKey, Path verifierKey) {}

  private final Path repository;

  public ServerTour(Path repository) {
    this.repository = repository;
  }

  public Prepared prepare() {
    Workspace workspace = Workspace.open(repository);
    GitRepository git = workspace.git();
    String base = workspace.defaultBranch();
    git.checkout(base);
    git.checkoutNewBranch("feature/venue-timeout");
    write(
        "order-router/src/main/java/com/acme/router/VenueTimeout.java",
        "package com.acme.router;\n\n/** How long a venue may stay silent before it is halted. */\n"
            + "public final class VenueTimeout {\n  public long millis() {\n    return 1500;\n  }\n}\n");
    write(
        "order-router/src/test/java/com/acme/router/VenueTimeoutTest.java",
        "package com.acme.router;\n\nclass VenueTimeoutTest {\n  void haltsAfterOneAndAHalfSeconds() {}\n}\n");
    git.stageAll();
    git.commit(
        "ENHANCEMENT: halt a venue after 1.5 s of silence\n\n"
            + "## Context and Rationale\nA silent venue kept receiving child orders for 5 s.\n\n"
            + "## Changes Made\n### order-router\n- `VenueTimeout` of 1.5 s\n\n"
            + "## Impact Assessment\nMEDIUM: order-router only; fewer fills on a flaky venue.\n\n"
            + "## Testing and Verification\n- ✅ VenueTimeoutTest\n\n"
            + "## Rollback Procedure\n1. Redeploy the previous order-router.\n",
        BOB.name(),
        BOB.email(),
        Instant.now().toString());
    git.checkout(base);

    String url = LedgerLocation.resolve(Optional.empty(), git);
    List<Login> logins = new ArrayList<>();
    ChangeRecord pending;
    try (LedgerStore store = LedgerStore.open(url)) {
      AccessControl access = new AccessControl(store, Clock.systemUTC());
      logins.add(login(access, "bob", BOB, EnumSet.of(Role.DEVELOPER)));
      logins.add(
          login(
              access,
              "carol",
              new Person("Carol Risk", "carol@acme.example"),
              EnumSet.of(Role.APPROVER, Role.AUDITOR)));
      logins.add(
          login(
              access,
              "erin",
              new Person("Erin Release", "erin@acme.example"),
              EnumSet.of(Role.DEPLOYER)));
      logins.add(
          login(
              access,
              "admin",
              new Person("Ada Admin", "admin@acme.example"),
              EnumSet.of(Role.ADMIN)));
      // the rest of the team, and the quarter they recorded
      access.addUser(
          "priya", "Priya Quant", "priya@acme.example", EnumSet.of(Role.DEVELOPER), SETUP);
      access.addUser("liam", "Liam Feeds", "liam@acme.example", EnumSet.of(Role.DEVELOPER), SETUP);
      access.addUser(
          "dave", "Dave Ops Lead", "dave@acme.example", EnumSet.of(Role.APPROVER), SETUP);
      access.addUser(
          "omar", "Omar Night Ops", "omar@acme.example", EnumSet.of(Role.DEPLOYER), SETUP);
    }
    appendBlackoutWindows(git);
    new QuarterHistory(repository, url).record(Instant.now());
    git.checkout(base);
    try (LedgerStore store = LedgerStore.open(url)) {
      pending =
          new RegisterChange(
                  new Lifecycle(Workspace.open(repository), store, () -> BOB, Clock.systemUTC()))
              .register(
                  new RegisterChange.Request(
                      base + "...feature/venue-timeout", "", Optional.empty(), ""));
    }
    Path key = LifecycleTour.demoKey(git);
    if (!Files.exists(key)) {
      KeyFiles.generate("acme.example/ledger", Optional.of(key), true);
    }
    // a checkpoint that covers everything so far: proofs and exports work at once
    new AuditLedger(git, Optional.empty()).checkpoint(Optional.of(key));
    return new Prepared(logins, pending.id(), key, KeyFiles.publicKeyFile(key));
  }

  /** Blackout windows for the calendar, committed after the tours (whose deployments run now). */
  private void appendBlackoutWindows(GitRepository git) {
    try {
      Path config = repository.resolve("changetrail.yml");
      Files.writeString(
          config,
          Files.readString(config, StandardCharsets.UTF_8)
              + "blackout_windows:\n"
              + "  - {name: US close and month-end batch, days: [FRI], from: \"14:00\", to: \"22:00\","
              + " timezone: UTC, environments: [prod]}\n"
              + "  - {name: London open, days: [MON, TUE, WED, THU, FRI], from: \"07:45\","
              + " to: \"08:15\", timezone: Europe/London, environments: [prod]}\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO, "cannot write changetrail.yml: " + e.getMessage(), "");
    }
    git.stageAll();
    git.commit(
        "CONFIGURATION: blackout windows for the London open and the Friday close\n\n"
            + "## Context and Rationale\nNo deployment to prod while the market opens or the"
            + " month-end batch runs.\n\n## Changes Made\n- blackout_windows in changetrail.yml\n\n"
            + "## Testing and Verification\n- ✅ changetrail doctor\n",
        "Dave Ops Lead",
        "dave@acme.example",
        Instant.now().minus(java.time.Duration.ofDays(92)).toString());
  }

  private static Login login(AccessControl access, String name, Person person, Set<Role> roles) {
    access.addUser(name, person.name(), person.email(), roles, SETUP);
    String token = access.issueToken(name, "demo", Optional.empty(), SETUP).plaintext();
    return new Login(name, person.display(), roles, token);
  }

  private void write(String path, String content) {
    try {
      Path file = repository.resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO, "cannot write " + path + ": " + e.getMessage(), "");
    }
  }
}
