package io.changetrail.domain.risk;

import io.changetrail.domain.assess.LearnedRisk;
import io.changetrail.domain.assess.Level;
import io.changetrail.domain.assess.RiskAssessment;
import io.changetrail.domain.assess.RiskFactor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A risk model calibrated on a repository's own history: what {@code changetrail calibrate} writes
 * to {@code .changetrail/risk-model.json} and {@code assess} reads back. Scoring is deterministic:
 * the same model and features give the same probability, level and factors.
 *
 * @param schema the file format, {@code changetrail.risk-model/v1}
 * @param intercept log-odds of an average change
 * @param features each feature with its standardization and coefficient
 * @param mediumThreshold probability from which a change is MEDIUM
 * @param highThreshold probability from which a change is HIGH
 * @param lambda the L2 penalty used
 * @param provenance what the model was fitted on and how it did (kept as written)
 */
public record LearnedModel(
    String schema,
    double intercept,
    List<Coefficient> features,
    double mediumThreshold,
    double highThreshold,
    double lambda,
    Map<String, Object> provenance) {
  public static final String SCHEMA = "changetrail.risk-model/v1";

  /** Points per unit of log-odds in the "+N factor" explanation. */
  public static final double POINTS_PER_LOGIT = 10;

  public LearnedModel {
    features = List.copyOf(features);
    provenance =
        provenance == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(provenance));
    if (!(mediumThreshold <= highThreshold)) {
      throw new IllegalArgumentException("the medium threshold must not exceed the high threshold");
    }
  }

  /**
   * One feature of the model.
   *
   * @param feature which feature
   * @param mean mean of its transformed value in the training rows
   * @param sd standard deviation of its transformed value
   * @param coefficient change in log-odds per standard deviation
   */
  public record Coefficient(JitFeature feature, double mean, double sd, double coefficient) {
    double contribution(ChangeFeatures change) {
      return coefficient * (feature.transform(change.get(feature)) - mean) / sd;
    }
  }

  public double logit(ChangeFeatures change) {
    double z = intercept;
    for (Coefficient c : features) {
      z += c.contribution(change);
    }
    return z;
  }

  public double probability(ChangeFeatures change) {
    return LogisticRegression.sigmoid(logit(change));
  }

  public Level levelOf(double probability) {
    if (probability >= highThreshold) {
      return Level.HIGH;
    }
    return probability >= mediumThreshold ? Level.MEDIUM : Level.LOW;
  }

  /**
   * The model applied to one change whose features against the repository's past are {@code
   * history}, completed with ChangeTrail's own factors ({@link OwnFactors}) when it is assessed.
   */
  public LearnedRisk forChange(ChangeFeatures history) {
    java.util.Objects.requireNonNull(history, "history");
    return (systems, builtInFactors) ->
        assess(OwnFactors.complete(history, systems, builtInFactors));
  }

  /**
   * The risk of a change under this model: its probability, the level from the calibrated
   * thresholds, and each feature's contribution as "+N" points (log-odds x 10 against an average
   * change of the training history), with what would lower it.
   */
  public RiskAssessment assess(ChangeFeatures change) {
    double p = probability(change);
    List<RiskFactor> factors = new ArrayList<>();
    for (Coefficient c : features) {
      int points = (int) Math.round(POINTS_PER_LOGIT * c.contribution(change));
      if (points != 0) {
        factors.add(new RiskFactor(c.feature().id(), explain(c, change, points), points));
      }
    }
    factors.sort(
        Comparator.comparingInt(RiskFactor::weight).reversed().thenComparing(RiskFactor::id));
    int score = factors.stream().mapToInt(RiskFactor::weight).sum();
    return new RiskAssessment(
        levelOf(p),
        score,
        points(mediumThreshold),
        points(highThreshold),
        factors,
        p,
        String.format(
            Locale.ROOT,
            "calibrated model: probability %.1f%%, MEDIUM from %.1f%%, HIGH from %.1f%%",
            100 * p,
            100 * mediumThreshold,
            100 * highThreshold));
  }

  private int points(double probability) {
    return (int) Math.round(POINTS_PER_LOGIT * (LogisticRegression.logit(probability) - intercept));
  }

  private static String explain(Coefficient c, ChangeFeatures change, int points) {
    JitFeature f = c.feature();
    double raw = change.get(f);
    double typical = f.count() ? Math.expm1(c.mean()) : c.mean();
    String value =
        f.count() || f == JitFeature.FIX
            ? String.valueOf(Math.round(raw))
            : String.format(Locale.ROOT, "%.2f", raw);
    // a small typical count keeps a decimal: "1 (typical 1.3)" is below typical, "1 (typical 1)"
    // would not read so
    String typicalText =
        !f.count()
            ? String.format(Locale.ROOT, "%.2f", typical)
            : typical < 10
                ? String.format(Locale.ROOT, "%.1f", typical)
                : String.valueOf(Math.round(typical));
    StringBuilder out = new StringBuilder();
    out.append(f.description()).append(": ").append(value).append(" (typical ").append(typicalText);
    out.append(")");
    if (points > 0) {
      // the factor raises the risk in the direction the model learned: more of it when its
      // coefficient is positive (the value is above typical), less of it when negative
      boolean more = c.coefficient() > 0;
      Optional<String> remedy = f.remedy(more);
      if (remedy.isPresent()) {
        out.append("; to lower it: ").append(remedy(f, more, remedy.get(), change));
      } else if (more && (f == JitFeature.TESTS || f == JitFeature.TLA)) {
        out.append(
            "; large test additions went with bug-inducing changes in this history: a reviewer"
                + " should look at what the tests cover");
      } else {
        out.append("; in this history a value ")
            .append(more ? "above" : "below")
            .append(" typical went with bug-inducing changes: no remedy (the usual advice would")
            .append(" not lower it)");
      }
    }
    return out.toString();
  }

  private static String remedy(JitFeature f, boolean more, String general, ChangeFeatures change) {
    if (!more
        && (f == JitFeature.TESTS || f == JitFeature.TLA)
        && !change.untestedFiles().isEmpty()) {
      return "add the missing test of " + list(change.untestedFiles());
    }
    if (!more
        && (f == JitFeature.FEXP || f == JitFeature.EXP || f == JitFeature.NDEV)
        && !change.soleOwnerFiles().isEmpty()) {
      Map.Entry<String, String> first =
          change.soleOwnerFiles().entrySet().stream()
              .sorted(Map.Entry.comparingByKey())
              .findFirst()
              .orElseThrow();
      return "a second reviewer: only "
          + first.getValue()
          + " has touched "
          + first.getKey()
          + (change.soleOwnerFiles().size() > 1
              ? " (and " + (change.soleOwnerFiles().size() - 1) + " more file(s) like it)"
              : "");
    }
    return general;
  }

  private static String list(List<String> paths) {
    List<String> sorted = paths.stream().sorted().toList();
    return sorted.size() > 2
        ? sorted.get(0) + ", " + sorted.get(1) + " and " + (sorted.size() - 2) + " more"
        : String.join(", ", sorted);
  }
}
