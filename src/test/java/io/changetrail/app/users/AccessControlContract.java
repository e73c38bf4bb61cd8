package io.changetrail.app.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.ledger.Fact;
import io.changetrail.domain.ledger.SigningKey;
import io.changetrail.domain.lifecycle.Person;
import io.changetrail.ledger.LedgerAuditor;
import io.changetrail.ledger.LedgerStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Users, tokens and sessions on a real database, run unchanged against SQLite and PostgreSQL (a
 * fresh database per test).
 */
abstract class AccessControlContract {
  static final Person ADMIN = new Person("Ada Admin", "ada@example.com");

  @TempDir Path dir;
  String url;
  LedgerStore store;
  MovableClock clock;
  AccessControl access;

  /** A JDBC URL of a new, empty database. */
  abstract String newLedgerUrl(Path dir);

  @BeforeEach
  void open() {
    url = newLedgerUrl(dir);
    store = LedgerStore.open(url);
    clock = new MovableClock(Instant.parse("2026-03-02T09:00:00.123456789Z"));
    access = new AccessControl(store, clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  User alice() {
    return access.addUser(
        "alice",
        "Alice Approver",
        "alice@example.com",
        EnumSet.of(Role.APPROVER, Role.DEVELOPER),
        ADMIN);
  }

  @Test
  void tokenRoundTrip() {
    User alice = alice();
    IssuedToken issued = access.issueToken("alice", "laptop", Optional.empty(), ADMIN);

    assertThat(issued.plaintext()).matches("ct_[0-9a-f]{16}_[A-Za-z0-9_-]{43}");
    assertThat(issued.plaintext()).contains(issued.token().tokenId());
    assertThat(issued.toString()).doesNotContain(issued.plaintext());
    Principal principal = access.authenticate(issued.plaintext()).orElseThrow();
    assertThat(principal.user()).isEqualTo("alice");
    assertThat(principal.person().display()).isEqualTo("Alice Approver <alice@example.com>");
    assertThat(principal.roles()).containsExactlyInAnyOrder(Role.APPROVER, Role.DEVELOPER);
    assertThat(principal.has(Role.APPROVER)).isTrue();
    assertThat(principal.has(Role.ADMIN)).isFalse();
    assertThat(principal.tokenId()).isEqualTo(issued.token().tokenId());
    assertThat(alice.person()).isEqualTo(principal.person());
    assertThat(access.tokens("alice"))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.label()).isEqualTo("laptop");
              assertThat(t.activeAt(clock.instant())).isTrue();
              assertThat(t.expires()).isEmpty();
            });
  }

  @Test
  void aWrongSecretOrAnUnknownIdProvesNothing() {
    alice();
    String token = access.issueToken("alice", "", Optional.empty(), ADMIN).plaintext();
    char last = token.charAt(token.length() - 2);
    String wrongSecret =
        token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(62);
    String unknownId = "ct_0000000000000000" + token.substring(19);

    assertThat(access.authenticate(wrongSecret)).isEmpty();
    assertThat(access.authenticate(unknownId)).isEmpty();
    assertThat(access.authenticate(token)).isPresent();
  }

  @Test
  void garbageNeverAuthenticatesAndNeverThrows() {
    alice();
    String token = access.issueToken("alice", "", Optional.empty(), ADMIN).plaintext();
    List<String> garbage = new ArrayList<>();
    garbage.add(null);
    garbage.addAll(
        List.of(
            "",
            " ",
            "ct_",
            "ct__",
            "ct___",
            "Bearer " + token,
            token + " ",
            " " + token,
            token + "A",
            token.substring(0, token.length() - 1),
            token.toUpperCase(),
            token.replace("ct_", "CT_"),
            token.replace('_', '-'),
            "ct_" + "g".repeat(16) + token.substring(19),
            "ct_' OR '1'='1_" + token.substring(20),
            "ct_%s_%s".formatted(token.substring(3, 19), "=".repeat(43)),
            "ct_%s_%s".formatted(token.substring(3, 19), "é".repeat(43)),
            "\u0000".repeat(63),
            "ct_" + "x".repeat(100_000),
            new String(new byte[] {(byte) 0xff, (byte) 0xfe}, StandardCharsets.ISO_8859_1)));
    for (String presented : garbage) {
      assertThat(access.authenticate(presented)).as(String.valueOf(presented)).isEmpty();
      assertThat(access.session(presented)).as(String.valueOf(presented)).isEmpty();
      assertThat(access.closeSession(presented)).isFalse();
    }
  }

  @Test
  void aRevokedTokenStopsWorkingAndEndsItsSessions() {
    alice();
    IssuedToken issued = access.issueToken("alice", "ci", Optional.empty(), ADMIN);
    IssuedToken other = access.issueToken("alice", "laptop", Optional.empty(), ADMIN);
    Principal principal = access.authenticate(issued.plaintext()).orElseThrow();
    Session session = access.openSession(principal, Duration.ofHours(8));
    assertThat(access.session(session.id())).isPresent();

    TokenInfo revoked = access.revokeToken(issued.token().tokenId(), ADMIN);

    assertThat(revoked.revoked()).contains(clock.instant().truncatedTo(ChronoUnit.MICROS));
    assertThat(access.authenticate(issued.plaintext())).isEmpty();
    assertThat(access.session(session.id())).isEmpty();
    assertThat(access.authenticate(other.plaintext())).isPresent();
    assertThatThrownBy(() -> access.openSession(principal, Duration.ofHours(1)))
        .isInstanceOf(ChangeTrailException.class)
        .hasMessageContaining("no longer valid");
    assertThatThrownBy(() -> access.revokeToken(issued.token().tokenId(), ADMIN))
        .satisfies(e -> assertProblem(e, Problem.REFUSED))
        .hasMessageContaining("already revoked");
    assertThatThrownBy(() -> access.revokeToken("0123456789abcdef", ADMIN))
        .satisfies(e -> assertProblem(e, Problem.UNKNOWN_USER));
  }

  @Test
  void anExpiredTokenAndAnExpiredSessionStopWorking() {
    alice();
    IssuedToken issued = access.issueToken("alice", "", Optional.of(Duration.ofDays(1)), ADMIN);
    assertThat(issued.token().expires())
        .contains(clock.instant().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MICROS));
    Principal principal = access.authenticate(issued.plaintext()).orElseThrow();
    Session shortSession = access.openSession(principal, Duration.ofMinutes(30));
    Session longSession = access.openSession(principal, Duration.ofDays(7));
    assertThat(longSession.expires()).isEqualTo(issued.token().expires().orElseThrow());

    clock.advance(Duration.ofMinutes(30));
    assertThat(access.session(shortSession.id())).isEmpty();
    assertThat(access.session(longSession.id())).isPresent();

    clock.advance(Duration.ofDays(1));
    assertThat(access.authenticate(issued.plaintext())).isEmpty();
    assertThat(access.session(longSession.id())).isEmpty();
    assertThat(access.tokens("alice").get(0).activeAt(clock.instant())).isFalse();
  }

  @Test
  void aDisabledUserCannotAuthenticateAndLosesTokensAndSessions() {
    alice();
    IssuedToken issued = access.issueToken("alice", "", Optional.empty(), ADMIN);
    Session session =
        access.openSession(
            access.authenticate(issued.plaintext()).orElseThrow(), Duration.ofHours(1));

    User disabled = access.disable("alice", ADMIN);

    assertThat(disabled.enabled()).isFalse();
    assertThat(access.authenticate(issued.plaintext())).isEmpty();
    assertThat(access.session(session.id())).isEmpty();
    assertThat(access.tokens("alice").get(0).revoked()).isPresent();
    assertThatThrownBy(() -> access.issueToken("alice", "", Optional.empty(), ADMIN))
        .satisfies(e -> assertProblem(e, Problem.REFUSED));

    access.enable("alice", ADMIN);
    assertThat(access.authenticate(issued.plaintext())).as("old tokens stay revoked").isEmpty();
    String fresh = access.issueToken("alice", "", Optional.empty(), ADMIN).plaintext();
    assertThat(access.authenticate(fresh)).isPresent();
  }

  @Test
  void sessionsWorkAcrossNodesSharingOneDatabase() {
    alice();
    String token = access.issueToken("alice", "", Optional.empty(), ADMIN).plaintext();
    try (LedgerStore otherStore = LedgerStore.open(url)) {
      AccessControl nodeA = access;
      AccessControl nodeB = new AccessControl(otherStore, clock);

      Session session =
          nodeA.openSession(nodeA.authenticate(token).orElseThrow(), Duration.ofHours(8));
      assertThat(session.id()).matches("[A-Za-z0-9_-]{43}");
      assertThat(session.toString())
          .doesNotContain(session.id())
          .doesNotContain(session.csrfToken());

      SessionPrincipal onB = nodeB.session(session.id()).orElseThrow();
      assertThat(onB.principal().user()).isEqualTo("alice");
      assertThat(onB.csrfToken()).isEqualTo(session.csrfToken());
      assertThat(onB.csrfMatches(session.csrfToken())).isTrue();
      assertThat(onB.csrfMatches(session.csrfToken() + "x")).isFalse();
      assertThat(onB.csrfMatches(null)).isFalse();
      assertThat(onB.expires()).isEqualTo(session.expires());

      // roles are read live: a change made on one node shows on the other at once
      nodeB.setRoles("alice", EnumSet.of(Role.AUDITOR), ADMIN);
      assertThat(nodeA.session(session.id()).orElseThrow().principal().roles())
          .containsExactly(Role.AUDITOR);

      assertThat(nodeB.closeSession(session.id())).isTrue();
      assertThat(nodeA.session(session.id())).isEmpty();
      assertThat(nodeA.closeSession(session.id())).isFalse();
    }
  }

  @Test
  void userErrorsSayWhatWasWrong() {
    alice();
    assertThatThrownBy(this::alice)
        .satisfies(e -> assertProblem(e, Problem.CONFLICT))
        .hasMessageContaining("already a user named alice");
    assertThatThrownBy(() -> access.addUser("Bob Smith", "Bob", "bob@example.com", Set.of(), ADMIN))
        .satisfies(e -> assertProblem(e, Problem.INVALID_INPUT))
        .hasMessageContaining("'Bob Smith' is not a valid user name");
    assertThatThrownBy(() -> access.addUser("bob", "Bob", "not-an-email", Set.of(), ADMIN))
        .satisfies(e -> assertProblem(e, Problem.INVALID_INPUT))
        .hasMessageContaining("not an email address");
    assertThatThrownBy(() -> access.addUser("bob", " ", "bob@example.com", Set.of(), ADMIN))
        .satisfies(e -> assertProblem(e, Problem.INVALID_INPUT))
        .hasMessageContaining("display name is empty");
    assertThatThrownBy(() -> access.addUser("bob", "Bob <x>", "bob@example.com", Set.of(), ADMIN))
        .satisfies(e -> assertProblem(e, Problem.INVALID_INPUT));
    assertThatThrownBy(() -> access.issueToken("nobody", "", Optional.empty(), ADMIN))
        .satisfies(e -> assertProblem(e, Problem.UNKNOWN_USER))
        .hasMessageContaining("no user named 'nobody'");
    assertThatThrownBy(() -> access.setRoles("nobody", Set.of(), ADMIN))
        .satisfies(e -> assertProblem(e, Problem.UNKNOWN_USER));
    assertThatThrownBy(() -> access.tokens("nobody"))
        .satisfies(e -> assertProblem(e, Problem.UNKNOWN_USER));
    assertThatThrownBy(
            () -> access.issueToken("alice", "", Optional.of(Duration.ofSeconds(-1)), ADMIN))
        .satisfies(e -> assertProblem(e, Problem.INVALID_INPUT));
    assertThatThrownBy(() -> Role.parse("superuser"))
        .satisfies(e -> assertProblem(e, Problem.INVALID_INPUT))
        .hasMessageContaining("'superuser' is not a role")
        .satisfies(
            e ->
                assertThat(((ChangeTrailException) e).hint())
                    .isEqualTo("the roles are developer, approver, deployer, auditor, admin"));
    assertThat(Role.parseList(" Approver,deployer ")).containsExactly(Role.APPROVER, Role.DEPLOYER);
    assertThat(Role.parseList("none")).isEmpty();
    assertThat(access.users()).extracting(User::name).containsExactly("alice");
  }

  @Test
  void adminManagesUsersButDoesNotApprove() {
    access.addUser("root", "Root Admin", "root@example.com", EnumSet.of(Role.ADMIN), ADMIN);
    String token = access.issueToken("root", "", Optional.empty(), ADMIN).plaintext();
    Principal admin = access.authenticate(token).orElseThrow();

    admin.require(Role.ADMIN);
    assertThat(admin.has(Role.APPROVER)).isFalse();
    assertThatThrownBy(() -> admin.require(Role.APPROVER))
        .satisfies(e -> assertProblem(e, Problem.NOT_PERMITTED))
        .hasMessageContaining("root does not have the approver role");
  }

  @Test
  void everyChangeIsALedgerFactWithoutSecretsAndTheLedgerStillVerifies() throws Exception {
    alice();
    IssuedToken issued = access.issueToken("alice", "ci", Optional.of(Duration.ofDays(30)), ADMIN);
    access.openSession(access.authenticate(issued.plaintext()).orElseThrow(), Duration.ofHours(1));
    access.setRoles("alice", EnumSet.of(Role.DEPLOYER), ADMIN);
    access.setRoles("alice", EnumSet.of(Role.DEPLOYER), ADMIN); // unchanged: not recorded
    access.revokeToken(issued.token().tokenId(), ADMIN);
    access.disable("alice", ADMIN);
    access.enable("alice", ADMIN);

    List<JsonNode> entries = entries();
    assertThat(entries)
        .extracting(e -> e.get("kind").asText())
        .containsExactly(
            "user.added",
            "token.issued",
            "user.roles",
            "token.revoked",
            "user.disabled",
            "user.enabled");
    assertThat(entries)
        .allSatisfy(
            e -> {
              assertThat(e.get("actor").asText()).isEqualTo("Ada Admin <ada@example.com>");
              assertThat(e.get("change").asText()).isEmpty();
            });
    assertThat(entries.get(0).get("data").toString())
        .isEqualTo(
            "{\"displayName\":\"Alice Approver\",\"email\":\"alice@example.com\","
                + "\"roles\":[\"APPROVER\",\"DEVELOPER\"],\"user\":\"alice\"}");
    assertThat(entries.get(1).at("/data/token").asText()).isEqualTo(issued.token().tokenId());
    assertThat(entries.get(1).at("/data/expires").asText())
        .startsWith("2026-04-01T09:00:00.123456");
    assertThat(entries.get(2).at("/data/previous").toString())
        .isEqualTo("[\"APPROVER\",\"DEVELOPER\"]");
    assertThat(entries.get(2).at("/data/roles").toString()).isEqualTo("[\"DEPLOYER\"]");
    assertThat(entries.get(3).at("/data/sessionsEnded").asInt()).isEqualTo(1);
    assertThat(entries.get(4).at("/data/tokensRevoked")).isEmpty();

    String secret = issued.plaintext().substring(20);
    byte[] hash = AccessControl.sha256(Base64.getUrlDecoder().decode(secret));
    String everything = entries.toString();
    assertThat(everything).doesNotContain(secret);
    assertThat(everything)
        .doesNotContain(HexFormat.of().formatHex(hash))
        .doesNotContain(Base64.getEncoder().encodeToString(hash))
        .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(hash));

    LedgerAuditor auditor = new LedgerAuditor(store);
    SigningKey key = SigningKey.generate("example.com/ledger");
    auditor.checkpoint(key);
    assertThat(auditor.verify(key.verifier(), List.of()).ok()).isTrue();
  }

  @Test
  void aFailedChangeLeavesNeitherRowNorFact() {
    alice();
    long before = store.read(LedgerStore.Reader::size);
    assertThatThrownBy(this::alice).isInstanceOf(ChangeTrailException.class);
    assertThatThrownBy(() -> access.disable("nobody", ADMIN))
        .isInstanceOf(ChangeTrailException.class);
    assertThat(store.read(LedgerStore.Reader::size)).isEqualTo(before);
    assertThat(access.users()).hasSize(1);
  }

  @Test
  void concurrentIssuesAndRevocationsKeepRowsAndFactsInStep() throws Exception {
    alice();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (LedgerStore otherStore = LedgerStore.open(url)) {
      AccessControl nodeB = new AccessControl(otherStore, clock);
      List<Future<?>> work = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        AccessControl node = i % 2 == 0 ? access : nodeB;
        work.add(
            pool.submit(
                () -> {
                  IssuedToken issued = node.issueToken("alice", "", Optional.empty(), ADMIN);
                  node.revokeToken(issued.token().tokenId(), ADMIN);
                }));
      }
      for (Future<?> future : work) {
        future.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(access.tokens("alice"))
        .hasSize(12)
        .allSatisfy(t -> assertThat(t.revoked()).isPresent());
    List<JsonNode> entries = entries();
    assertThat(entries).hasSize(1 + 24);
    assertThat(entries.stream().filter(e -> e.get("kind").asText().equals("token.revoked")))
        .hasSize(12);
  }

  @Test
  void aLedgerFromBeforeTheAccessTablesGainsThemWhenOpened() throws Exception {
    store.append(new Fact("Bob <bob@example.com>", "note", "", null));
    store.close();
    io.changetrail.testing.LegacySchema.rollBackTo(url, 1); // before the access tables
    store = LedgerStore.open(url);
    access = new AccessControl(store, clock);

    alice();
    assertThat(entries())
        .extracting(e -> e.get("kind").asText())
        .containsExactly("note", "user.added");
  }

  @Test
  void aUserHasOtherEmailsStoredRecordedAndReplaced() throws Exception {
    User rita =
        access.addUser(
            "rita",
            "Rita Risk",
            "rita@example.com",
            List.of("rita@home.example", " R.Risk@Old.Example "),
            EnumSet.of(Role.APPROVER),
            ADMIN);
    assertThat(rita.emails()).containsExactly("rita@home.example", "R.Risk@Old.Example");
    assertThat(access.user("rita").emails())
        .containsExactly("rita@home.example", "R.Risk@Old.Example");
    assertThat(access.users()).singleElement().satisfies(u -> assertThat(u.emails()).hasSize(2));

    User updated =
        access.updateUser(
            "rita",
            Optional.empty(),
            Optional.of("rita@new.example"),
            Optional.of(List.of("rita@example.com")),
            ADMIN);
    assertThat(updated.person().display()).isEqualTo("Rita Risk <rita@new.example>");
    assertThat(access.user("rita").emails()).containsExactly("rita@example.com");
    assertThat(access.setRoles("rita", EnumSet.of(Role.DEPLOYER), ADMIN).emails())
        .containsExactly("rita@example.com");
    int before = entries().size();
    access.updateUser("rita", Optional.empty(), Optional.empty(), Optional.empty(), ADMIN);
    assertThat(entries()).as("nothing changed: nothing recorded").hasSize(before);

    List<JsonNode> entries = entries();
    assertThat(entries.get(0).at("/data/emails").toString())
        .isEqualTo("[\"rita@home.example\",\"R.Risk@Old.Example\"]");
    JsonNode change = entries.get(1);
    assertThat(change.get("kind").asText()).isEqualTo("user.updated");
    assertThat(change.at("/data/email").asText()).isEqualTo("rita@new.example");
    assertThat(change.at("/data/emails/0").asText()).isEqualTo("rita@example.com");
    assertThat(change.at("/data/previous/email").asText()).isEqualTo("rita@example.com");
    assertThat(change.at("/data/previous/emails")).hasSize(2);
  }

  @Test
  void anEmailBelongsToOneUserOnly() {
    alice();
    assertThatThrownBy(
            () ->
                access.addUser(
                    "bob",
                    "Bob",
                    "bob@example.com",
                    List.of("ALICE@example.com"),
                    EnumSet.noneOf(Role.class),
                    ADMIN))
        .satisfies(e -> assertProblem(e, Problem.CONFLICT))
        .hasMessageContaining("ALICE@example.com is already an email of user alice");
    access.addUser("bob", "Bob", "bob@example.com", List.of("bob@home.example"), Set.of(), ADMIN);
    assertThatThrownBy(
            () ->
                access.updateUser(
                    "alice",
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(List.of("bob@home.example")),
                    ADMIN))
        .satisfies(e -> assertProblem(e, Problem.CONFLICT))
        .hasMessageContaining("is already an email of user bob");
    assertThatThrownBy(
            () ->
                access.updateUser(
                    "alice",
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(List.of("alice@example.com")),
                    ADMIN))
        .satisfies(e -> assertProblem(e, Problem.INVALID_INPUT))
        .hasMessageContaining("is the user's primary email");
    assertThatThrownBy(
            () ->
                access.updateUser(
                    "alice",
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(List.of("not an email")),
                    ADMIN))
        .satisfies(e -> assertProblem(e, Problem.INVALID_INPUT));
    assertThat(access.user("alice").emails()).isEmpty();
  }

  @Test
  void aLedgerFromBeforeOtherEmailsGainsThemWhenOpened() throws Exception {
    alice();
    store.close();
    io.changetrail.testing.LegacySchema.rollBackTo(url, 2); // before other emails
    store = LedgerStore.open(url);
    access = new AccessControl(store, clock);

    assertThat(access.user("alice").email()).isEqualTo("alice@example.com");
    assertThat(access.user("alice").emails()).isEmpty();
    access.updateUser(
        "alice", Optional.empty(), Optional.empty(), Optional.of(List.of("a@home.example")), ADMIN);
    assertThat(access.user("alice").emails()).containsExactly("a@home.example");
  }

  List<JsonNode> entries() throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<byte[]> raw =
        store.read(
            reader -> {
              List<byte[]> all = new ArrayList<>();
              reader.entries(0, reader.size(), (index, bytes, leaf) -> all.add(bytes));
              return all;
            });
    List<JsonNode> entries = new ArrayList<>();
    for (byte[] bytes : raw) {
      entries.add(json.readTree(bytes));
    }
    return entries;
  }

  static void assertProblem(Throwable e, Problem problem) {
    assertThat(e).isInstanceOf(ChangeTrailException.class);
    assertThat(((ChangeTrailException) e).problem()).isEqualTo(problem);
  }
}
