package io.changetrail.domain.lint;

import io.changetrail.domain.assess.Vocabulary;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lint settings of a repository ({@code lint:} in changetrail.yml).
 *
 * @param severities rule id (or a prefix ending in {@code *}, such as {@code doc.*}) to its
 *     severity; an empty value switches the rule off
 * @param maxHeaderLength longest header line without a warning
 * @param antiPatterns minimal messages rejected in addition to the defaults
 * @param merges what to do with merge commits
 * @param reverts what to do with revert commits
 * @param fixups what to do with {@code fixup!}, {@code squash!} and {@code amend!} commits
 * @param vocabulary the team's own type and section aliases besides the methodology's
 */
public record LintConfig(
    Map<String, Optional<Severity>> severities,
    int maxHeaderLength,
    List<String> antiPatterns,
    SpecialCommitPolicy merges,
    SpecialCommitPolicy reverts,
    SpecialCommitPolicy fixups,
    Vocabulary vocabulary) {

  public LintConfig {
    severities = Map.copyOf(severities);
    antiPatterns = List.copyOf(antiPatterns);
    vocabulary = vocabulary == null ? Vocabulary.methodology() : vocabulary;
  }

  /** Settings with the methodology's vocabulary only. */
  public LintConfig(
      Map<String, Optional<Severity>> severities,
      int maxHeaderLength,
      List<String> antiPatterns,
      SpecialCommitPolicy merges,
      SpecialCommitPolicy reverts,
      SpecialCommitPolicy fixups) {
    this(severities, maxHeaderLength, antiPatterns, merges, reverts, fixups, null);
  }

  public LintConfig withVocabulary(Vocabulary vocabulary) {
    return new LintConfig(
        severities, maxHeaderLength, antiPatterns, merges, reverts, fixups, vocabulary);
  }

  public static LintConfig defaults() {
    return new LintConfig(
        Map.of(),
        72,
        List.of(),
        SpecialCommitPolicy.SKIP,
        SpecialCommitPolicy.RELAXED,
        SpecialCommitPolicy.WARN);
  }

  /** The configured severity of a rule: empty when it is switched off. */
  Optional<Severity> severityOf(String rule, Severity byDefault) {
    if (severities.containsKey(rule)) {
      return severities.get(rule);
    }
    String best = null;
    for (String key : severities.keySet()) {
      if (key.endsWith("*")
          && rule.startsWith(key.substring(0, key.length() - 1))
          && (best == null || key.length() > best.length())) {
        best = key;
      }
    }
    return best == null ? Optional.of(byDefault) : severities.get(best);
  }
}
