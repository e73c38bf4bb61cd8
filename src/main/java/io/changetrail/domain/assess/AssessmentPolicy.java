package io.changetrail.domain.assess;

import io.changetrail.domain.system.SystemCatalog;
import java.util.List;

/**
 * Everything an assessment depends on besides the diff: the system catalog, the sensitive-path
 * rules and the risk model. Built from changetrail.yml and defaults.
 *
 * @param catalog the systems (configured or discovered)
 * @param sensitivePaths rules for risky paths
 * @param riskModel weights and thresholds
 * @param defaultTier tier of files that belong to no system
 * @param vocabulary the team's type and section aliases besides the methodology's
 */
public record AssessmentPolicy(
    SystemCatalog catalog,
    List<SensitivePathRule> sensitivePaths,
    RiskModel riskModel,
    int defaultTier,
    Vocabulary vocabulary) {

  public AssessmentPolicy {
    sensitivePaths = List.copyOf(sensitivePaths);
    vocabulary = vocabulary == null ? Vocabulary.methodology() : vocabulary;
  }

  /** A policy with the methodology's vocabulary only. */
  public AssessmentPolicy(
      SystemCatalog catalog,
      List<SensitivePathRule> sensitivePaths,
      RiskModel riskModel,
      int defaultTier) {
    this(catalog, sensitivePaths, riskModel, defaultTier, null);
  }

  public static AssessmentPolicy defaults(SystemCatalog catalog) {
    return new AssessmentPolicy(catalog, SensitivePathRule.defaults(), RiskModel.defaults(), 4);
  }
}
