package io.changetrail.app.config;

import io.changetrail.domain.change.ForgeLinks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code forge:} section of changetrail.yml: where the team's forge shows a commit and a file,
 * so the web UI links a change's commits and files there.
 *
 * <pre>
 * forge:
 *   commit_url: https://github.com/acme/trading/commit/{sha}
 *   file_url: https://github.com/acme/trading/blob/{sha}/{path}
 * </pre>
 */
public final class ForgeConfig {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");

  private ForgeConfig() {}

  /** The forge links of {@code <root>/changetrail.yml}; none when it names no forge. */
  public static ForgeLinks load(Path repositoryRoot) {
    Path file = repositoryRoot.resolve(ConfigLoader.FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return ForgeLinks.NONE;
    }
    return parse(ConfigLoader.read(file), ConfigLoader.FILE_NAME);
  }

  public static ForgeLinks parse(String text, String label) {
    Optional<YamlValue> document = ConfigLoader.compose(text, label);
    if (document.isEmpty()) {
      return ForgeLinks.NONE;
    }
    return YamlValue.get(document.get().mapping(null), "forge")
        .map(ForgeConfig::of)
        .orElse(ForgeLinks.NONE);
  }

  /** Reads and checks a {@code forge:} value (the config loader checks it for every command). */
  static ForgeLinks of(YamlValue forge) {
    Map<String, YamlValue> keys = forge.mapping(Set.of("commit_url", "file_url"));
    String commit =
        YamlValue.get(keys, "commit_url").map(v -> pattern(v, List.of("sha"))).orElse("");
    String file =
        YamlValue.get(keys, "file_url").map(v -> pattern(v, List.of("sha", "path"))).orElse("");
    return new ForgeLinks(commit, file);
  }

  private static String pattern(YamlValue value, List<String> required) {
    String url = value.string().strip();
    if (!url.startsWith("https://") && !url.startsWith("http://")) {
      throw value.error(
          "a forge URL must start with https:// or http://, e.g."
              + " https://github.com/acme/trading/commit/{sha}");
    }
    Matcher placeholders = PLACEHOLDER.matcher(url);
    while (placeholders.find()) {
      if (!required.contains(placeholders.group(1))) {
        throw value.error(
            "unknown placeholder {"
                + placeholders.group(1)
                + "} in a forge URL; use "
                + String.join(" and ", required.stream().map(r -> "{" + r + "}").toList()));
      }
    }
    for (String name : required) {
      if (!url.contains("{" + name + "}")) {
        throw value.error("this forge URL needs {" + name + "}, e.g. " + example(required));
      }
    }
    return url;
  }

  private static String example(List<String> required) {
    return required.contains("path")
        ? "https://github.com/acme/trading/blob/{sha}/{path}"
        : "https://github.com/acme/trading/commit/{sha}";
  }
}
