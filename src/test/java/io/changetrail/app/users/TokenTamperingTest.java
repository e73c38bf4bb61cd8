package io.changetrail.app.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.domain.lifecycle.Person;
import io.changetrail.ledger.LedgerStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The law of tokens and session ids: only the exact string issued proves anything; any other
 * string, however close, proves nothing and never raises an error. On one real SQLite ledger.
 */
class TokenTamperingTest {
  private static Path dir;
  private static LedgerStore store;
  private static AccessControl access;
  private static String token;
  private static String sessionId;

  @BeforeContainer
  static void issueOneToken() {
    try {
      dir = Files.createTempDirectory("changetrail-tokens-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    store = LedgerStore.open("jdbc:sqlite:" + dir.resolve("ledger.db"));
    access = new AccessControl(store, Clock.systemUTC());
    Person admin = new Person("Ada", "ada@example.com");
    access.addUser("alice", "Alice", "alice@example.com", EnumSet.of(Role.DEVELOPER), admin);
    token = access.issueToken("alice", "", Optional.empty(), admin).plaintext();
    sessionId =
        access.openSession(access.authenticate(token).orElseThrow(), Duration.ofHours(1)).id();
  }

  @AfterContainer
  static void removeLedger() throws IOException {
    store.close();
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Property(tries = 300)
  void changingOneCharacterOfATokenProvesNothing(
      @ForAll @IntRange(min = 0, max = 62) int position, @ForAll("tokenCharacters") char c) {
    String tampered = token.substring(0, position) + c + token.substring(position + 1);
    if (!tampered.equals(token)) {
      assertThat(access.authenticate(tampered)).isEmpty();
    }
  }

  @Property(tries = 300)
  void changingOneCharacterOfASessionIdFindsNothing(
      @ForAll @IntRange(min = 0, max = 42) int position, @ForAll("tokenCharacters") char c) {
    String tampered = sessionId.substring(0, position) + c + sessionId.substring(position + 1);
    if (!tampered.equals(sessionId)) {
      assertThat(access.session(tampered)).isEmpty();
    }
  }

  @Property(tries = 500)
  void anyStringIsRejectedQuietly(@ForAll("garbage") String presented) {
    assertThat(access.authenticate(presented)).isEmpty();
    assertThat(access.session(presented)).isEmpty();
  }

  @Property(tries = 1)
  void theIssuedStringsStillWork() {
    assertThat(access.authenticate(token)).isPresent();
    assertThat(access.session(sessionId)).isPresent();
  }

  @Provide
  Arbitrary<Character> tokenCharacters() {
    return Arbitraries.oneOf(
        Arbitraries.chars().alpha().numeric().with('_', '-'), Arbitraries.chars().all());
  }

  @Provide
  Arbitrary<String> garbage() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(200),
        Arbitraries.strings().withChars("ct_0123456789abcdefABC-").ofMinLength(40).ofMaxLength(70),
        Arbitraries.strings().alpha().numeric().withChars('_', '-').ofLength(43),
        Arbitraries.strings()
            .alpha()
            .numeric()
            .withChars('_', '-')
            .ofLength(43)
            .map(s -> "ct_" + token.substring(3, 19) + "_" + s));
  }
}
