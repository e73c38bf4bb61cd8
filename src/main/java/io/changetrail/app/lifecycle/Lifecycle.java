package io.changetrail.app.lifecycle;

import io.changetrail.app.Workspace;
import io.changetrail.app.config.LifecycleConfig;
import io.changetrail.app.users.AccessControl;
import io.changetrail.app.users.Role;
import io.changetrail.app.users.User;
import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.ledger.Fact;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.lifecycle.Identities;
import io.changetrail.domain.lifecycle.Person;
import io.changetrail.ledger.LedgerStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every lifecycle use case works with: the repository, its change-control settings, the
 * ledger, and who is acting. Opened once per command; closes the ledger.
 */
public final class Lifecycle implements AutoCloseable {
  private final Workspace workspace;
  private final LifecycleConfig config;
  private final ChangeLedger ledger;
  private final java.util.function.Supplier<Person> actorSource;
  private final Clock clock;
  private Person actor;
  private boolean authenticated;
  private String authenticatedUser = "";
  private boolean ownsStore = true;
  private Identities identities;
  private Decider decider;

  /**
   * Who decides, as established: the canonical person, how their identity was established ({@link
   * ChangeRecord#ASSERTED}, {@link ChangeRecord#ASSERTED_USER}, {@link ChangeRecord#TOKEN}) and the
   * ledger user they are (empty without users).
   */
  public record Decider(Person person, String source, String user) {
    /** The {@code identity} node recorded in each decision's ledger entry. */
    public Map<String, Object> node() {
      Map<String, Object> node = new LinkedHashMap<>();
      node.put("source", source);
      if (!user.isEmpty()) {
        node.put("user", user);
      }
      return node;
    }
  }

  public Lifecycle(Workspace workspace, LedgerStore store, Person actor, Clock clock) {
    this(workspace, store, () -> actor, clock);
  }

  /**
   * @param actor who is acting, asked for only when a use case records something: reading needs no
   *     identity
   */
  public Lifecycle(
      Workspace workspace,
      LedgerStore store,
      java.util.function.Supplier<Person> actor,
      Clock clock) {
    this(workspace, store, actor, clock, null);
  }

  /**
   * @param cache parsed ledger entries shared by the requests of a server node; null to read the
   *     ledger anew
   */
  public Lifecycle(
      Workspace workspace,
      LedgerStore store,
      java.util.function.Supplier<Person> actor,
      Clock clock,
      EntryCache cache) {
    this.workspace = workspace;
    this.config = workspace.lifecycle();
    this.ledger = new ChangeLedger(store, config.approvals(), clock, cache);
    this.ledger.identities(this::identities);
    this.actorSource = actor;
    this.clock = clock;
  }

  /**
   * Marks the store as borrowed (a server node's shared, pooled store): {@link #close()} then
   * leaves it open, so a use case that closes its lifecycle cannot take the node down.
   */
  public Lifecycle borrowed() {
    this.ownsStore = false;
    return this;
  }

  /**
   * Marks the actor as authenticated by the team server (an API token of a user): the decisions of
   * this lifecycle record identity source {@code token}.
   */
  public Lifecycle authenticated(String user) {
    this.authenticated = true;
    this.authenticatedUser = user;
    return this;
  }

  /**
   * The identities of this repository and ledger: the {@code .mailmap} of the work tree and the
   * ledger's users. Read once per lifecycle.
   */
  public Identities identities() {
    if (identities == null) {
      identities = identitiesOf(workspace.git().root(), ledger.store(), clock);
    }
    return identities;
  }

  /** The identities of the repository at {@code root} and of the ledger {@code store}. */
  public static Identities identitiesOf(Path root, LedgerStore store, Clock clock) {
    List<Identities.Known> users =
        new AccessControl(store, clock)
            .users().stream()
                .map(u -> new Identities.Known(u.name(), u.person(), u.emails()))
                .toList();
    return Identities.of(mailmap(root), users);
  }

