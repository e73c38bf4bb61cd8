package io.changetrail.app.keys;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.ledger.SigningKey;
import io.changetrail.domain.ledger.VerifierKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The checkpoint signing keys on disk, outside the repository and the database: a private key file
 * readable by its owner only (mode 600) and the public verifier key beside it ({@code .pub}). The
 * folder is {@code $CHANGETRAIL_HOME/keys} (or {@code ~/.config/changetrail/keys}).
 */
public final class KeyFiles {
  /** The file name of the default key. */
  public static final String DEFAULT_FILE = "ledger.key";

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private KeyFiles() {}

  /**
   * ChangeTrail's configuration home: the {@code changetrail.home} system property, else {@code
   * CHANGETRAIL_HOME}, else {@code $XDG_CONFIG_HOME/changetrail}, else {@code
   * ~/.config/changetrail}.
   */
  public static Path home() {
    String property = System.getProperty("changetrail.home");
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    String env = System.getenv("CHANGETRAIL_HOME");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String xdg = System.getenv("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "changetrail");
    }
    return Path.of(System.getProperty("user.home"), ".config", "changetrail");
  }

  /** The private key file to use: the one given, else the default one. */
  public static Path privateKeyFile(Optional<Path> given) {
    return given.orElseGet(() -> home().resolve("keys").resolve(DEFAULT_FILE));
  }

  /** The public key file beside a private key file ({@code ledger.key} -> {@code ledger.pub}). */
  public static Path publicKeyFile(Path privateKey) {
    String name = privateKey.getFileName().toString();
    String stem = name.endsWith(".key") ? name.substring(0, name.length() - 4) : name;
    return privateKey.resolveSibling(stem + ".pub");
  }

  /** What {@link #generate} wrote. */
  public record Generated(Path privateKey, Path publicKey, VerifierKey verifier) {}

