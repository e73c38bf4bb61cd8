package io.changetrail.app.config;

import io.changetrail.domain.assess.ChangeType;
import io.changetrail.domain.assess.Vocabulary;
import io.changetrail.domain.changelog.ChangelogConfig;
import io.changetrail.domain.document.ChangeDocumentParser;
import io.changetrail.domain.document.Section;
import io.changetrail.domain.lint.LintConfig;
import io.changetrail.domain.lint.LintRule;
import io.changetrail.domain.lint.Severity;
import io.changetrail.domain.lint.SpecialCommitPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the {@code lint:} and {@code changelog:} sections of changetrail.yml, naming
 * file:line:column for every invalid key or value. The rest of the file is {@link ConfigLoader}'s.
 */
public final class DocumentationConfigLoader {
  private static final Set<String> LINT_KEYS =
      Set.of(
          "rules",
          "max_header_length",
          "anti_patterns",
          "merge_commits",
          "revert_commits",
          "fixup_commits");
  private static final Set<String> CHANGELOG_KEYS =
      Set.of("ticket_patterns", "ticket_url", "commit_url");

  /** The lint and changelog settings of a repository. */
  public record DocumentationConfig(LintConfig lint, ChangelogConfig changelog) {
    public static DocumentationConfig defaults() {
      return new DocumentationConfig(LintConfig.defaults(), ChangelogConfig.defaults());
    }
  }

  /** Loads the settings from the repository root's changetrail.yml, or the defaults. */
  public DocumentationConfig load(Path repositoryRoot) {
    Path file = repositoryRoot.resolve(ConfigLoader.FILE_NAME);
    if (!Files.exists(file)) {
      return DocumentationConfig.defaults();
    }
    return parse(ConfigLoader.read(file), ConfigLoader.FILE_NAME);
  }

  public DocumentationConfig parse(String text, String label) {
    Optional<YamlValue> document = ConfigLoader.compose(text, label);
    if (document.isEmpty()) {
      return DocumentationConfig.defaults();
    }
    Map<String, YamlValue> top = document.get().mapping(null);
    LintConfig lint =
        YamlValue.get(top, "lint")
            .map(DocumentationConfigLoader::lint)
            .orElse(LintConfig.defaults());
    ChangelogConfig changelog =
        YamlValue.get(top, "changelog")
            .map(DocumentationConfigLoader::changelog)
            .orElse(ChangelogConfig.defaults());
    return new DocumentationConfig(lint.withVocabulary(vocabulary(top)), changelog);
  }

  private static final Set<String> ALIAS_KEYS = Set.of("types", "sections");

  /**
   * The team's own words for the methodology's types and sections ({@code aliases: types:} word to
   * type, {@code aliases: sections:} heading to section title), each checked.
   */
  static Vocabulary vocabulary(Map<String, YamlValue> top) {
    Optional<YamlValue> aliases = YamlValue.get(top, "aliases");
    if (aliases.isEmpty()) {
      return Vocabulary.methodology();
    }
    Map<String, YamlValue> fields = aliases.get().mapping(ALIAS_KEYS);
    Map<String, ChangeType> types = new LinkedHashMap<>();
    for (Map.Entry<String, YamlValue> entry :
        YamlValue.get(fields, "types").map(v -> v.mapping(null)).orElse(Map.of()).entrySet()) {
      String word = entry.getKey().strip();
      if (!ChangeDocumentParser.HEADER.matcher(word + ": x").matches() || word.contains("(")) {
        throw entry
            .getValue()
            .error("'" + word + "' cannot stand as a header type (letters and '-' only)");
      }
      String target = entry.getValue().string().strip().toUpperCase(Locale.ROOT);
      ChangeType type =
          Arrays.stream(ChangeType.values())
              .filter(t -> t.name().equals(target))
              .findFirst()
              .orElseThrow(
                  () ->
                      entry
                          .getValue()
                          .error(
                              "'"
                                  + target
                                  + "' is not a change type; expected one of "
                                  + Arrays.toString(ChangeType.values())));
      types.put(word, type);
    }
    Map<String, Section> sections = new LinkedHashMap<>();
    for (Map.Entry<String, YamlValue> entry :
        YamlValue.get(fields, "sections").map(v -> v.mapping(null)).orElse(Map.of()).entrySet()) {
      String target = entry.getValue().string();
      Section section =
          Section.byTitle(target)
              .orElseThrow(
                  () ->
                      entry
                          .getValue()
                          .error(
                              "'"
                                  + target
                                  + "' is not a section of the methodology; expected one of "
                                  + String.join(
                                      ", ",
                                      Arrays.stream(Section.values())
                                          .map(Section::title)
                                          .toList())));
      sections.put(entry.getKey(), section);
    }
    return new Vocabulary(types, sections);
  }

