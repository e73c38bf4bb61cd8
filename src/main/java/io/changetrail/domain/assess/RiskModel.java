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
 * @param sizePerDoubling points for each doubling of the change's size in units of {@code
 *     sizeUnitLines} (lines added, tests' at half, plus {@code deletedLinesPercent} of the lines
 *     deleted): the graded size factor
 * @param sizeUnitLines the lines of one size unit
 * @param deletedLinesPercent the share, in percent, of the deleted lines the size counts: 0 by
 *     default, since on real history (apache/activemq, quickfixj) counting them ranked bug-inducing
 *     commits worse; the risk is in the lines a change adds
 * @param maxSize cap on the graded size factor
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
    int sizePerDoubling,
    int sizeUnitLines,
    int deletedLinesPercent,
    int maxSize,
    int perExtraSystem,
    int maxBreadth,
    int perDependentSystem,
    int maxDependents,
    int untestedProductionChange,
    int deletedFiles,
    int breakingChange,
    int mediumThreshold,
    int highThreshold) {

  /**
   * The built-in thresholds, set from the shares of real histories they give (bench/RESULTS.md):
   * over the last 500 commits of apache/activemq, quickfix-j/quickfixj, real-logic/artio and
   * conventional-changelog/commitlint, about a tenth of the commits score HIGH and about a third
   * MEDIUM or HIGH (Meta gates the riskiest tenth of its diffs; a HIGH that a quarter of the
   * changes get is one approvers learn to ignore).
   */
  public static final int MEDIUM_THRESHOLD = 60;

  public static final int HIGH_THRESHOLD = 140;

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
    types.put(ChangeType.CONFIGURATION, 5);
    types.put(ChangeType.ENHANCEMENT, 5);
    types.put(ChangeType.BUGFIX, 10);
    types.put(ChangeType.CLEANUP, 0);
    types.put(ChangeType.VERIFICATION, 0);
    types.put(ChangeType.PRODUCTION, 0);
    types.put(ChangeType.GENERAL, 0);
    return new RiskModel(
        List.of(50, 30, 10, 0),
        types,
        100,
        0,
        500,
        0,
        30,
        10,
        0,
        300,
        8,
        24,
        5,
        15,
        0,
        5,
        15,
        MEDIUM_THRESHOLD,
        HIGH_THRESHOLD);
  }

  /**
   * The graded size points of a change: lines added (those of tests count half) plus {@code
   * deletedLinesPercent} of the lines deleted, {@code sizePerDoubling} points per doubling of
   * {@code sizeUnitLines}.
   */
  public int sizePoints(int added, int testAdded, int deleted) {
    if (sizePerDoubling <= 0 || sizeUnitLines <= 0) {
      return 0;
    }
    double size = added - testAdded / 2.0 + deleted * (deletedLinesPercent / 100.0);
    double points = sizePerDoubling * (Math.log1p(size / sizeUnitLines) / Math.log(2));
    return (int) Math.min(maxSize, Math.round(points));
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
