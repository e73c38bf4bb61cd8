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
 */
public record RiskAssessment(
    Level level, int score, int mediumThreshold, int highThreshold, List<RiskFactor> factors) {
  public RiskAssessment {
    factors = List.copyOf(factors);
  }
}
