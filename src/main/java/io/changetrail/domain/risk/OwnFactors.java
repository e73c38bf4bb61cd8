package io.changetrail.domain.risk;

import io.changetrail.domain.assess.AffectedSystem;
import io.changetrail.domain.assess.Assessment;
import io.changetrail.domain.assess.RiskFactor;
import java.util.List;

/** ChangeTrail's own factors of a change, taken from its assessment, as model features. */
public final class OwnFactors {
  private OwnFactors() {}

  /** Tier 1 gives 4, tier 4 gives 1, no production system changed gives 0. */
  public static int criticality(List<AffectedSystem> systems) {
    return systems.stream()
        .filter(s -> s.direct() && s.productionChanged())
        .mapToInt(s -> Math.max(0, 5 - s.tier()))
        .max()
        .orElse(0);
  }

  public static int dependents(List<AffectedSystem> systems) {
    return (int) systems.stream().filter(s -> !s.direct()).count();
  }

  /** The features of {@code history} completed with the factors of the built-in assessment. */
  public static ChangeFeatures complete(ChangeFeatures history, Assessment assessment) {
    return complete(history, assessment.systems(), assessment.risk().factors());
  }

  public static ChangeFeatures complete(
      ChangeFeatures history, List<AffectedSystem> systems, List<RiskFactor> builtInFactors) {
    int sensitive =
        (int) builtInFactors.stream().filter(f -> f.id().startsWith("sensitive:")).count();
    return history.withOwnFactors(
        criticality(systems),
        sensitive,
        dependents(systems),
        (int) Math.round(history.get(JitFeature.TESTS)),
        history.untestedFiles());
  }
}
