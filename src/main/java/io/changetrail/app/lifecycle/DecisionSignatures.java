package io.changetrail.app.lifecycle;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.ledger.Fact;
import io.changetrail.domain.ledger.LedgerEntry;
import io.changetrail.domain.lifecycle.ChangeRecord;
import io.changetrail.domain.lifecycle.EventKind;
import io.changetrail.domain.lifecycle.Identities;
import io.changetrail.domain.lifecycle.Person;
import io.changetrail.domain.lifecycle.SignatureReport;
import io.changetrail.domain.lifecycle.SignatureReport.Decision;
import io.changetrail.domain.lifecycle.SignatureReport.Status;
import io.changetrail.ledger.LedgerBundle;
import io.changetrail.ledger.LedgerStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The signatures of a ledger's (or a bundle's) decisions, each checked with {@code ssh-keygen -Y
 * verify} against an allowed-signers file (see {@link SshSignatures#check}); unsigned decisions are
 * named as not proven. A decision is an entry that records how its actor was identified (its {@code
 * identity} node), carries a signature, or is of a decision kind (approval, rejection, sign-off,
 * verification, deployment, closing): so an entry rewritten without its identity or signature is
 * still seen, as unsigned.
 */
public final class DecisionSignatures {
  private static final Set<String> DECISION_KINDS =
      Set.of(
          EventKind.APPROVED,
          EventKind.REJECTED,
          EventKind.SIGNED_OFF,
          EventKind.VERIFIED,
          EventKind.DEPLOYMENT_STARTED,
          EventKind.CLOSED);

  private DecisionSignatures() {}

  /** An allowed-signers file and where it came from, for the report. */
  public record AllowedSigners(Path file, String source) {
    public String label() {
      return file + ", " + source;
    }
  }

  /**
   * The files signatures are checked against: the ssh allowed-signers file and the allowed OpenPGP
   * keys file, each when there is one.
   */
  public record Trust(Optional<AllowedSigners> ssh, Optional<AllowedSigners> openpgp) {
    public static final Trust NONE = new Trust(Optional.empty(), Optional.empty());

    /** Whether any file is there to check with. */
    public boolean any() {
      return ssh.isPresent() || openpgp.isPresent();
    }

    /** "FILE, source" of each, or empty when there is none. */
    public String label() {
      List<String> parts = new ArrayList<>();
      ssh.ifPresent(f -> parts.add("allowed signers " + f.label()));
      openpgp.ifPresent(f -> parts.add("OpenPGP keys " + f.label()));
      return String.join("; ", parts);
    }

    /** Only the ssh file (the older calls). */
    public static Trust ssh(Optional<AllowedSigners> ssh) {
      return new Trust(ssh, Optional.empty());
    }
  }

  /**
   * The files to check with: the auditor's ({@code sshGiven}, {@code openpgpGiven}) win; else, when
   * {@code repository} is given, git's {@code gpg.ssh.allowedSignersFile} or the repository's
   * {@code .changetrail/allowed_signers}, and its {@value OpenPgpSignatures#REPOSITORY_FILE}.
   */
  public static Trust trust(
      Optional<Path> sshGiven,
      Optional<Path> openpgpGiven,
      Optional<io.changetrail.git.GitRepository> repository) {
    return new Trust(resolve(sshGiven, repository), resolveOpenPgp(openpgpGiven, repository));
  }

  /**
   * The allowed OpenPGP keys file to check with: {@code given} (the auditor's {@code
   * --allowed-openpgp-keys}), else the repository's {@value OpenPgpSignatures#REPOSITORY_FILE}.
   */
  public static Optional<AllowedSigners> resolveOpenPgp(
      Optional<Path> given, Optional<io.changetrail.git.GitRepository> repository) {
    Optional<AllowedSigners> found =
        given
            .map(f -> new AllowedSigners(f, "given with --allowed-openpgp-keys"))
            .or(
                () ->
                    repository.flatMap(
                        git ->
                            OpenPgpSignatures.allowedKeys(git)
                                .map(
                                    f ->
                                        new AllowedSigners(
                                            f,
                                            "the repository's "
                                                + OpenPgpSignatures.REPOSITORY_FILE))));
    if (found.isPresent() && !Files.isRegularFile(found.get().file())) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "the allowed OpenPGP keys file " + found.get().label() + " does not exist",
          "give it with --allowed-openpgp-keys FILE (armored public keys: gpg --armor --export"
              + " EMAIL... > FILE)");
    }
    return found;
  }

  /**
   * The allowed-signers file to check with: {@code given} (the auditor's {@code
   * --allowed-signers}), else, when {@code repository} is given, git's {@code
   * gpg.ssh.allowedSignersFile} or the repository's {@code .changetrail/allowed_signers}. A file
   * named but missing is an error that says so.
   */
  public static Optional<AllowedSigners> resolve(
      Optional<Path> given, Optional<io.changetrail.git.GitRepository> repository) {
    Optional<AllowedSigners> found =
        given
            .map(f -> new AllowedSigners(f, "given with --allowed-signers"))
            .or(
                () ->
                    repository.flatMap(
                        git ->
                            SshSignatures.allowedSigners(git)
                                .map(
                                    f ->
                                        new AllowedSigners(
                                            f,
                                            git.config("gpg.ssh.allowedSignersFile")
                                                    .filter(v -> !v.isBlank())
                                                    .isPresent()
                                                ? "git's gpg.ssh.allowedSignersFile"
                                                : "the repository's .changetrail/allowed_signers"))));
    if (found.isPresent() && !Files.isRegularFile(found.get().file())) {
      throw new ChangeTrailException(
          Problem.INVALID_INPUT,
          "the allowed-signers file " + found.get().label() + " does not exist",
          "give it with --allowed-signers FILE (git's gpg.ssh.allowedSignersFile format:"
              + " 'EMAIL namespaces=\"changetrail\" ssh-ed25519 AAAA...')");
    }
    return found;
  }

  /** The decisions of a live ledger; each actor's emails are those {@code identities} know. */
  public static SignatureReport ofStore(
      LedgerStore store, Identities identities, Trust allowed, boolean required) {
    List<LedgerEntry> decisions =
        store.read(
            reader -> {
              List<LedgerEntry> found = new ArrayList<>();
              reader.entries(
                  0,
                  reader.size(),
                  (index, bytes, leaf) -> {
                    if (mayBeDecision(bytes)) {
                      LedgerEntry entry = ChangeLedger.parse(bytes);
                      if (isDecision(entry)) {
                        found.add(entry);
                      }
                    }
                  });
              return found;
            });
    return check(
        decisions,
        allowed,
        person -> {
          List<String> emails = new ArrayList<>();
          emails.add(identities.canonical(person).email());
          emails.addAll(identities.emails(person));
          emails.add(person.email());
          return emails;
        },
        required);
  }

  /**
   * The decisions of a bundle (verified intact first). Offline, an actor's emails are the one the
   * entry names and the other emails the bundle's own {@code user.added} and {@code user.emails}
   * entries list for them.
   */
  public static SignatureReport ofBundle(Path bundle, Trust allowed, boolean required) {
    List<LedgerEntry> decisions = new ArrayList<>();
    Map<String, Set<String>> aliases = new LinkedHashMap<>();
    LedgerBundle.entries(
        bundle,
        bytes -> {
          if (mayBeDecision(bytes) || mayBeUser(bytes)) {
            LedgerEntry entry = ChangeLedger.parse(bytes);
            if (isDecision(entry)) {
              decisions.add(entry);
            } else {
              userEmails(entry, aliases);
            }
          }
        });
    return check(
        decisions,
        allowed,
        person -> {
          List<String> emails = new ArrayList<>();
          emails.add(person.email());
          emails.addAll(aliases.getOrDefault(lower(person.email()), Set.of()));
          return emails;
        },
        required);
  }

  /** Checks each decision's signature; {@code emails} gives the actor's emails, canonical first. */
  @SuppressWarnings("unchecked")
  static SignatureReport check(
      List<LedgerEntry> entries,
      Trust allowed,
      Function<Person, List<String>> emails,
      boolean required) {
    List<Decision> decisions = new ArrayList<>();
    try (Checker checker = new Checker(allowed)) {
      for (LedgerEntry entry : entries) {
        decisions.add(decision(entry, checker, emails));
      }
    }
    return new SignatureReport(decisions, allowed.label(), required, "");
  }

  /** One decision entry checked. */
  @SuppressWarnings("unchecked")
  private static Decision decision(
      LedgerEntry entry, Checker checker, Function<Person, List<String>> emails) {
    {
      Map<String, Object> data = entry.fact().data();
      String actor = entry.fact().actor();
      Object identity = data.get("identity");
      String source =
          identity instanceof Map<?, ?> node && node.get("source") != null
              ? String.valueOf(node.get("source"))
              : "";
      Object node = data.get("signature");
      if (!(node instanceof Map<?, ?> signature)) {
        return decision(
            entry,
            source.equals(ChangeRecord.TOKEN) ? Status.SERVER : Status.UNSIGNED,
            "",
            "",
            switch (source) {
              case ChangeRecord.TOKEN ->
                  "made through the team server with "
                      + (identity instanceof Map<?, ?> n && n.get("user") != null
                          ? "user " + n.get("user") + "'s"
                          : "a user's")
                      + " API token; no signature proves it offline";
              case ChangeRecord.ASSERTED_USER ->
                  "made on the command line as a ledger user, not signed: who made it is"
                      + " asserted";
              case ChangeRecord.ASSERTED ->
                  "made on the command line, not signed: who made it is self-asserted";
              default -> "no identity source and no signature recorded: not proven";
            });
      }
      Map<String, Object> sig = (Map<String, Object>) signature;
      Person person = Person.parse(actor);
      List<String> candidates =
          new ArrayList<>(new LinkedHashSet<>(nonEmpty(emails.apply(person))));
      String email = candidates.isEmpty() ? actor : candidates.get(0);
      Checker.Result result = checker.check(entry.fact(), sig, candidates);
      if (result.malformed() != null) {
        return decision(entry, Status.INVALID, "", "", result.malformed());
      }
      if (result.check() == null) {
        return decision(
            entry,
            Status.NOT_CHECKED,
            "",
            "",
            "no " + result.file() + " to check the signature with: who signed it is not proven");
      }
      SshSignatures.Check check = result.check();
      return switch (check.outcome()) {
        case VALID -> decision(entry, Status.VALID, check.principal(), check.key(), "");
        case INVALID -> decision(entry, Status.INVALID, "", check.key(), check.problem(email));
        case KEY_NOT_ALLOWED ->
            decision(entry, Status.KEY_NOT_ALLOWED, "", check.key(), check.problem(email));
        case OTHER_PRINCIPAL ->
            decision(entry, Status.OTHER_PRINCIPAL, "", check.key(), check.problem(email));
      };
    }
  }

  private static Decision decision(
      LedgerEntry entry, Status status, String principal, String key, String detail) {
    return new Decision(
        entry.index(),
        entry.fact().kind(),
        entry.fact().change() == null ? "" : entry.fact().change(),
        entry.fact().actor(),
        status,
        principal,
        key,
        detail);
  }

  /**
   * Checks signatures of either format against the files of a {@link Trust}: ssh ones with
   * ssh-keygen, OpenPGP ones with gpg and one temporary keyring (opened at the first OpenPGP
   * signature, deleted on close).
   */
  public static final class Checker implements AutoCloseable {
    private final Trust trust;
    private OpenPgpSignatures.Keyring keyring;

    public Checker(Trust trust) {
      this.trust = trust;
    }

    /**
     * What checking one signature node found: {@code malformed} (a node ChangeTrail never writes),
     * else {@code check}, or neither when there is no file for its format ({@code file} names it).
     */
    public record Result(SshSignatures.Check check, String malformed, String file) {}

    public Result check(Fact fact, Map<String, Object> signature, List<String> emails) {
      String format = String.valueOf(signature.get("format"));
      Object value = signature.get("signature");
      if ("ssh".equals(format)
          && SshSignatures.NAMESPACE.equals(String.valueOf(signature.get("namespace")))
          && value instanceof String armored) {
        if (trust.ssh().isEmpty()) {
          return new Result(null, null, "allowed-signers file");
        }
        return new Result(
            SshSignatures.check(
                SshSignatures.payload(fact), armored, trust.ssh().get().file(), emails),
            null,
            "allowed-signers file");
      }
      if ("openpgp".equals(format)
          && value instanceof String armored
          && armored.startsWith("-----BEGIN PGP SIGNATURE-----")) {
        if (trust.openpgp().isEmpty()) {
          return new Result(null, null, "allowed OpenPGP keys file");
        }
        if (keyring == null) {
          keyring = OpenPgpSignatures.keyring(trust.openpgp().get().file());
        }
        return new Result(
            keyring.check(SshSignatures.payload(fact), armored, emails),
            null,
            "allowed OpenPGP keys file");
      }
      return new Result(
          null,
          "the signature is neither an ssh signature in the "
              + SshSignatures.NAMESPACE
              + " namespace nor an armored OpenPGP signature (format "
              + signature.get("format")
              + ", namespace "
              + signature.get("namespace")
              + "): ChangeTrail never writes such a signature",
          "");
    }

    @Override
    public void close() {
      if (keyring != null) {
        keyring.close();
      }
    }
  }

  /** Whether the entry is a decision (see the class comment). */
  static boolean isDecision(LedgerEntry entry) {
    Map<String, Object> data = entry.fact().data();
    return data.containsKey("identity")
        || data.containsKey("signature")
        || DECISION_KINDS.contains(entry.fact().kind());
  }

  /** A cheap look at the bytes before parsing: every decision passes, most other entries not. */
  private static boolean mayBeDecision(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.contains("\"identity\":") || text.contains("\"signature\":")) {
      return true;
    }
    for (String kind : DECISION_KINDS) {
      if (text.contains("\"kind\":\"" + kind + "\"")) {
        return true;
      }
    }
    return false;
  }

  private static boolean mayBeUser(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8).contains("\"kind\":\"user.");
  }

  /** The other emails a user's entries list: primary email (lower case) to the others. */
  @SuppressWarnings("unchecked")
  private static void userEmails(LedgerEntry entry, Map<String, Set<String>> aliases) {
    Map<String, Object> data = entry.fact().data();
    if (data.get("email") instanceof String email && data.get("emails") instanceof List<?> list) {
      Set<String> all = aliases.computeIfAbsent(lower(email), k -> new LinkedHashSet<>());
      all.clear();
      for (Object other : (List<Object>) list) {
        all.add(String.valueOf(other));
      }
    }
  }

  private static List<String> nonEmpty(List<String> emails) {
    return emails.stream().filter(e -> e != null && !e.isBlank()).toList();
  }

  private static String lower(String text) {
    return text.strip().toLowerCase(Locale.ROOT);
  }
}
