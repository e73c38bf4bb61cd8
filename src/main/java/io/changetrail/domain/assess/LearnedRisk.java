package io.changetrail.domain.assess;

import java.util.List;

/**
 * A risk model calibrated on a repository's history, applied to one change: its level, score and
 * factors from the change's features, completed with the systems it touches and ChangeTrail's own
 * built-in factors. {@code domain.risk.LearnedModel#forChange} makes one; the assessor knows only
 * this, so the learned model depends on the assessment's types and not the other way round.
 */
@FunctionalInterface
public interface LearnedRisk {
  RiskAssessment assess(List<AffectedSystem> systems, List<RiskFactor> builtInFactors);
}
