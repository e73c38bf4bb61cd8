package io.changetrail.app.lifecycle;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import io.changetrail.domain.ledger.CanonicalJson;
import io.changetrail.domain.ledger.Fact;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
      Result result =
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

  /**
   * Whether {@code signature} is a valid signature of {@code payload} by a key the allowed-signers
   * file lists for {@code email}: the principal who signed, or why not.
   */
  public static Optional<String> verify(
      byte[] payload, String signature, Path allowedSigners, String email, List<String> problems) {
    Path dir = tempDir();
    try {
      Path sig = dir.resolve("decision.sig");
      Files.writeString(sig, signature, StandardCharsets.UTF_8);
      Path allowed = dir.resolve("allowed_signers");
      Files.copy(allowedSigners, allowed);
      Result valid =
          run(
              List.of(
                  "ssh-keygen", "-Y", "check-novalidate", "-n", NAMESPACE, "-s", sig.toString()),
              payload);
      if (valid.code() != 0) {
        problems.add("the signature does not verify over the entry's content");
        return Optional.empty();
      }
      Result principals =
          run(
              List.of(
                  "ssh-keygen",
                  "-Y",
                  "find-principals",
                  "-s",
                  sig.toString(),
                  "-f",
                  allowed.toString()),
              null);
      List<String> names =
          principals.code() == 0
              ? principals.out().lines().map(String::strip).filter(s -> !s.isEmpty()).toList()
              : List.of();
      for (String name : names) {
        if (name.equalsIgnoreCase(email)) {
          return Optional.of(name);
        }
      }
      problems.add(
          names.isEmpty()
              ? "the signing key is not in the allowed-signers file"
              : "the signing key belongs to " + String.join(", ", names) + ", not " + email);
      return Optional.empty();
    } catch (IOException e) {
      throw new ChangeTrailException(
          Problem.IO, "cannot check a signature: " + e.getMessage(), "check " + allowedSigners);
    } finally {
      delete(dir);
    }
  }

  private record Result(int code, String out, String err) {
    String firstLine() {
      return err.lines().findFirst().orElse("exit " + code).strip();
    }
  }

  private static Result run(List<String> command, byte[] stdin) throws IOException {
    Path out = Files.createTempFile("ct-ssh", ".out");
    Path err = Files.createTempFile("ct-ssh", ".err");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      Process process = builder.start();
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin);
        }
      }
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, "", "ssh-keygen did not finish in 60 s");
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChangeTrailException(Problem.IO, "interrupted while running ssh-keygen", "");
    } catch (IOException e) {
      if (e.getMessage() != null
          && e.getMessage().toLowerCase(Locale.ROOT).contains("ssh-keygen")) {
        throw new ChangeTrailException(
            Problem.KEY_PROBLEM,
            "cannot run ssh-keygen: " + e.getMessage(),
            "install OpenSSH 8.2 or newer to sign or check decisions");
      }
      throw e;
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
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
