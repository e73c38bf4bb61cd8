package io.changetrail.app.demo;

import io.changetrail.app.Workspace;
import io.changetrail.app.lifecycle.DecideChange;
import io.changetrail.app.lifecycle.DeployChange;
import io.changetrail.app.lifecycle.EntryCache;
import io.changetrail.app.lifecycle.Lifecycle;
import io.changetrail.app.lifecycle.RegisterChange;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.deploy.Phase;
import io.changetrail.domain.lifecycle.ChangeClass;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.lifecycle.Person;
import io.changetrail.git.GitRepository;
import io.changetrail.ledger.LedgerStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * A realistic quarter for the team server's pages: three dozen changes across the four systems over
 * the last 13 weeks, each committed, registered, approved by someone who did not write it and
 * deployed by hand to prod (some first to uat), with a few failed deployments rolled back, one
 * emergency change deployed before its retrospective approval, a rejection, and changes still
 * waiting for approval or for a deployment. Everything goes through the same use cases as the
 * commands, on a clock set to each moment (the demo ledger stamps its entries with it); the choices
 * come from a fixed seed, so the history is the same on every run (its dates end yesterday).
 */
public final class QuarterHistory {
  static final int CHANGES = 36;
  private static final long SEED = 20260301L;

  /** Developers, approvers and deployers of the quarter (they are ledger users). */
  static final Person BOB = new Person("bob", "bob@acme.example");

  static final Person PRIYA = new Person("Priya Quant", "priya@acme.example");
  static final Person LIAM = new Person("Liam Feeds", "liam@acme.example");
  static final Person CAROL = new Person("Carol Risk", "carol@acme.example");
  static final Person DAVE = new Person("Dave Ops Lead", "dave@acme.example");
  static final Person ERIN = new Person("Erin Release", "erin@acme.example");
  static final Person OMAR = new Person("Omar Night Ops", "omar@acme.example");

  private static final List<Person> AUTHORS = List.of(BOB, PRIYA, LIAM);
  private static final List<Person> DEPLOYERS = List.of(ERIN, OMAR);

  private record Theme(String system, String pkg, String type, String subject) {}

  private static final List<Theme> THEMES =
      List.of(
          new Theme(
              "order-router", "router", "ENHANCEMENT", "prefer the venue with the best fill rate"),
          new Theme(
              "order-router", "router", "BUGFIX", "keep child orders on a halted venue cancelled"),
          new Theme(
              "order-router", "router", "ENHANCEMENT", "cap child orders per venue per second"),
          new Theme(
              "risk-engine", "risk", "BUGFIX", "count cancelled orders out of the used limit"),
          new Theme(
              "risk-engine", "risk", "ENHANCEMENT", "warn the desk at 90% of the notional limit"),
          new Theme(
              "risk-engine", "risk", "CONFIGURATION", "tighten the fat-finger price band to 5%"),
          new Theme("market-data", "md", "BUGFIX", "drop stale quotes older than 500 ms"),
          new Theme("market-data", "md", "ENHANCEMENT", "normalise XPAR symbols on the feed"),
          new Theme("market-data", "md", "ENHANCEMENT", "snapshot the order book every 100 ms"),
          new Theme("common", "common", "CLEANUP", "remove the unused currency table"),
          new Theme("common", "common", "BUGFIX", "round money half-even in reports"),
          new Theme(
              "order-router", "router", "BUGFIX", "retry a venue once after a session reset"));

  private final Path repository;
  private final String ledgerUrl;

  /** Parsed entries shared by the history's use cases, as a server node shares them. */
  private final EntryCache cache = new EntryCache();

  QuarterHistory(Path repository, String ledgerUrl) {
    this.repository = repository;
    this.ledgerUrl = ledgerUrl;
  }

  /** A clock that stands where the history is. */
  private static final class SetClock extends Clock {
    private Instant now;

    SetClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** Records the quarter; returns how many changes it registered. */
  int record(Instant today) {
    Random random = new Random(SEED);
    Workspace workspace = Workspace.open(repository);
    GitRepository git = workspace.git();
    Instant start = today.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(91));
    SetClock clock = new SetClock(start);
    int registered = 0;
    try (LedgerStore store = LedgerStore.open(ledgerUrl, clock)) {
      for (int i = 0; i < CHANGES; i++) {
        Theme theme = THEMES.get(i % THEMES.size());
        // one change every 2.5 days on average, on a weekday morning (clear of blackout windows)
        Instant authored =
            weekdayMorning(start.plus(Duration.ofHours(60L * i + random.nextInt(12))), random);
        Person author = AUTHORS.get(random.nextInt(AUTHORS.size()));
        boolean emergency = i == 22;
        String tip = commit(git, i, theme, author, authored, emergency);
        String parent = git.resolveCommit(tip + "~1");
        clock.now = authored.plus(Duration.ofMinutes(20 + random.nextInt(60)));
        ChangeRecord change;
        try {
          change =
              new RegisterChange(as(author, workspace, store, clock))
                  .register(
                      new RegisterChange.Request(
                          parent + ".." + tip,
                          "",
                          emergency ? Optional.of(ChangeClass.EMERGENCY) : Optional.empty(),
                          emergency
                              ? "venue XLON rejects every order after its FIX session reset"
                              : ""));
        } catch (ChangeTrailException e) {
          continue; // never expected: the demo goes on without this change
        }
        registered++;
        int left = CHANGES - i;
        if (left <= 2) {
          continue; // waiting for approval
        }
        Person approver = random.nextBoolean() ? CAROL : DAVE;
        Person second = approver == CAROL ? DAVE : CAROL;
        if (emergency) {
          deploy(
              workspace,
              store,
              clock,
              change.id(),
              tip,
              random,
              clock.now.plus(Duration.ofMinutes(15)),
              true,
              false);
          clock.now = clock.now.plus(Duration.ofHours(20));
          tryApprove(
              workspace,
              store,
              clock,
              change.id(),
              approver,
              "retrospective: the session reset fix was right");
          continue;
        }
        if (i == 14) {
          clock.now = clock.now.plus(Duration.ofHours(5));
          attempt(
              () ->
                  new DecideChange(as(approver, workspace, store, clock))
                      .reject(
                          change.id(),
                          "no test for the halted-venue path; add one and register again"));
          continue;
        }
        clock.now = clock.now.plus(Duration.ofHours(2 + random.nextInt(26)));
        Optional<ChangeRecord> approved =
            tryApprove(
                workspace, store, clock, change.id(), approver, "read the diff and the rollback");
        if (approved.isEmpty()) {
          continue;
        }
        if (approved.get().currentApprovals() < approved.get().requiredApprovals()) {
          tryApprove(workspace, store, clock, change.id(), second, "second approval: HIGH risk");
        }
        if (left <= 4) {
          continue; // approved, waiting for a deployment
        }
        Instant at =
            weekdayMorning(clock.now.plus(Duration.ofHours(12 + random.nextInt(48))), random);
        if (random.nextInt(10) < 3) {
          deploy(
              workspace,
              store,
              clock,
              change.id(),
              tip,
              random,
              at.minus(Duration.ofDays(1)),
              false,
              true);
        }
        boolean fails = i == 5 || i == 11 || i == 19 || i == 27;
        deploy(workspace, store, clock, change.id(), tip, random, at, false, false, fails);
      }
    }
    return registered;
  }

  private void deploy(
      Workspace workspace,
      LedgerStore store,
      SetClock clock,
      String change,
      String tip,
      Random random,
      Instant at,
      boolean emergency,
      boolean uat) {
    deploy(workspace, store, clock, change, tip, random, at, emergency, uat, false);
  }

  private void deploy(
      Workspace workspace,
      LedgerStore store,
      SetClock clock,
      String change,
      String tip,
      Random random,
      Instant at,
      boolean emergency,
      boolean uat,
      boolean fails) {
    Person deployer = DEPLOYERS.get(random.nextInt(DEPLOYERS.size()));
    clock.now = at;
    DeployChange deploy = new DeployChange(as(deployer, workspace, store, clock));
    String environment = uat ? "uat" : "prod";
    Optional<String> started =
        attempt(
            () ->
                deploy
                    .startManual(
                        change,
                        environment,
                        emergency,
                        emergency
                            ? "venue XLON rejects every order after its FIX session reset"
                            : "",
                        Optional.of(tip))
                    .deployment()
                    .id());
    if (started.isEmpty()) {
      return;
    }
    String id = started.get();
    step(
        deploy,
        clock,
        change,
        id,
        Phase.PRE_CHECK,
        "venue connectivity",
        true,
        20 + random.nextInt(40),
        "");
    step(
        deploy,
        clock,
        change,
        id,
        Phase.STEP,
        "deploy the release",
        true,
        120 + random.nextInt(300),
        "");
    step(
        deploy,
        clock,
        change,
        id,
        Phase.POST_CHECK,
        "smoke test",
        !fails,
        30 + random.nextInt(60),
        fails ? "fills rejected by the test venue: p99 latency 2.4 ms over its 1 ms budget" : "");
    clock.now = clock.now.plus(Duration.ofSeconds(30));
    attempt(() -> deploy.finishManual(change, id, !fails));
    if (fails) {
      Duration took = Duration.ofMinutes(8 + random.nextInt(30));
      clock.now = clock.now.plus(Duration.ofMinutes(5)).plus(took);
      attempt(
          () ->
              deploy.recordRollback(
                  change, id, true, took, "redeployed the previous release; fills checked"));
    }
  }