  /** Makes a new key pair and writes it, the private key with mode 600; never overwrites. */
  public static Generated generate(String name, Optional<Path> file, boolean force) {
    SigningKey key;
    try {
      key = SigningKey.generate(name);
    } catch (IllegalArgumentException e) {
      throw new ChangeTrailException(Problem.INVALID_INPUT, e.getMessage(), "");
    }
    Path privateFile = privateKeyFile(file).toAbsolutePath();
    Path publicFile = publicKeyFile(privateFile);
    if (!force && (Files.exists(privateFile) || Files.exists(publicFile))) {
      throw new ChangeTrailException(
          Problem.KEY_PROBLEM,
          privateFile + " already exists: a key is never overwritten by accident",
          "keep it, or pass --force to replace it (checkpoints signed with the old key then need"
              + " its public key to verify)");
    }
    try {
      Path dir = privateFile.getParent();
      Files.createDirectories(dir);
      if (supportsPosix(dir)) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      }
      writeAtomically(privateFile, key.encode() + "\n", true);
      writeAtomically(publicFile, key.verifier().encode() + "\n", false);
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO, "cannot write the key to " + privateFile + ": " + e.getMessage(), "");
    }
    return new Generated(privateFile, publicFile, key.verifier());
  }

  /** Loads the signing key, refusing a private key file that others can read. */
  public static SigningKey loadSigningKey(Optional<Path> file) {
    Path privateFile = privateKeyFile(file).toAbsolutePath();
    Path publicFile = publicKeyFile(privateFile);
    String privateText = readKeyFile(privateFile, "private");
    checkOwnerOnly(privateFile);
    VerifierKey verifier = parseVerifier(readKeyFile(publicFile, "public"), publicFile.toString());
    try {
      return SigningKey.parse(privateText, verifier);
    } catch (IllegalArgumentException e) {
      throw new ChangeTrailException(
          Problem.KEY_PROBLEM,
          privateFile + " is not a usable signing key: " + e.getMessage(),
          "generate a new one with 'changetrail keys generate'");
    }
  }

  /**
   * A verifier key from the command line: a verifier key string itself, or a file holding one (a
   * {@code .key} file stands for the {@code .pub} beside it); empty means the default key's {@code
   * .pub}.
   */
  public static VerifierKey loadVerifierKey(Optional<String> given) {
    if (given.isPresent() && given.get().contains("+") && !Files.exists(Path.of(given.get()))) {
      return parseVerifier(given.get(), "--key");
    }
    Path file =
        given
            .map(Path::of)
            .map(p -> p.getFileName().toString().endsWith(".key") ? publicKeyFile(p) : p)
            .orElseGet(() -> publicKeyFile(privateKeyFile(Optional.empty())));
    return parseVerifier(readKeyFile(file, "public"), file.toString());
  }

  private static VerifierKey parseVerifier(String text, String where) {
    try {
      return VerifierKey.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ChangeTrailException(
          Problem.KEY_PROBLEM,
          where + " is not a verifier key: " + e.getMessage(),
          "a verifier key reads name+keyid+base64key, as 'changetrail keys generate' prints it");
    }
  }

  private static String readKeyFile(Path file, String which) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      throw new ChangeTrailException(
          Problem.KEY_PROBLEM,
          "no " + which + " key at " + file,
          "create one with 'changetrail keys generate', or name it with "
              + (which.equals("private") ? "--key-file FILE" : "--key KEY (or a .pub file)"));
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.KEY_PROBLEM, "cannot read the " + which + " key " + file + ": " + e, "");
    }
  }

  private static void checkOwnerOnly(Path file) {
    if (!supportsPosix(file)) {
      return;
    }
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      Set<PosixFilePermission> others =
          Set.of(
              PosixFilePermission.GROUP_READ,
              PosixFilePermission.GROUP_WRITE,
              PosixFilePermission.GROUP_EXECUTE,
              PosixFilePermission.OTHERS_READ,
              PosixFilePermission.OTHERS_WRITE,
              PosixFilePermission.OTHERS_EXECUTE);
      if (permissions.stream().anyMatch(others::contains)) {
        throw new ChangeTrailException(
            Problem.KEY_PROBLEM,
            "the private key "
                + file
                + " can be used by other users (mode "
                + PosixFilePermissions.toString(permissions)
                + "): refusing to sign with it",
            "run 'chmod 600 " + file + "' (and consider the key exposed: generate a new one)");
      }
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.KEY_PROBLEM, "cannot read the permissions of " + file + ": " + e, "");
    }
  }

  private static boolean supportsPosix(Path path) {
    return Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
  }

  /**
   * The file beside a private key that keeps the last checkpoint the key signed for each log
   * ({@code ledger.key} -> {@code ledger.key.last-checkpoint}): a JSON object from log origin to
   * signed note. Whoever holds the key thereby remembers what it already published, so a rewritten
   * or rolled-back ledger is not signed again even when the database and the git ref were reset.
   */
  public static Path lastCheckpointFile(Optional<Path> keyFile) {
    Path key = privateKeyFile(keyFile).toAbsolutePath();
    return key.resolveSibling(key.getFileName() + ".last-checkpoint");
  }

  /** The last checkpoint the key signed for the log {@code origin}, if it kept one. */
  public static Optional<String> lastSigned(Optional<Path> keyFile, String origin) {
    return Optional.ofNullable(readLastSigned(lastCheckpointFile(keyFile)).get(origin));
  }

  /** Remembers {@code note} as the last checkpoint the key signed for {@code origin}. */
  public static void recordSigned(Optional<Path> keyFile, String origin, String note) {
    Path file = lastCheckpointFile(keyFile);
    java.util.Map<String, String> all = new java.util.TreeMap<>(readLastSigned(file));
    all.put(origin, note);
    try {
      writeAtomically(file, LAST_SIGNED_JSON.writeValueAsString(all) + "\n", true);
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO,
          "signed, but cannot record the checkpoint in " + file + ": " + e.getMessage(),
          "check the key folder's permissions; the checkpoint is stored in the ledger and the git"
              + " ref");
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper LAST_SIGNED_JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private static java.util.Map<String, String> readLastSigned(Path file) {
    if (!Files.exists(file)) {
      return java.util.Map.of();
    }
    try {
      java.util.Map<String, String> all =
          LAST_SIGNED_JSON.readValue(
              file.toFile(),
              new com.fasterxml.jackson.core.type.TypeReference<
                  java.util.Map<String, String>>() {});
      return all == null ? java.util.Map.of() : all;
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.KEY_PROBLEM,
          "cannot read " + file + ", the last checkpoint this key signed: " + e.getMessage(),
          "restore it from a backup of the key folder; remove it only if you know the key never"
              + " signed another history");
    }
  }

  /** Writes to a temporary file in the same folder, then renames it over the target. */
  private static void writeAtomically(Path target, String content, boolean secret)
      throws IOException {
    Path dir = target.getParent();
    Path temp =
        supportsPosix(dir)
            ? Files.createTempFile(
                dir,
                ".tmp-",
                ".key",
                PosixFilePermissions.asFileAttribute(
                    secret ? OWNER_ONLY : PosixFilePermissions.fromString("rw-r--r--")))
            : Files.createTempFile(dir, ".tmp-", ".key");
    try {
      Files.writeString(temp, content, StandardCharsets.UTF_8);
      try (var channel =
          java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
