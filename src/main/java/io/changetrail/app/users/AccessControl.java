package io.changetrail.app.users;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.event.LedgerEvent;
import io.changetrail.domain.ledger.Fact;
import io.changetrail.domain.ledger.LedgerEntry;
import io.changetrail.domain.lifecycle.Person;
import io.changetrail.ledger.AccessStore;
import io.changetrail.ledger.AccessStore.StoredSession;
import io.changetrail.ledger.AccessStore.StoredToken;
import io.changetrail.ledger.AccessStore.StoredUser;
import io.changetrail.ledger.LedgerStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The team server's users, roles, API tokens and web sessions: who may act, and as whom. Every
 * change to a user or token is also a ledger fact (see {@link AccessEventKind}) written in the same
 * transaction, so the audit trail shows who granted what. Secrets are shown once and stored only as
 * SHA-256 hashes. Holds no state of its own: share one across threads and server nodes.
 */
public final class AccessControl {
  /** {@code ct_<16 hex digits>_<43 base64url characters>}. */
  static final String TOKEN_PREFIX = "ct_";

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Pattern EMAIL = Pattern.compile("[^\\s<>@,]+@[^\\s<>@,]+");
  private static final Pattern TOKEN_ID = Pattern.compile("[0-9a-f]{16}");
  private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final int SECRET_BYTES = 32;
  private static final int MAX_TEXT = 200;
  private static final byte[] NO_HASH = new byte[32];

  private final AccessStore store;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public AccessControl(LedgerStore ledger, Clock clock) {
    this.store = new AccessStore(ledger);
    this.clock = clock;
  }

  // ---- users

  /** Adds a user; the ledger records {@code actor} adding them with these roles. */
  public User addUser(
      String name, String displayName, String email, Set<Role> roles, Person actor) {
    return addUser(name, displayName, email, List.of(), roles, actor);
  }

  /**
   * Adds a user with other emails besides the primary one (each is the same person: approvals from
   * two of them count once); the ledger records {@code actor} adding them.
   */
  public User addUser(
      String name,
      String displayName,
      String email,
      List<String> otherEmails,
      Set<Role> roles,
      Person actor) {
    checkName(name);
    String display = checkText("display name", displayName, false);
    checkEmail(email);
    List<String> others = checkOtherEmails(email.strip(), otherEmails);
    Instant now = now();
    StoredUser user =
        new StoredUser(name, display, email.strip(), labels(roles), now, Optional.empty(), others);
    store.change(
        changes -> {
          if (changes.user(name).isPresent()) {
            throw new ChangeTrailException(
                Problem.CONFLICT,
                "there is already a user named " + name,
                "choose another name, or change their roles with 'changetrail users roles "
                    + name
                    + " ROLES'");
          }
          checkEmailsFree(changes.users(), user);
          changes.addUser(user);
          return changes.record(
              fact(
                  actor,
                  new LedgerEvent.UserAdded(
                      name,
                      user.displayName(),
                      user.email(),
                      others.isEmpty() ? Optional.empty() : Optional.of(others),
                      user.roles(),
                      Map.of())));
        });
    return toUser(user);
  }

  /**
   * Changes who a user is: their display name, primary email and other emails (each empty Optional
   * keeps what they have). Recorded as {@code user.updated} with the values before; nothing is
   * recorded when nothing changes.
   */
  public User updateUser(
      String name,
      Optional<String> displayName,
      Optional<String> email,
      Optional<List<String>> otherEmails,
      Person actor) {
    return update(name, displayName, email, before -> otherEmails, actor);
  }

  private User update(
      String name,
      Optional<String> displayName,
      Optional<String> email,
      java.util.function.Function<StoredUser, Optional<List<String>>> otherEmails,
      Person actor) {
    Optional<String> display = displayName.map(d -> checkText("display name", d, false));
    email.ifPresent(AccessControl::checkEmail);
    return store.change(
        changes -> {
          StoredUser before = changes.user(name).orElseThrow(() -> unknownUser(name));
          String primary = email.map(String::strip).orElse(before.email());
          List<String> others =
              checkOtherEmails(
                  primary,
                  otherEmails
                      .apply(before)
                      .orElse(
                          before.emails().stream()
                              .filter(e -> !e.equalsIgnoreCase(primary))
                              .toList()));
          StoredUser after = before.with(display.orElse(before.displayName()), primary, others);
          if (after.equals(before)) {
            return toUser(before);
          }
          checkEmailsFree(changes.users(), after);
          changes.setIdentity(name, after.displayName(), after.email(), after.emails());
          Map<String, Object> previous = new LinkedHashMap<>();
          previous.put("displayName", before.displayName());
          previous.put("email", before.email());
          previous.put("emails", before.emails());
          changes.record(
              fact(
                  actor,
                  new LedgerEvent.UserUpdated(
                      name,
                      after.displayName(),
                      after.email(),
                      after.emails(),
                      previous,
                      Map.of())));
          return toUser(after);
        });
  }

