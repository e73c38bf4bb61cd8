package io.changetrail.domain.deploy;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An artifact a deployment puts in place, by its content: a name (a jar, a container image) and its
 * SHA-256 digest, written {@code sha256:} and 64 lower-case hex digits, as OCI and in-toto write
 * them.
 */
public record Artifact(String name, String digest) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}");
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  public Artifact {
    if (name == null || !NAME.matcher(name).matches()) {
      throw invalid(
          "'" + name + "' is not an artifact name",
          "use letters, digits and . _ : / @ + - (at most 200), e.g. order-router.jar");
    }
    if (digest == null || !DIGEST.matcher(digest).matches()) {
      throw invalid(
          "the digest of artifact " + name + " is '" + digest + "', not sha256:<64 hex digits>",
          "write it as sha256: and the lower-case hex SHA-256 of the artifact (sha256sum FILE)");
    }
  }

  /** Parses {@code NAME=sha256:HEX}. */
  public static Artifact parse(String text) {
    String value = text == null ? "" : text.strip();
    int eq = value.indexOf('=');
    if (eq <= 0) {
      throw invalid(
          "'" + value + "' is not NAME=sha256:HEX",
          "e.g. --artifact order-router.jar=sha256:$(sha256sum router.jar | cut -d' ' -f1)");
    }
    return new Artifact(value.substring(0, eq), value.substring(eq + 1));
  }

  /** Several, refusing the same name twice. */
  public static List<Artifact> parseAll(List<String> texts) {
    List<Artifact> artifacts = new ArrayList<>();
    for (String text : texts == null ? List.<String>of() : texts) {
      add(artifacts, parse(text));
    }
    return List.copyOf(artifacts);
  }

  /** Appends {@code artifact}, refusing a second artifact of the same name. */
  public static void add(List<Artifact> artifacts, Artifact artifact) {
    if (artifacts.stream().anyMatch(a -> a.name().equals(artifact.name()))) {
      throw invalid(
          "artifact " + artifact.name() + " is named twice",
          "name each artifact once, with the digest it has");
    }
    artifacts.add(artifact);
  }

  /** The hex digits of the digest. */
  public String hex() {
    return digest.substring("sha256:".length());
  }

  /** How the ledger stores it. */
  public Map<String, Object> json() {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("name", name);
    node.put("digest", digest);
    return node;
  }

  /** The artifacts a ledger entry's data recorded under {@code artifacts} (none when absent). */
  public static List<Artifact> fromData(Object node) {
    List<Artifact> artifacts = new ArrayList<>();
    if (node instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> map
            && map.get("name") instanceof String name
            && map.get("digest") instanceof String digest) {
          try {
            artifacts.add(new Artifact(name, digest));
          } catch (ChangeTrailException e) {
            // not written by this version's validation: not an artifact it can vouch for
          }
        }
      }
    }
    return List.copyOf(artifacts);
  }

  private static ChangeTrailException invalid(String message, String hint) {
    return new ChangeTrailException(Problem.INVALID_INPUT, message, hint);
  }
}
