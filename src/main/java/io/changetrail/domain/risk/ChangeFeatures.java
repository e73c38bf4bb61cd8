package io.changetrail.domain.risk;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The features of one change and the facts its explanation names.
 *
 * @param values raw value of every feature (before any transform)
 * @param soleOwnerFiles files changed that only one other person has touched before (path to
 *     person), for "a second reviewer" advice
 * @param untestedFiles production files changed when no test changed
 */
public record ChangeFeatures(
    Map<JitFeature, Double> values,
    Map<String, String> soleOwnerFiles,
    List<String> untestedFiles) {
  public ChangeFeatures {
    EnumMap<JitFeature, Double> copy = new EnumMap<>(JitFeature.class);
    for (JitFeature f : JitFeature.values()) {
      copy.put(f, values.getOrDefault(f, 0.0));
    }
    values = java.util.Collections.unmodifiableMap(copy);
    soleOwnerFiles = Map.copyOf(soleOwnerFiles);
    untestedFiles = List.copyOf(untestedFiles);
  }

  public double get(JitFeature feature) {
    return values.get(feature);
  }

  /** A copy with ChangeTrail's own factors set. */
  public ChangeFeatures withOwnFactors(
      int criticality, int sensitive, int dependents, int testFiles, List<String> untested) {
    EnumMap<JitFeature, Double> copy = new EnumMap<>(values);
    copy.put(JitFeature.TIER, (double) criticality);
    copy.put(JitFeature.SENSITIVE, (double) sensitive);
    copy.put(JitFeature.DEPENDENTS, (double) dependents);
    copy.put(JitFeature.TESTS, (double) testFiles);
    return new ChangeFeatures(copy, soleOwnerFiles, untested);
  }
}