  /**
   * Adds and removes other emails of a user (the primary one is changed with {@link #updateUser}).
   * Recorded as {@code user.updated} with the emails before; an email already the user's is not
   * added twice, and removing one they do not have, or their primary email, is refused.
   */
  public User changeEmails(String name, List<String> add, List<String> remove, Person actor) {
    if (add.isEmpty() && remove.isEmpty()) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "no email to add or remove for user " + name,
          "name one: --add-email EMAIL or --remove-email EMAIL (API: {\"add\": [...],"
              + " \"remove\": [...]})");
    }
    add.forEach(AccessControl::checkEmail);
    return update(
        name,
        Optional.empty(),
        Optional.empty(),
        before -> {
          List<String> others = new ArrayList<>(before.emails());
          for (String email : remove) {
            String value = email == null ? "" : email.strip();
            if (value.equalsIgnoreCase(before.email())) {
              throw new ChangeTrailException(
                  Problem.INVALID_INPUT,
                  value + " is the primary email of user " + name + ": it cannot be removed",
                  "give them another primary email first: changetrail users update "
                      + name
                      + " --email NEW");
            }
            if (!others.removeIf(value::equalsIgnoreCase)) {
              throw new ChangeTrailException(
                  Problem.INVALID_INPUT,
                  value + " is not an email of user " + name,
                  "see their emails with 'changetrail users list'");
            }
          }
          for (String email : add) {
            String value = email.strip();
            if (!value.equalsIgnoreCase(before.email())
                && others.stream().noneMatch(value::equalsIgnoreCase)) {
              others.add(value);
            }
          }
          return Optional.of(others);
        },
        actor);
  }

  /** The other emails, valid, stripped, distinct and none the primary one. */
  private static List<String> checkOtherEmails(String primary, List<String> emails) {
    List<String> checked = new ArrayList<>();
    for (String email : emails) {
      checkEmail(email);
      String value = email.strip();
      if (value.equalsIgnoreCase(primary)) {
        throw new ChangeTrailException(
            Problem.INVALID_INPUT,
            value + " is the user's primary email, not another one",
            "list only their other emails (the ones they also commit or sign with)");
      }
      if (checked.stream().anyMatch(value::equalsIgnoreCase)) {
        throw new ChangeTrailException(
            Problem.INVALID_INPUT, value + " is listed twice", "list each email once");
      }
      checked.add(value);
    }
    if (checked.size() > 20 || String.join(",", checked).length() > 2000) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "too many other emails (" + checked.size() + ")",
          "list at most 20, together at most 2000 characters");
    }
    return checked;
  }

  /** Refuses an email of {@code user} that is already another user's (one person, one user). */
  private static void checkEmailsFree(List<StoredUser> users, StoredUser user) {
    List<String> mine = new ArrayList<>();
    mine.add(user.email());
    mine.addAll(user.emails());
    for (StoredUser other : users) {
      if (other.name().equals(user.name())) {
        continue;
      }
      List<String> theirs = new ArrayList<>();
      theirs.add(other.email());
      theirs.addAll(other.emails());
      for (String email : mine) {
        if (theirs.stream().anyMatch(email::equalsIgnoreCase)) {
          throw new ChangeTrailException(
              Problem.CONFLICT,
              email + " is already an email of user " + other.name(),
              "one person is one user: add the email to "
                  + other.name()
                  + " ('changetrail users update "
                  + other.name()
                  + " --other-emails ...'), or give another");
        }
      }
    }
  }

  /** Replaces a user's roles (nothing is recorded when they stay the same). */
  public User setRoles(String name, Set<Role> roles, Person actor) {
    List<String> wanted = labels(roles);
    return store.change(
        changes -> {
          StoredUser before = changes.user(name).orElseThrow(() -> unknownUser(name));
          if (before.roles().equals(wanted)) {
            return toUser(before);
          }
          changes.setRoles(name, wanted);
          changes.record(
              fact(actor, new LedgerEvent.UserRoles(name, wanted, before.roles(), Map.of())));
          return toUser(
              new StoredUser(
                  name,
                  before.displayName(),
                  before.email(),
                  wanted,
                  before.created(),
                  before.disabled(),
                  before.emails()));
        });
  }

  /**
   * Disables a user: their tokens are revoked and their sessions end at once (enabling them again
   * does not bring those back).
   */
  public User disable(String name, Person actor) {
    Instant now = now();
    return store.change(
        changes -> {
          StoredUser before = changes.user(name).orElseThrow(() -> unknownUser(name));
          if (before.disabled().isPresent()) {
            throw new ChangeTrailException(
                Problem.REFUSED,
                "user " + name + " is already disabled",
                "enable them with 'changetrail users enable " + name + "'");
          }
          List<String> revoked = new ArrayList<>();
          int sessions = 0;
          for (StoredToken token : changes.tokens(name)) {
            if (token.revoked().isEmpty()) {
              sessions += changes.revokeToken(token.tokenId(), now);
              revoked.add(token.tokenId());
            }
          }
          changes.setDisabled(name, Optional.of(now));
          changes.record(
              fact(actor, new LedgerEvent.UserDisabled(name, revoked, sessions, Map.of())));
          return toUser(
              new StoredUser(
                  name,
                  before.displayName(),
                  before.email(),
                  before.roles(),
                  before.created(),
                  Optional.of(now),
                  before.emails()));
        });
  }

  /** Enables a disabled user again; they need new tokens. */
  public User enable(String name, Person actor) {
    return store.change(
        changes -> {
          StoredUser before = changes.user(name).orElseThrow(() -> unknownUser(name));
          if (before.disabled().isEmpty()) {
            throw new ChangeTrailException(
                Problem.REFUSED, "user " + name + " is not disabled", "");
          }
          changes.setDisabled(name, Optional.empty());
          changes.record(fact(actor, new LedgerEvent.UserEnabled(name, Map.of())));
          return toUser(
              new StoredUser(
                  name,
                  before.displayName(),
                  before.email(),
                  before.roles(),
                  before.created(),
                  Optional.empty(),
                  before.emails()));
        });
  }

  /** One user; an unknown name is an error that says so. */
  public User user(String name) {
    return store.user(name).map(AccessControl::toUser).orElseThrow(() -> unknownUser(name));
  }

  /** Every user, by name. */
  public List<User> users() {
    return store.users().stream().map(AccessControl::toUser).toList();
  }

  // ---- tokens

  /**
   * Issues an API token for {@code user}, valid for {@code ttl} (or until revoked); the plaintext
   * is in the result and nowhere else.
   */
  public IssuedToken issueToken(String user, String label, Optional<Duration> ttl, Person actor) {
    String checkedLabel = checkText("label", label == null ? "" : label, true);
    if (ttl.isPresent() && (ttl.get().isNegative() || ttl.get().isZero())) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "a token must live for a positive time, not " + ttl.get(),
          "give a lifetime such as 30d or 12h, or none for a token that lives until revoked");
    }
    Instant now = now();
    Optional<Instant> expires = ttl.map(now::plus).map(t -> t.truncatedTo(ChronoUnit.MICROS));
    byte[] secret = randomBytes(SECRET_BYTES);
    String tokenId = HexFormat.of().formatHex(randomBytes(8));
    String plaintext =
        TOKEN_PREFIX
            + tokenId
            + "_"
            + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    StoredToken token =
        new StoredToken(
            tokenId, user, checkedLabel, sha256(secret), now, expires, Optional.empty());
    store.change(
        changes -> {
          StoredUser owner = changes.user(user).orElseThrow(() -> unknownUser(user));
          if (owner.disabled().isPresent()) {
            throw new ChangeTrailException(
                Problem.REFUSED,
                "user " + user + " is disabled: no token can be issued for them",
                "enable them first with 'changetrail users enable " + user + "'");
          }
          changes.addToken(token);
          return changes.record(
              fact(
                  actor,
                  new LedgerEvent.TokenIssued(
                      user,
                      tokenId,
                      checkedLabel,
                      expires.map(LedgerEntry.TIME::format),
                      Map.of())));
        });
    return new IssuedToken(toInfo(token), plaintext);
  }

  /** Revokes a token; the sessions opened with it end too. */
  public TokenInfo revokeToken(String tokenId, Person actor) {
    Instant now = now();
    return store.change(
        changes -> {
          StoredToken token =
              changes
                  .token(tokenId == null ? "" : tokenId.strip())
                  .orElseThrow(() -> unknownToken(tokenId));
          if (token.revoked().isPresent()) {
            throw new ChangeTrailException(
                Problem.REFUSED,
                "token " + token.tokenId() + " was already revoked",
                "list the tokens with 'changetrail users tokens " + token.user() + "'");
          }
          int sessions = changes.revokeToken(token.tokenId(), now);
          changes.record(
              fact(
                  actor,
                  new LedgerEvent.TokenRevoked(
                      token.user(), token.tokenId(), token.label(), sessions, Map.of())));
          return new TokenInfo(
              token.tokenId(),
              token.user(),
              token.label(),
              token.created(),
              token.expires(),
              Optional.of(now));
        });
  }

  /** The tokens of a user, oldest first, revoked and expired ones included. */
  public List<TokenInfo> tokens(String user) {
    if (store.user(user).isEmpty()) {
      throw unknownUser(user);
    }
    return store.tokens(user).stream().map(AccessControl::toInfo).toList();
  }

  /**
   * Who {@code presentedToken} proves to be: empty when it is malformed, unknown, wrong, revoked or
   * expired, or its user disabled. Never throws on bad input; a database that cannot be reached is
   * still an error.
   */
  public Optional<Principal> authenticate(String presentedToken) {
    Optional<ParsedToken> parsed = ParsedToken.parse(presentedToken);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    Optional<AccessStore.Credential> found = store.credential(parsed.get().tokenId());
    byte[] expected = found.map(c -> c.token().secretHash()).orElse(NO_HASH);
    boolean matches = MessageDigest.isEqual(expected, sha256(parsed.get().secret()));
    if (found.isEmpty() || !matches) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    StoredToken token = found.get().token();
    StoredUser user = found.get().user();
    if (!toInfo(token).activeAt(now) || user.disabled().isPresent()) {
      return Optional.empty();
    }
    return Optional.of(principal(user, token));
  }

  // ---- sessions

  /**
   * Opens a web session for an authenticated principal, for {@code ttl} but never beyond the expiry
   * of the token it was opened with. Refused when that token was revoked or the user disabled
   * since.
   */
  public Session openSession(Principal principal, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT, "a session must live for a positive time, not " + ttl, "");
    }
    Instant now = now();
    Optional<Instant> tokenExpires =
        store.credential(principal.tokenId()).flatMap(c -> c.token().expires());
    Instant expires = now.plus(ttl);
    if (tokenExpires.isPresent() && tokenExpires.get().isBefore(expires)) {
      expires = tokenExpires.get();
    }
    byte[] id = randomBytes(SECRET_BYTES);
    String csrf = base64(randomBytes(SECRET_BYTES));
    boolean opened =
        store.openSession(
            sha256(id),
            new StoredSession(principal.user(), principal.tokenId(), csrf, now, expires),
            now);
    if (!opened) {
      throw new ChangeTrailException(
          Problem.REFUSED,
          "the token " + principal.tokenId() + " of " + principal.user() + " is no longer valid",
          "sign in again with a valid token");
    }
    return new Session(base64(id), csrf, expires);
  }

  /**
   * The session {@code sessionId} names: empty when it is malformed, unknown, closed or expired,
   * its token revoked or expired, or its user disabled. Roles are the user's current ones.
   */
  public Optional<SessionPrincipal> session(String sessionId) {
    Optional<byte[]> id = decodeSecret(sessionId);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    Optional<AccessStore.SessionCredential> found = store.session(sha256(id.get()));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    StoredSession session = found.get().session();
    StoredToken token = found.get().token();
    StoredUser user = found.get().user();
    if (!now.isBefore(session.expires())
        || !toInfo(token).activeAt(now)
        || user.disabled().isPresent()) {
      return Optional.empty();
    }
    return Optional.of(
        new SessionPrincipal(principal(user, token), session.csrfToken(), session.expires()));
  }

  /** Ends a session (sign-out); returns whether there was one. */
  public boolean closeSession(String sessionId) {
    Optional<byte[]> id = decodeSecret(sessionId);
    return id.isPresent() && store.closeSession(sha256(id.get()));
  }

  // ---- helpers

  /** A presented token split into its id and decoded secret. */
  private record ParsedToken(String tokenId, byte[] secret) {
    static Optional<ParsedToken> parse(String text) {
      if (text == null
          || text.length() != TOKEN_PREFIX.length() + 16 + 1 + 43
          || !text.startsWith(TOKEN_PREFIX)
          || text.charAt(TOKEN_PREFIX.length() + 16) != '_') {
        return Optional.empty();
      }
      String tokenId = text.substring(TOKEN_PREFIX.length(), TOKEN_PREFIX.length() + 16);
      if (!TOKEN_ID.matcher(tokenId).matches()) {
        return Optional.empty();
      }
      return decodeSecret(text.substring(TOKEN_PREFIX.length() + 17))
          .map(secret -> new ParsedToken(tokenId, secret));
    }
  }

  private static Optional<byte[]> decodeSecret(String text) {
    if (text == null || !SECRET.matcher(text).matches()) {
      return Optional.empty();
    }
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(text);
      // only the canonical encoding: the decoder ignores the last character's two spare bits,
      // and a string that differs from the one issued must prove nothing
      return bytes.length == SECRET_BYTES && base64(bytes).equals(text)
          ? Optional.of(bytes)
          : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    random.nextBytes(bytes);
    return bytes;
  }

  private static String base64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static Fact fact(Person actor, LedgerEvent event) {
    String who = actor == null ? "" : actor.display();
    if (who.isBlank()) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "cannot tell who is making this change",
          "set git's user.name and user.email, or CHANGETRAIL_USER='Name <email>'");
    }
    return event.fact(who, "");
  }

  private static Principal principal(StoredUser user, StoredToken token) {
    User found = toUser(user);
    return new Principal(found.name(), found.person(), found.roles(), token.tokenId());
  }

  private static User toUser(StoredUser user) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String role : user.roles()) {
      for (Role known : Role.values()) {
        if (known.name().equals(role)) {
          roles.add(known); // a role only a newer changetrail knows grants nothing here
        }
      }
    }
    return new User(
        user.name(),
        user.displayName(),
        user.email(),
        roles,
        user.created(),
        user.disabled(),
        user.emails());
  }

  private static TokenInfo toInfo(StoredToken token) {
    return new TokenInfo(
        token.tokenId(),
        token.user(),
        token.label(),
        token.created(),
        token.expires(),
        token.revoked());
  }

  private static List<String> labels(Set<Role> roles) {
    return roles.stream().map(Role::name).sorted().toList();
  }

  private static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "'" + (name == null ? "" : name) + "' is not a valid user name",
          "use 1 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter or"
              + " digit (e.g. alice or j.smith)");
    }
  }

  private static void checkEmail(String email) {
    String value = email == null ? "" : email.strip();
    if (value.length() > 320 || !EMAIL.matcher(value).matches()) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "'" + value + "' is not an email address",
          "give the address the user commits with (git config user.email), e.g."
              + " alice@example.com: segregation of duties compares it with commit authors");
    }
  }

  private static String checkText(String what, String text, boolean mayBeEmpty) {
    String value = text == null ? "" : text.strip();
    if (value.isEmpty() && !mayBeEmpty) {
      throw new ChangeTrailException(Problem.INVALID_INPUT, "the " + what + " is empty", "");
    }
    if (value.length() > MAX_TEXT
        || value.chars().anyMatch(c -> Character.isISOControl(c) || c == '<' || c == '>')) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "the " + what + " '" + value + "' is not allowed",
          "use at most " + MAX_TEXT + " characters, without '<', '>' or line breaks");
    }
    return value;
  }

  private static ChangeTrailException unknownUser(String name) {
    return new ChangeTrailException(
        Problem.UNKNOWN_USER,
        "there is no user named '" + name + "'",
        "list the users with 'changetrail users list'");
  }

  private static ChangeTrailException unknownToken(String tokenId) {
    return new ChangeTrailException(
        Problem.UNKNOWN_USER,
        "there is no API token with id '" + tokenId + "'",
        "list a user's tokens with 'changetrail users tokens NAME'");
  }
}
