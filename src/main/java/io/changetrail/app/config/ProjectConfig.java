package io.changetrail.app.config;

import io.changetrail.domain.assess.RiskModel;
import io.changetrail.domain.assess.SensitivePathRule;
import io.changetrail.domain.assess.Vocabulary;
import io.changetrail.domain.system.SystemDefinition;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The settings of a repository from its changetrail.yml, with defaults for everything it leaves
 * out.
 *
 * @param file the file read, or empty when the repository has none
 * @param systems the systems declared, or empty to discover them from the build
 * @param sensitivePaths sensitive-path rules (the defaults, replaced or extended)
 * @param riskModel risk weights and thresholds
 * @param defaultTier tier of files that belong to no system
 * @param defaultBranch the branch {@code --branch} compares with, or empty to detect it
 * @param vocabulary the team's type and section aliases ({@code aliases:})
 */
public record ProjectConfig(
    Optional<Path> file,
    Optional<List<SystemDefinition>> systems,
    List<SensitivePathRule> sensitivePaths,
    RiskModel riskModel,
    int defaultTier,
    Optional<String> defaultBranch,
    Vocabulary vocabulary) {

  public ProjectConfig {
    vocabulary = vocabulary == null ? Vocabulary.methodology() : vocabulary;
  }

  public static ProjectConfig defaults() {
    return new ProjectConfig(
        Optional.empty(),
        Optional.empty(),
        SensitivePathRule.defaults(),
        RiskModel.defaults(),
        4,
        Optional.empty(),
        Vocabulary.methodology());
  }
}