  private static void step(
      DeployChange deploy,
      SetClock clock,
      String change,
      String id,
      Phase phase,
      String name,
      boolean passed,
      int seconds,
      String notes) {
    clock.now = clock.now.plus(Duration.ofSeconds(seconds));
    attempt(
        () ->
            deploy.recordStep(change, id, phase, name, passed, Duration.ofSeconds(seconds), notes));
  }

  private Optional<ChangeRecord> tryApprove(
      Workspace workspace,
      LedgerStore store,
      SetClock clock,
      String change,
      Person approver,
      String comment) {
    clock.now = clock.now.plus(Duration.ofMinutes(7));
    return attempt(
        () ->
            new DecideChange(as(approver, workspace, store, clock))
                .approve(change, comment, List.of()));
  }

  /** The user of a person of the quarter: the demo team works through the team server. */
  private static String user(Person person) {
    String local = person.email().substring(0, person.email().indexOf('@'));
    return local;
  }

  /**
   * A lifecycle acting as {@code person}, authenticated as their ledger user (as the team server
   * does for a token), sharing the parsed entries.
   */
  private Lifecycle as(Person person, Workspace workspace, LedgerStore store, Clock clock) {
    return new Lifecycle(workspace, store, () -> person, clock, cache).authenticated(user(person));
  }

  /** Runs a step of the history; a refusal (already approved, not needed) leaves it out. */
  private static <T> Optional<T> attempt(java.util.function.Supplier<T> action) {
    try {
      return Optional.ofNullable(action.get());
    } catch (ChangeTrailException e) {
      return Optional.empty();
    }
  }

  private static Instant weekdayMorning(Instant around, Random random) {
    Instant day = around.truncatedTo(ChronoUnit.DAYS);
    while (day.atZone(ZoneOffset.UTC).getDayOfWeek().getValue() > DayOfWeek.THURSDAY.getValue()) {
      day = day.plus(Duration.ofDays(1));
    }
    return day.plus(Duration.ofMinutes(9 * 60 + 30 + random.nextInt(150)));
  }

  private String commit(
      GitRepository git, int i, Theme theme, Person author, Instant when, boolean emergency) {
    String name = "Q" + (i + 1);
    String pkg = "com/acme/" + theme.pkg();
    write(
        theme.system() + "/src/main/java/" + pkg + "/tuning/" + name + ".java",
        "package com.acme."
            + theme.pkg()
            + ".tuning;\n\n/** "
            + theme.subject()
            + ". */\n"
            + "public final class "
            + name
            + " {\n  public static final int VERSION = "
            + (i + 1)
            + ";\n}\n");
    write(
        theme.system() + "/src/test/java/" + pkg + "/tuning/" + name + "Test.java",
        "package com.acme."
            + theme.pkg()
            + ".tuning;\n\nclass "
            + name
            + "Test {\n  void holds() {}\n}\n");
    git.stageAll();
    String type = emergency ? "BUGFIX" : theme.type();
    String subject = emergency ? "reconnect to XLON after a FIX session reset" : theme.subject();
    return git.commit(
        message(type, subject, theme.system()), author.name(), author.email(), when.toString());
  }

  private static String message(String type, String subject, String system) {
    return type
        + ": "
        + subject
        + "\n\n"
        + "## Context and Rationale\nThe desk asked for it after last week's review: "
        + subject
        + ".\n\n"
        + "## Changes Made\n### "
        + system
        + "\n- "
        + subject
        + "\n- a unit test for it\n\n"
        + "## Impact Assessment\n- Risk: "
        + system
        + " only; no wire format or limit changes.\n"
        + "- Performance impact: none measured (p99 unchanged at 412 us).\n"
        + "- Integration points: none changed.\n\n"
        + "## Testing and Verification\n- ✅ unit tests of "
        + system
        + " (412 passed)\n"
        + "- ✅ replay of last Tuesday's session: no rejected orders\n"
        + "- ✅ latency regression: p99 412 us\n\n"
        + "## Deployment Information\n### Production Validation\n- [x] fills arrive from every venue\n"
        + "- [x] no limit breaches in the first 15 minutes\n\n"
        + "## Rollback Procedure\n1. Redeploy the previous release of "
        + system
        + ".\n"
        + "2. Verify with the smoke test that fills arrive again.\n";
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
