package io.changetrail.domain.assess;

import java.util.List;

/**
 * The risk of a change: a level derived from a score, and every factor that contributed.
 *
 * @param level LOW, MEDIUM or HIGH
 * @param score the sum of the factors' weights
 * @param mediumThreshold the score from which the level is MEDIUM
 * @param highThreshold the score from which the level is HIGH
 * @param factors every contributing factor, heaviest first
 * @param probability the probability that the change induces a bug, from a calibrated model; null
 *     for the built-in score
 * @param basis how the level was decided, for people (empty for the built-in score)
 */
public record RiskAssessment(
    Level level,
    int score,
    int mediumThreshold,
    int highThreshold,
    List<RiskFactor> factors,
    Double probability,
    String basis) {
  public RiskAssessment {
    factors = List.copyOf(factors);
    basis = basis == null ? "" : basis;
  }

  /** The built-in score's risk: no probability. */
  public RiskAssessment(
      Level level, int score, int mediumThreshold, int highThreshold, List<RiskFactor> factors) {
    this(level, score, mediumThreshold, highThreshold, factors, null, "");
  }

  public boolean calibrated() {
    return probability != null;
  }
}
