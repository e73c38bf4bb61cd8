package io.changetrail.domain.assess;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The weights and thresholds of the risk score. Every field has a built-in default, and each can be
 * set in changetrail.yml under {@code risk:}.
 *
 * @param tierWeights weight for the most critical tier touched: tiers 1, 2, 3 and 4 in that order
 * @param typeWeights weight per change type
 * @param mediumSizeLines lines changed from which a change counts as medium-sized
 * @param mediumSizeWeight its weight
 * @param largeSizeLines lines changed from which a change counts as large
 * @param largeSizeWeight its weight
 * @param perExtraSystem weight for each directly affected system beyond the first
 * @param maxBreadth cap on the breadth weight
 * @param perDependentSystem weight for each system affected through the build
 * @param maxDependents cap on that weight
 * @param untestedProductionChange weight when production code changes and no test does
 * @param deletedFiles weight when production files are deleted
 * @param breakingChange weight when the description declares a breaking change
 * @param mediumThreshold score from which risk is MEDIUM
 * @param highThreshold score from which risk is HIGH
 */
public record RiskModel(
    List<Integer> tierWeights,
    Map<ChangeType, Integer> typeWeights,
    int mediumSizeLines,
    int mediumSizeWeight,
    int largeSizeLines,
    int largeSizeWeight,
    int perExtraSystem,
    int maxBreadth,
    int perDependentSystem,
    int maxDependents,
    int untestedProductionChange,
    int deletedFiles,
    int breakingChange,
    int mediumThreshold,
    int highThreshold) {

  public RiskModel {
    tierWeights = List.copyOf(tierWeights);
    typeWeights = Map.copyOf(typeWeights);
    if (tierWeights.size() != 4) {
      throw new IllegalArgumentException("tier weights need tiers 1 to 4");
    }
    if (mediumThreshold > highThreshold) {
      throw new IllegalArgumentException(
          "the medium threshold ("
              + mediumThreshold
              + ") must not exceed the high threshold ("
              + highThreshold
              + ")");
    }
  }

  public static RiskModel defaults() {
    Map<ChangeType, Integer> types = new EnumMap<>(ChangeType.class);
    types.put(ChangeType.SECURITY, 20);
    types.put(ChangeType.INTEGRATION, 15);
    types.put(ChangeType.FEATURE, 10);
    types.put(ChangeType.CONFIGURATION, 10);
    types.put(ChangeType.ENHANCEMENT, 5);
    types.put(ChangeType.BUGFIX, 5);
    types.put(ChangeType.CLEANUP, 0);
    types.put(ChangeType.VERIFICATION, 0);
    types.put(ChangeType.PRODUCTION, 0);
    types.put(ChangeType.GENERAL, 0);
    return new RiskModel(
        List.of(40, 25, 10, 0), types, 100, 10, 500, 20, 8, 24, 5, 15, 15, 5, 15, 30, 60);
  }

  public int tierWeight(int tier) {
    return tierWeights.get(tier - 1);
  }

  public int typeWeight(ChangeType type) {
    return typeWeights.getOrDefault(type, 0);
  }

  public Level levelOf(int score) {
    if (score >= highThreshold) {
      return Level.HIGH;
    }
    return score >= mediumThreshold ? Level.MEDIUM : Level.LOW;
  }
}
