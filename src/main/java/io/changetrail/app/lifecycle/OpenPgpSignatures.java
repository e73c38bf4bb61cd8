package io.changetrail.app.lifecycle;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.git.GitRepository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Decisions signed the way git signs commits with {@code gpg.format openpgp} (git's default): a
 * detached, armored OpenPGP signature made by {@code gpg} over the decision's canonical bytes
 * ({@link SshSignatures#payload}), checked with {@code gpg --verify} against an allowed keys file
 * (armored public keys) imported into a temporary keyring: never the user's own keyring, whose keys
 * and trust say nothing an auditor can rely on.
 *
 * <p>gpg gets no value of the user's as an option: the signing key is the value of {@code
 * --local-user}, refused when it is empty, starts with "-" or holds a control character; the
 * payload goes on standard input; signatures and key files are copies in a private temporary
 * folder, named by their paths there. Verification runs with {@code --no-autostart}, so no
 * gpg-agent is left running for the temporary keyring.
 */
public final class OpenPgpSignatures {
  /** The repository's allowed keys file (armored OpenPGP public keys), when there is one. */
  public static final String REPOSITORY_FILE = ".changetrail/allowed-openpgp-keys.asc";

  private static final Pattern FINGERPRINT = Pattern.compile("[0-9A-F]{40}|[0-9A-F]{64}");
  private static final Pattern EMAIL_IN_UID = Pattern.compile("<([^<>\\s]+@[^<>\\s]+)>");

  private OpenPgpSignatures() {}

  /**
   * Signs {@code payload} with git's {@code user.signingkey} (a key id, fingerprint or user id of a
   * secret key in the user's gpg keyring: {@code GNUPGHOME}, or the {@code changetrail.gnupghome}
   * system property when set) and returns the armored signature.
   */
  public static String sign(byte[] payload, String signingKey) {
    String key = signingKey.strip();
    if (key.isEmpty() || key.startsWith("-") || key.chars().anyMatch(Character::isISOControl)) {
      throw new ChangeTrailException(
          Problem.KEY_PROBLEM,
          "user.signingkey '"
              + key.replaceAll("\\p{Cntrl}", "?")
              + "' is not an OpenPGP key id, fingerprint or user id",
          "set it with 'git config user.signingkey FINGERPRINT' (gpg --list-secret-keys"
              + " --keyid-format long shows it)");
    }
    SigningTool.Result result;
    try {
      result =
          run(
              List.of(
                  "gpg", "--batch", "--no-tty", "--armor", "--detach-sign", "--local-user", key),
              payload,
              signingHome());
    } catch (IOException e) {
      throw new ChangeTrailException(Problem.IO, "cannot sign: " + e.getMessage(), "");
    }
    if (result.code() != 0 || !result.out().contains("-----BEGIN PGP SIGNATURE-----")) {
      throw new ChangeTrailException(
          Problem.KEY_PROBLEM,
          "gpg could not sign the decision with user.signingkey " + key + ": " + result.lastLine(),
          "check 'gpg --list-secret-keys " + key + "' (a key gpg can use without a prompt here)");
    }
    return result.out();
  }

  /**
   * The repository's allowed keys file, {@value #REPOSITORY_FILE}, when it exists (git has no
   * setting for one: it checks openpgp commit signatures against the user's keyring).
   */
  public static Optional<Path> allowedKeys(GitRepository git) {
    Path file = git.root().resolve(REPOSITORY_FILE);
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  /**
   * A temporary keyring holding exactly the keys of an allowed keys file; close it to delete it.
   */
  public static Keyring keyring(Path allowedKeys) {
    Path home = tempDir();
    Keyring keyring = new Keyring(home);
    try {
      Path copy = home.resolve("allowed.asc");
      Files.copy(allowedKeys, copy);
      SigningTool.Result imported =
          run(
              List.of("gpg", "--batch", "--no-tty", "--no-autostart", "--import", copy.toString()),
              null,
              Optional.of(home));
      if (imported.code() != 0 && !imported.err().contains("imported:")) {
        keyring.close();
        throw new ChangeTrailException(
            Problem.INVALID_INPUT,
            "the allowed OpenPGP keys file "
                + allowedKeys
                + " holds no key gpg can import: "
                + imported.lastLine(),
            "write it with 'gpg --armor --export EMAIL... > " + REPOSITORY_FILE + "'");
      }
      return keyring;
    } catch (IOException e) {
      keyring.close();
      throw new ChangeTrailException(
          Problem.IO, "cannot read the allowed OpenPGP keys " + allowedKeys, e.getMessage());
    }
  }

  /** A temporary gpg home with the allowed keys imported. */
  public static final class Keyring implements AutoCloseable {
    private final Path home;
    private final Map<String, List<String>> uids = new HashMap<>();

    private Keyring(Path home) {
      this.home = home;
    }

    /**
     * Checks {@code signature} over {@code payload}: it must verify ({@code GOODSIG} and {@code
     * VALIDSIG}) with a key of the allowed file, and one of that key's user ids (not revoked) must
     * name one of {@code emails}, compared without case.
     */
    public SshSignatures.Check check(byte[] payload, String signature, List<String> emails) {
      try {
        Path sig = Files.createTempFile(home, "decision", ".asc");
        Path data = Files.createTempFile(home, "decision", ".json");
        try {
          Files.writeString(sig, signature, StandardCharsets.UTF_8);
          Files.write(data, payload);
          SigningTool.Result verified =
              run(
                  List.of(
                      "gpg",
                      "--batch",
                      "--no-tty",
                      "--no-autostart",
                      "--trust-model",
                      "always",
                      "--status-fd",
                      "1",
                      "--verify",
                      sig.toString(),
                      data.toString()),
                  null,
                  Optional.of(home));
          return outcome(verified.out(), emails);
        } finally {
          Files.deleteIfExists(sig);
          Files.deleteIfExists(data);
        }
      } catch (IOException e) {
        throw new ChangeTrailException(
            Problem.IO, "cannot check an OpenPGP signature: " + e.getMessage(), "");
      }
    }

    private SshSignatures.Check outcome(String status, List<String> emails) throws IOException {
      String good = null;
      String primary = null;
      String unknown = null;
      String revoked = null;
      boolean bad = false;
      for (String line : status.lines().toList()) {
        String[] f = line.split(" ");
        if (f.length < 2 || !f[0].equals("[GNUPG:]")) {
          continue;
        }
        switch (f[1]) {
          case "GOODSIG" -> good = f.length > 2 ? f[2] : "";
          case "VALIDSIG" -> primary = f[f.length - 1];
          case "BADSIG" -> bad = true;
          case "ERRSIG" -> unknown = f[f.length - 1];
          case "EXPKEYSIG", "REVKEYSIG" ->
              revoked = f[1].equals("EXPKEYSIG") ? "expired" : "revoked";
          default -> {}
        }
      }
      if (bad) {
        return new SshSignatures.Check(SshSignatures.Outcome.INVALID, "", "", List.of(), FILE_NAME);
      }
      if (good == null || primary == null || !FINGERPRINT.matcher(primary).matches()) {
        String key =
            unknown != null && FINGERPRINT.matcher(unknown).matches()
                ? "OpenPGP key " + unknown
                : revoked != null ? "an " + revoked + " OpenPGP key" : "";
        return new SshSignatures.Check(
            unknown != null || revoked != null
                ? SshSignatures.Outcome.KEY_NOT_ALLOWED
                : SshSignatures.Outcome.INVALID,
            "",
            key,
            List.of(),
            FILE_NAME);
      }
      String key = "OpenPGP key " + primary;
      List<String> named = emailsOf(primary);
      Set<String> wanted = new LinkedHashSet<>();
      for (String email : emails) {
        if (email != null && !email.isBlank()) {
          wanted.add(email.strip().toLowerCase(Locale.ROOT));
        }
      }
      for (String email : named) {
        if (wanted.contains(email.toLowerCase(Locale.ROOT))) {
          return new SshSignatures.Check(
              SshSignatures.Outcome.VALID, email, key, List.of(), FILE_NAME);
        }
      }
      return new SshSignatures.Check(
          SshSignatures.Outcome.OTHER_PRINCIPAL,
          "",
          key,
          named.isEmpty() ? List.of("no email (its user ids name none)") : named,
          FILE_NAME);
    }

    /** The emails of the key's valid user ids. */
    private List<String> emailsOf(String fingerprint) throws IOException {
      List<String> cached = uids.get(fingerprint);
      if (cached != null) {
        return cached;
      }
      SigningTool.Result listed =
          run(
              List.of(
                  "gpg",
                  "--batch",
                  "--no-tty",
                  "--no-autostart",
                  "--with-colons",
                  "--fixed-list-mode",
                  "--list-keys",
                  "--",
                  fingerprint),
              null,
              Optional.of(home));
      List<String> emails = new ArrayList<>();
      for (String line : listed.out().lines().toList()) {
        String[] f = line.split(":", -1);
        if (f.length > 9 && f[0].equals("uid") && !Set.of("r", "e", "i", "d").contains(f[1])) {
          String uid = unescape(f[9]);
          var m = EMAIL_IN_UID.matcher(uid);
          if (m.find()) {
            emails.add(m.group(1));
          } else if (uid.contains("@") && !uid.contains(" ")) {
            emails.add(uid);
          }
        }
      }
      uids.put(fingerprint, List.copyOf(emails));
      return emails;
    }

    @Override
    public void close() {
      delete(home);
    }
  }

  /** How a check names the file it checks against. */
  static final String FILE_NAME = "allowed OpenPGP keys file";

  /** gpg's colon listings escape ':' and control characters as {@code \xHH}. */
  private static String unescape(String field) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length() && field.charAt(i + 1) == 'x') {
        try {
          out.append((char) Integer.parseInt(field.substring(i + 2, i + 4), 16));
          i += 3;
          continue;
        } catch (NumberFormatException e) {
          // not an escape: keep the backslash
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  /** The gpg home to sign with: the {@code changetrail.gnupghome} property, else gpg's own. */
  private static Optional<Path> signingHome() {
    String property = System.getProperty("changetrail.gnupghome");
    return property == null || property.isBlank()
        ? Optional.empty()
        : Optional.of(Path.of(property));
  }

  private static SigningTool.Result run(List<String> command, byte[] stdin, Optional<Path> home)
      throws IOException {
    return SigningTool.run(
        "gpg",
        "install GnuPG 2.2 or newer (Debian: apt-get install gnupg) to sign or check OpenPGP"
            + " decisions",
        command,
        stdin,
        home.map(h -> Map.of("GNUPGHOME", h.toString())).orElse(Map.of()));
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory(
          "changetrail-gpg",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw new ChangeTrailException(Problem.IO, "cannot create a temporary folder", "");
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // a temporary keyring left behind holds public keys only
    }
  }
}