  private static LintConfig lint(YamlValue value) {
    LintConfig defaults = LintConfig.defaults();
    Map<String, YamlValue> fields = value.mapping(LINT_KEYS);
    Map<String, Optional<Severity>> severities = new LinkedHashMap<>();
    for (Map.Entry<String, YamlValue> rule :
        YamlValue.get(fields, "rules").map(v -> v.mapping(null)).orElse(Map.of()).entrySet()) {
      String id = rule.getKey();
      boolean prefix = id.endsWith("*");
      boolean known =
          prefix
              ? LintRule.all().stream()
                  .anyMatch(r -> r.id().startsWith(id.substring(0, id.length() - 1)))
              : LintRule.byId(id).isPresent();
      if (!known) {
        throw rule.getValue()
            .error(
                "'" + id + "' is not a lint rule (list them with 'changetrail lint --list-rules')");
      }
      String level = rule.getValue().string().strip().toLowerCase(Locale.ROOT);
      switch (level) {
        case "off", "false", "disabled" -> severities.put(id, Optional.empty());
        case "error", "warning", "info" ->
            severities.put(id, Optional.of(Severity.valueOf(level.toUpperCase(Locale.ROOT))));
        default ->
            throw rule.getValue()
                .error("expected error, warning, info or off, found '" + level + "'");
      }
    }
    int maxHeader =
        YamlValue.get(fields, "max_header_length")
            .map(v -> v.integer(20, 1000))
            .orElse(defaults.maxHeaderLength());
    List<String> antiPatterns =
        YamlValue.get(fields, "anti_patterns").map(YamlValue::stringList).orElse(List.of());
    return new LintConfig(
        severities,
        maxHeader,
        antiPatterns,
        YamlValue.get(fields, "merge_commits")
            .map(v -> v.enumValue(SpecialCommitPolicy.class))
            .orElse(defaults.merges()),
        YamlValue.get(fields, "revert_commits")
            .map(v -> v.enumValue(SpecialCommitPolicy.class))
            .orElse(defaults.reverts()),
        YamlValue.get(fields, "fixup_commits")
            .map(v -> v.enumValue(SpecialCommitPolicy.class))
            .orElse(defaults.fixups()));
  }

  private static ChangelogConfig changelog(YamlValue value) {
    ChangelogConfig defaults = ChangelogConfig.defaults();
    Map<String, YamlValue> fields = value.mapping(CHANGELOG_KEYS);
    List<Pattern> patterns = defaults.ticketPatterns();
    Optional<YamlValue> patternsValue = YamlValue.get(fields, "ticket_patterns");
    if (patternsValue.isPresent()) {
      patterns = new ArrayList<>();
      for (String pattern : patternsValue.get().stringList()) {
        try {
          patterns.add(Pattern.compile(pattern));
        } catch (PatternSyntaxException e) {
          throw patternsValue
              .get()
              .error("'" + pattern + "' is not a regular expression: " + e.getDescription());
        }
      }
    }
    return new ChangelogConfig(
        patterns,
        YamlValue.get(fields, "ticket_url").map(YamlValue::string).orElse(""),
        YamlValue.get(fields, "commit_url").map(YamlValue::string).orElse(""));
  }
}
