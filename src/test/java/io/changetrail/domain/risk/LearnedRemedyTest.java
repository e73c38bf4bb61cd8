package io.changetrail.domain.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.changetrail.domain.assess.RiskFactor;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The remedy of a learned factor follows the sign the model learned: advice is given only where
 * following it would lower the factor's points, and a factor that raises risk the other way from
 * intuition says so truthfully instead (activemq's model gave lines of tests added a positive
 * weight, and its remedy said "add the missing test").
 */
class LearnedRemedyTest {

  /** A one-feature model: typical value {@code e^mean - 1}, the given coefficient. */
  private static LearnedModel model(JitFeature feature, double mean, double coefficient) {
    return new LearnedModel(
        LearnedModel.SCHEMA,
        -1.5,
        List.of(new LearnedModel.Coefficient(feature, mean, 1.0, coefficient)),
        0.2,
        0.4,
        0.01,
        Map.of());
  }

  private static ChangeFeatures change(
      JitFeature feature, double value, Map<String, String> soleOwners, List<String> untested) {
    Map<JitFeature, Double> values = new EnumMap<>(JitFeature.class);
    values.put(feature, value);
    return new ChangeFeatures(values, soleOwners, untested);
  }

  private static RiskFactor only(LearnedModel model, ChangeFeatures change) {
    List<RiskFactor> factors = model.assess(change).factors();
    assertThat(factors).hasSize(1);
    assertThat(factors.get(0).weight()).as(factors.get(0).description()).isPositive();
    return factors.get(0);
  }

  @Test
  void testsAddedThatWentWithBugsGetNoAdviceToAddTests() {
    // learned: more lines of tests added, more risk (activemq's sign); this change adds 400
    RiskFactor tla =
        only(
            model(JitFeature.TLA, Math.log1p(20), 0.3),
            change(JitFeature.TLA, 400, Map.of(), List.of("src/main/A.java")));
    assertThat(tla.description())
        .startsWith("lines of tests added: 400 (typical 20)")
        .contains(
            "large test additions went with bug-inducing changes in this history: a reviewer"
                + " should look at what the tests cover")
        .doesNotContain("to lower it")
        .doesNotContain("add the missing test");

    RiskFactor tests =
        only(
            model(JitFeature.TESTS, Math.log1p(1), 0.3),
            change(JitFeature.TESTS, 12, Map.of(), List.of()));
    assertThat(tests.description()).doesNotContain("to lower it").contains("what the tests cover");
  }

  @Test
  void testsMissingWhereFewerTestsWentWithBugsGetTheMissingTestNamed() {
    RiskFactor tla =
        only(
            model(JitFeature.TLA, Math.log1p(20), -0.3),
            change(JitFeature.TLA, 0, Map.of(), List.of("src/main/B.java", "src/main/A.java")));
    assertThat(tla.description())
        .contains("; to lower it: add the missing test of src/main/A.java, src/main/B.java");
  }

  @Test
  void sizeThatWentWithBugsWhenSmallIsNotToldToSplit() {
    // learned: the fewer lines added, the more risk; splitting would raise the score further
    RiskFactor small =
        only(
            model(JitFeature.LA, Math.log1p(100), -0.4),
            change(JitFeature.LA, 2, Map.of(), List.of()));
    assertThat(small.description())
        .startsWith("lines added: 2 (typical 100)")
        .contains("in this history a value below typical went with bug-inducing changes: no remedy")
        .doesNotContain("split");

    RiskFactor large =
        only(
            model(JitFeature.LA, Math.log1p(100), 0.4),
            change(JitFeature.LA, 2_000, Map.of(), List.of()));
    assertThat(large.description()).contains("; to lower it: split the change into smaller ones");
  }

  @Test
  void aSmallTypicalCountKeepsADecimalSoBelowTypicalReadsSo() {
    // activemq: "subsystems ... changed: 1 (typical 1); in this history a value below typical"
    RiskFactor ns =
        only(
            model(JitFeature.NS, Math.log1p(1.3), -0.4),
            change(JitFeature.NS, 1, Map.of(), List.of()));
    assertThat(ns.description())
        .startsWith(
            "subsystems (top-level directories) changed: 1 (typical 1.3); in this history a"
                + " value below typical");
  }

  @Test
  void aSecondReviewerIsAdvisedOnlyWhereLittleExperienceWentWithBugs() {
    Map<String, String> soleOwner = Map.of("src/main/Order.java", "Ann");
    RiskFactor novice =
        only(
            model(JitFeature.FEXP, Math.log1p(10), -0.5),
            change(JitFeature.FEXP, 0, soleOwner, List.of()));
    assertThat(novice.description())
        .contains("; to lower it: a second reviewer: only Ann has touched src/main/Order.java");

    // learned: the author's experience on the files went with bugs (the core authors do the
    // risky work); no advice that asks for less experience
    RiskFactor expert =
        only(
            model(JitFeature.FEXP, Math.log1p(10), 0.5),
            change(JitFeature.FEXP, 300, soleOwner, List.of()));
    assertThat(expert.description())
        .contains("a value above typical went with bug-inducing changes: no remedy")
        .doesNotContain("to lower it")
        .doesNotContain("second reviewer");
  }

  @Test
  void everyRemedyGivenLowersThePointsOfItsFactor() {
    // for each feature and both signs: where the explanation gives a remedy, the remedy's
    // direction (more or less of the feature) is the one that lowers the factor's points
    for (JitFeature f : JitFeature.values()) {
      for (double coefficient : new double[] {0.5, -0.5}) {
        double mean = 1.5;
        double raising = coefficient > 0 ? 50 : 0;
        RiskFactor factor =
            only(model(f, mean, coefficient), change(f, raising, Map.of(), List.of()));
        boolean more = coefficient > 0;
        if (factor.description().contains("to lower it: ")) {
          assertThat(f.remedy(more)).as(f + " " + coefficient).isPresent();
          assertThat(factor.description()).contains(f.remedy(more).orElseThrow());
          // the opposite direction's advice is never given: it would raise the score
          f.remedy(!more)
              .ifPresent(
                  wrong ->
                      assertThat(factor.description())
                          .as(f + " " + coefficient)
                          .doesNotContain(wrong));
        } else {
          assertThat(f.remedy(more)).as(f + " " + coefficient).isEmpty();
        }
      }
    }
  }
}