  private static String mailmap(Path root) {
    Path file = root.resolve(".mailmap");
    if (!Files.isRegularFile(file)) {
      return "";
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO, "cannot read " + file + ": " + e.getMessage(), "check its permissions");
    }
  }

  /**
   * The person deciding, checked for {@code role}: once the ledger has users, they must be an
   * enabled user with that role (on the command line as on the server); without users they must at
   * least give an email, the identity people are compared by. Returns the canonical person.
   *
   * @param action what they are doing, for the message ("approve", "deploy")
   */
  public Decider decider(Role role, String action) {
    if (decider != null) {
      return decider;
    }
    Person asserted = actor();
    if (!authenticated) {
      signingKey(); // refused now rather than after the work the decision records
    }
    Identities known = identities();
    if (!known.hasUsers()) {
      if (asserted.email().isEmpty()) {
        throw new ChangeTrailException(
            Problem.INVALID_INPUT,
            "'"
                + asserted.display()
                + "' has no email: ChangeTrail tells people apart by email, so it cannot "
                + action
                + " as them",
            "set CHANGETRAIL_USER='Name <email>' or git's user.email");
      }
      decider =
          new Decider(
              known.canonical(asserted),
              authenticated ? ChangeRecord.TOKEN : ChangeRecord.ASSERTED,
              "");
      return decider;
    }
    Optional<Identities.Known> match =
        authenticated
            ? known.users().stream().filter(u -> u.login().equals(authenticatedUser)).findFirst()
            : known.user(asserted);
    if (match.isEmpty()) {
      throw new ChangeTrailException(
          Problem.NOT_PERMITTED,
          "'"
              + asserted.display()
              + "' is not a user of this ledger: once it has users, only they may "
              + action,
          "an admin adds them: changetrail users add NAME --email EMAIL --roles "
              + role.label()
              + "; or set CHANGETRAIL_USER to your user name or email");
    }
    User user = new AccessControl(ledger.store(), clock).user(match.get().login());
    if (!user.enabled()) {
      throw new ChangeTrailException(
          Problem.NOT_PERMITTED,
          "user " + user.name() + " is disabled and may not " + action,
          "an admin can enable them: changetrail users enable " + user.name());
    }
    if (!user.roles().contains(role)) {
      throw new ChangeTrailException(
          Problem.NOT_PERMITTED,
          "user " + user.name() + " does not have the " + role.label() + " role to " + action,
          "an admin can grant it: changetrail users roles " + user.name() + " ...");
    }
    decider =
        new Decider(
            user.person(),
            authenticated ? ChangeRecord.TOKEN : ChangeRecord.ASSERTED_USER,
            user.name());
    return decider;
  }

  /** The fact of the decider's event (see {@link #fact(String, String, Map)}). */
  public Fact fact(io.changetrail.domain.event.LedgerEvent event, String changeId) {
    return fact(event.kind(), changeId, event.data());
  }

  /**
   * A fact of the decider's (call {@link #decider} first): the canonical person as actor, and the
   * {@code identity} node in its data saying how they were identified.
   */
  public Fact fact(String kind, String changeId, Map<String, Object> data) {
    Decider who = decider;
    if (who == null) {
      throw new IllegalStateException("decider(role, action) was not called before recording");
    }
    Map<String, Object> withIdentity = new LinkedHashMap<>(data);
    withIdentity.put("identity", who.node());
    if (!authenticated) {
      signature(who.person().display(), kind, changeId, withIdentity)
          .ifPresent(signature -> withIdentity.put("signature", signature));
    }
    return new Fact(who.person().display(), kind, changeId, withIdentity);
  }

  /** How a decision is signed: git's {@code gpg.format} and {@code user.signingkey}. */
  private record SigningSetup(String format, String key) {}

  /**
   * git's signing setup for this repository's decisions ({@code gpg.format} ssh, or openpgp, git's
   * default, with {@code user.signingkey}), or empty when decisions go unsigned; refuses x509
   * signing, and unsigned decisions where they must be signed. Checked when the decider is
   * established, before anything runs, and again when signing.
   */
  private Optional<SigningSetup> signingKey() {
    Optional<String> configuredFormat =
        workspace.git().config("gpg.format").map(String::strip).filter(f -> !f.isEmpty());
    Optional<String> key = workspace.git().config("user.signingkey").filter(k -> !k.isBlank());
    boolean optedOut =
        workspace
            .git()
            .config("changetrail.signDecisions")
            .map(v -> v.strip().equalsIgnoreCase("false"))
            .orElse(false);
    String format = configuredFormat.orElse("openpgp");
    boolean supported = format.equals("ssh") || format.equals("openpgp");
    if (!supported && key.isPresent() && !optedOut) {
      throw new ChangeTrailException(
          Problem.KEY_PROBLEM,
          "git is set to sign with "
              + format
              + " and user.signingkey, but ChangeTrail signs decisions only with ssh keys"
              + " (ssh-keygen -Y sign, as git's gpg.format ssh) or OpenPGP keys (gpg, as git's"
              + " gpg.format openpgp): an "
              + format
              + " signature could not be checked against an allowed-signers or allowed keys file,"
              + " and recording the decision unsigned would not be what you set up",
          "sign with an ssh or OpenPGP key in this repository: git config --local gpg.format ssh"
              + " && git config --local user.signingkey ~/.ssh/id_ed25519.pub (or gpg.format"
              + " openpgp and user.signingkey FINGERPRINT); or decide unsigned, recorded as not"
              + " proven: git config changetrail.signDecisions false");
    }
    if (!supported || key.isEmpty() || optedOut) {
      if (config.signedDecisions()) {
        throw new ChangeTrailException(
            Problem.REFUSED,
            "decisions must be signed here (approvals.require_signatures) and "
                + (optedOut
                    ? "git's changetrail.signDecisions is false"
                    : "git has no signing key (gpg.format "
                        + format
                        + ", user.signingkey "
                        + key.map(k -> "set").orElse("unset")
                        + ")"),
            "set 'git config user.signingkey ~/.ssh/id_ed25519.pub' with 'git config gpg.format"
                + " ssh', or 'git config user.signingkey FINGERPRINT' with gpg.format openpgp"
                + " (git's default)");
      }
      return Optional.empty();
    }
    return Optional.of(new SigningSetup(format, key.get()));
  }

  /**
   * The signature of a command-line decision, made as git signs commits when {@code
   * user.signingkey} is set: with {@code ssh-keygen -Y sign} when {@code gpg.format} is {@code
   * ssh}, with {@code gpg --detach-sign --armor} when it is {@code openpgp} or unset (git's
   * default); refused without a key when {@code approvals.require_signatures} is on. x509 signing
   * is not supported, and is refused rather than recorded unsigned behind the user's back, unless
   * git's {@code changetrail.signDecisions} is false (decisions then stay unsigned, and say so).
   */
  private Optional<Map<String, Object>> signature(
      String actor, String kind, String changeId, Map<String, Object> data) {
    Optional<SigningSetup> setup = signingKey();
    if (setup.isEmpty()) {
      return Optional.empty();
    }
    byte[] payload = SshSignatures.payload(actor, kind, changeId, data);
    Map<String, Object> node = new LinkedHashMap<>();
    if (setup.get().format().equals("openpgp")) {
      node.put("format", "openpgp");
      node.put("signature", OpenPgpSignatures.sign(payload, setup.get().key()));
      return Optional.of(node);
    }
    node.put("format", "ssh");
    node.put("namespace", SshSignatures.NAMESPACE);
    node.put("signature", SshSignatures.sign(payload, setup.get().key()));
    return Optional.of(node);
  }

  /**
   * Who is acting: {@code CHANGETRAIL_USER} ({@code Name <email>}, a bare email, or a ledger user's
   * name) when set, else git's user.name and user.email. Locally this is asserted, as trustworthy
   * as git's own authorship: every decision records it so ({@code identity.source} {@code
   * asserted}, or {@code asserted-user} when matched to a ledger user); the team server
   * authenticates people with tokens instead ({@code token}).
   */
  public static Person actorOf(Workspace workspace, String override) {
    String value =
        override != null && !override.isBlank() ? override : System.getenv("CHANGETRAIL_USER");
    if (value != null && !value.isBlank()) {
      return Person.parse(value);
    }
    String name = workspace.git().config("user.name").orElse("");
    String email = workspace.git().config("user.email").orElse("");
    if (name.isEmpty() && email.isEmpty()) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "cannot tell who you are: git has no user.name or user.email",
          "set them with 'git config user.name ...' and 'git config user.email ...', or set"
              + " CHANGETRAIL_USER='Name <email>'");
    }
    return new Person(name, email);
  }

  public Workspace workspace() {
    return workspace;
  }

  public LifecycleConfig config() {
    return config;
  }

  public ChangeLedger ledger() {
    return ledger;
  }

  public Person actor() {
    if (actor == null) {
      actor = actorSource.get();
    }
    return actor;
  }

  @Override
  public void close() {
    if (ownsStore) {
      ledger.store().close();
    }
  }
}
