package io.changetrail.app.lifecycle;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.ledger.CanonicalJson;
import io.changetrail.domain.ledger.Fact;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Decisions signed the way git signs commits with {@code gpg.format ssh}: {@code ssh-keygen -Y
 * sign} over the decision's canonical bytes, namespace {@value #NAMESPACE}, checked against an
 * allowed-signers file (git's {@code gpg.ssh.allowedSignersFile} format). ssh-keygen gets no value
 * of the user's as an option: keys, signatures and allowed-signers files are copied or linked into
 * a private temporary folder and named by their paths there.
 */
public final class SshSignatures {
  /** The signature namespace of ChangeTrail decisions (git's commits use "git"). */
  public static final String NAMESPACE = "changetrail";

  private SshSignatures() {}

  /** The bytes a decision's signature covers: the fact without its signature, canonical JSON. */
  public static byte[] payload(String actor, String kind, String change, Map<String, Object> data) {
    Map<String, Object> unsigned = new LinkedHashMap<>(data);
    unsigned.remove("signature");
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("actor", actor);
    node.put("kind", kind);
    node.put("change", change);
    node.put("data", unsigned);
    return CanonicalJson.bytes(node);
  }

  public static byte[] payload(Fact fact) {
    return payload(fact.actor(), fact.kind(), fact.change(), fact.data());
  }

  /**
   * Signs {@code payload} with git's {@code user.signingkey}: a key file (private, or public with
   * the private key in ssh-agent) or a literal public key ({@code key::ssh-ed25519 ...}).
   */
  public static String sign(byte[] payload, String signingKey) {
    Path dir = tempDir();
    try {
      String key = signingKey.strip();
      Path keyFile;
      if (key.startsWith("key::") || key.startsWith("ssh-") || key.startsWith("ecdsa-")) {
        keyFile = dir.resolve("key.pub");
        Files.writeString(
            keyFile,
            (key.startsWith("key::") ? key.substring(5) : key) + "\n",
            StandardCharsets.UTF_8);
      } else {
        Path target =
            key.startsWith("~/")
                ? Path.of(System.getProperty("user.home")).resolve(key.substring(2))
                : Path.of(key);
        if (!Files.isRegularFile(target)) {
          throw new ChangeTrailException(
              Problem.KEY_PROBLEM,
              "user.signingkey names " + target + ", which is not a file",
              "set it with 'git config user.signingkey ~/.ssh/id_ed25519.pub'");
        }
        keyFile = dir.resolve(key.endsWith(".pub") ? "key.pub" : "key");
        Files.createSymbolicLink(keyFile, target.toAbsolutePath());
      }
      Path message = dir.resolve("decision");
      Files.write(message, payload);
      SigningTool.Result result =
          run(
              List.of(
                  "ssh-keygen",
                  "-Y",
                  "sign",
                  "-f",
                  keyFile.toString(),
                  "-n",
                  NAMESPACE,
                  message.toString()),
              null);
      Path signature = dir.resolve("decision.sig");
      if (result.code() != 0 || !Files.isRegularFile(signature)) {
        throw new ChangeTrailException(
            Problem.KEY_PROBLEM,
            "ssh-keygen could not sign the decision: " + result.firstLine(),
            "check user.signingkey (a key without passphrase, or loaded in ssh-agent)");
      }
      return Files.readString(signature, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ChangeTrailException(Problem.IO, "cannot sign: " + e.getMessage(), "");
    } finally {
      delete(dir);
    }
  }

  /** What checking one signature found. */
  public enum Outcome {
    /** {@code ssh-keygen -Y verify} accepts it for one of the actor's emails. */
    VALID,
    /** It does not verify over the bytes (altered content, or a signature of other bytes). */
    INVALID,
    /** It verifies, but its key is on no line of the allowed-signers file. */
    KEY_NOT_ALLOWED,
    /** It verifies, but the allowed-signers file lists its key for other principals. */
    OTHER_PRINCIPAL
  }

  /**
   * One signature checked.
   *
   * @param principal who signed, by the allowed-signers file (VALID), else empty
   * @param key the signing key's fingerprint as ssh-keygen prints it ({@code ED25519 key
   *     SHA256:...}), when the signature is well formed
   * @param principals the principals the allowed-signers file lists for the key (OTHER_PRINCIPAL)
   * @param file what the key was looked up in ("allowed-signers file", "allowed OpenPGP keys
   *     file"), for the sentences
   */
  public record Check(
      Outcome outcome, String principal, String key, List<String> principals, String file) {
    Check(Outcome outcome, String principal, String key, List<String> principals) {
      this(outcome, principal, key, principals, "allowed-signers file");
    }

    /** Why it is not VALID, in a sentence naming {@code actor}'s email. */
    public String problem(String email) {
      return switch (outcome) {
        case VALID -> "";
        case INVALID ->
            "the signature does not verify over the entry's content (the entry was altered after"
                + " it was signed, or the signature is of other bytes)";
        case KEY_NOT_ALLOWED -> "the signing key" + keyNote() + " is not in the " + file;
        case OTHER_PRINCIPAL ->
            "the signing key belongs to " + String.join(", ", principals) + ", not " + email;
      };
    }

    private String keyNote() {
      return key.isEmpty() ? "" : " (" + key + ")";
    }
  }

  /**
   * Checks a signature as git checks an ssh-signed commit: {@code ssh-keygen -Y find-principals}
   * names the principals the allowed-signers file lists for the signing key, then {@code ssh-keygen
   * -Y verify -f ALLOWED -I EMAIL -n changetrail -s SIG} (payload on standard input) accepts the
   * signature for one of {@code emails} (the actor's canonical email first, then their other
   * emails); else {@code ssh-keygen -Y check-novalidate} tells a signature of other bytes from one
   * by a key the file does not allow. Every file ssh-keygen reads is a copy in a private temporary
   * folder, named by its path there; an email goes only as the value of {@code -I}, and one that
   * starts with "-" is never passed.
   */
  public static Check check(
      byte[] payload, String signature, Path allowedSigners, List<String> emails) {
    Path dir = tempDir();
    try {
      Path sig = dir.resolve("decision.sig");
      Files.writeString(sig, signature, StandardCharsets.UTF_8);
      Path allowed = dir.resolve("allowed_signers");
      Files.copy(allowedSigners, allowed);
      SigningTool.Result principals =
          run(
              List.of(
                  "ssh-keygen",
                  "-Y",
                  "find-principals",
                  "-f",
                  allowed.toString(),
                  "-s",
                  sig.toString()),
              null);
      List<String> names =
          principals.code() == 0
              ? principals.out().lines().map(String::strip).filter(s -> !s.isEmpty()).toList()
              : List.of();
      if (!names.isEmpty()) {
        for (String email : emails) {
          if (email == null || email.isBlank() || email.startsWith("-")) {
            continue;
          }
          SigningTool.Result verified =
              run(
                  List.of(
                      "ssh-keygen",
                      "-Y",
                      "verify",
                      "-f",
                      allowed.toString(),
                      "-I",
                      email,
                      "-n",
                      NAMESPACE,
                      "-s",
                      sig.toString()),
                  payload);
          if (verified.code() == 0) {
            return new Check(Outcome.VALID, email, key(verified), List.of());
          }
        }
      }
      SigningTool.Result valid =
          run(
              List.of(
                  "ssh-keygen", "-Y", "check-novalidate", "-n", NAMESPACE, "-s", sig.toString()),
              payload);
      if (valid.code() != 0) {
        return new Check(Outcome.INVALID, "", "", List.of());
      }
      return names.isEmpty()
          ? new Check(Outcome.KEY_NOT_ALLOWED, "", key(valid), List.of())
          : new Check(Outcome.OTHER_PRINCIPAL, "", key(valid), names);
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO, "cannot check a signature: " + e.getMessage(), "check " + allowedSigners);
    } finally {
      delete(dir);
    }
  }

  /** "ED25519 key SHA256:..." from ssh-keygen's "Good ... signature ... with ED25519 key ...". */
  private static String key(SigningTool.Result result) {
    String all = result.out() + "\n" + result.err();
    int with = all.indexOf(" with ");
    if (with < 0) {
      return "";
    }
    String rest = all.substring(with + 6);
    int end = rest.indexOf('\n');
    return (end < 0 ? rest : rest.substring(0, end)).strip();
  }

  /**
   * The allowed-signers file of a repository: git's {@code gpg.ssh.allowedSignersFile} (relative
   * paths from the work tree's root, {@code ~/} from the home folder), else the repository's {@code
   * .changetrail/allowed_signers} when it exists.
   */
  public static Optional<Path> allowedSigners(io.changetrail.git.GitRepository git) {
    Path root = git.root();
    Optional<String> configured =
        git.config("gpg.ssh.allowedSignersFile").filter(v -> !v.isBlank());
    if (configured.isPresent()) {
      String value = configured.get();
      return Optional.of(
          value.startsWith("~/")
              ? Path.of(System.getProperty("user.home")).resolve(value.substring(2))
              : root.resolve(value));
    }
    Path inRepository = root.resolve(".changetrail").resolve("allowed_signers");
    return Files.isRegularFile(inRepository) ? Optional.of(inRepository) : Optional.empty();
  }

  private static SigningTool.Result run(List<String> command, byte[] stdin) throws IOException {
    return SigningTool.run(
        "ssh-keygen",
        "install OpenSSH 8.2 or newer to sign or check decisions",
        command,
        stdin,
        Map.of());
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("changetrail-ssh");
    } catch (IOException e) {
      throw new ChangeTrailException(Problem.IO, "cannot create a temporary folder", "");
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
      for (Path path : all) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // a temporary folder left behind holds no secret: links and copies of public material
    }
  }
}
