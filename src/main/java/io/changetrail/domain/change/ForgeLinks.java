package io.changetrail.domain.change;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Links into the team's forge (GitHub, GitLab, Gitea...), from the URL patterns of {@code forge:}
 * in changetrail.yml: {@code {sha}} in the commit pattern; {@code {sha}} and {@code {path}} in the
 * file pattern. Values are percent-encoded (a path keeps its slashes), so nothing from a commit or
 * a path can change where a link leads.
 */
public record ForgeLinks(String commitUrl, String fileUrl) {
  public static final ForgeLinks NONE = new ForgeLinks("", "");

  public boolean configured() {
    return !commitUrl.isEmpty() || !fileUrl.isEmpty();
  }

  public Optional<String> commit(String sha) {
    if (commitUrl.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(commitUrl.replace("{sha}", encode(sha)));
  }

  public Optional<String> file(String sha, String path) {
    if (fileUrl.isEmpty() || path.isEmpty()) {
      return Optional.empty();
    }
    String encodedPath =
        String.join(
            "/", java.util.Arrays.stream(path.split("/", -1)).map(ForgeLinks::encode).toList());
    return Optional.of(fileUrl.replace("{sha}", encode(sha)).replace("{path}", encodedPath));
  }

  /** RFC 3986 percent-encoding of everything but the unreserved characters, over UTF-8. */
  private static String encode(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean unreserved =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~';
      if (unreserved) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
      }
    }
    return out.toString();
  }

  private static final String HEX = "0123456789ABCDEF";
}
