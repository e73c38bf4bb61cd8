package io.changetrail.domain.risk;

import io.changetrail.domain.ChangeTrailException;
import io.changetrail.domain.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calibrates a {@link LearnedModel} on labelled changes with a time split: the oldest {@link
 * #TRAIN_SHARE} of the mature changes fit the model, the newer rest scores it, and changes newer
 * than the maturity cut-off (whose bugs may not be found yet) are left out of both. The model
 * written is refitted on every mature change; the figures reported are those of the held-out
 * future. Pure and deterministic.
 */
public final class Calibration {
  public static final double TRAIN_SHARE = 0.75;
  public static final double DEFAULT_LAMBDA = 0.01;

  /**
   * The model is fitted on the most recent years before the point it predicts from: practice drifts
   * (experience and file histories only grow), and on real history the recent past predicts the
   * future better than the whole past.
   */
  public static final long FIT_WINDOW_SECONDS = 5L * 365 * 86_400;

  /** Mature changes needed, and bug-inducing ones in each part of the split. */
  public static final int MIN_CHANGES = 100;

  public static final int MIN_TRAIN_POSITIVES = 20;
  public static final int MIN_TEST_POSITIVES = 5;

  /**
   * Share of the changes a model was fitted on that its thresholds rate HIGH: the riskiest tenth,
   * as Meta gates the riskiest 10% of its diffs. A HIGH that a quarter of the changes get is one
   * approvers learn to ignore.
   */
  public static final double HIGH_SHARE = 0.10;

  /** Share of the changes a model was fitted on that its thresholds rate MEDIUM or HIGH. */
  public static final double MEDIUM_SHARE = 0.35;

  /**
   * One labelled change.
   *
   * @param sha its commit
   * @param time author time, epoch seconds
   * @param features its features
   * @param bugInducing the label
   * @param builtInScore today's built-in score of the change, for comparison
   */
  public record Row(
      String sha, long time, ChangeFeatures features, boolean bugInducing, double builtInScore) {}

  /**
   * What calibration found.
   *
   * @param model the model fitted on every mature change
   * @param trained changes the split's model was fitted on (the recent part of the older ones)
   * @param tested changes in the held-out part
   * @param trainPositives bug-inducing changes among the trained
   * @param testPositives bug-inducing changes among the tested
   * @param immature changes left out as too recent
   * @param splitTime the first author time of the held-out part (epoch seconds)
   * @param figures held-out figures per score: model, lines added, built-in
   * @param levels held-out changes and bug-inducing changes per level of the model
   */
  public record Result(
      LearnedModel model,
      int trained,
      int tested,
      int trainPositives,
      int testPositives,
      int immature,
      long splitTime,
      Map<String, Ranking.Figures> figures,
      Map<String, int[]> levels) {}

  private Calibration() {}

  /**
   * Calibrates on {@code rows}.
   *
   * @param matureBefore epoch seconds: changes at or after it are immature and left out
   * @param provenance what to record about the history in the model file
   */
  public static Result calibrate(
      List<Row> rows, long matureBefore, double lambda, Map<String, Object> provenance) {
    List<Row> mature =
        rows.stream()
            .filter(r -> r.time() < matureBefore)
            .sorted(Comparator.comparingLong(Row::time).thenComparing(Row::sha))
            .toList();
    int immature = rows.size() - mature.size();
    if (mature.size() < MIN_CHANGES) {
      throw new ChangeTrailException(
          Problem.NOTHING_TO_DO,
          "too little history to calibrate: "
              + mature.size()
              + " mature commit(s), at least "
              + MIN_CHANGES
              + " are needed ("
              + immature
              + " more recent one(s) are left out as immature)",
          "calibrate a longer history, or lower --immature-months");
    }
    int cut = (int) Math.floor(mature.size() * TRAIN_SHARE);
    List<Row> train = mature.subList(0, cut);
    List<Row> test = mature.subList(cut, mature.size());
    int trainPositives = (int) train.stream().filter(Row::bugInducing).count();
    int testPositives = (int) test.stream().filter(Row::bugInducing).count();
    if (trainPositives < MIN_TRAIN_POSITIVES || testPositives < MIN_TEST_POSITIVES) {
      throw new ChangeTrailException(
          Problem.NOTHING_TO_DO,
          "too few bug-inducing commits to calibrate: "
              + trainPositives
              + " in the older "
              + train.size()
              + " commits (at least "
              + MIN_TRAIN_POSITIVES
              + " needed) and "
              + testPositives
              + " in the newer "
              + test.size()
              + " (at least "
              + MIN_TEST_POSITIVES
              + " needed)",
          "fixes are found from commit messages (BUGFIX:, fix:, 'fixes #12'...); give labels with"
              + " --labels FILE, or calibrate a longer history");
    }
    JitFeature[] features = JitFeature.values();
    List<Row> fitted = recent(train);
    LogisticRegression.Fit split = fit(fitted, features, lambda);
    LearnedModel splitModel = model(split, features, fitted, lambda, new LinkedHashMap<>());

    double[] modelScores = new double[test.size()];
    double[] linesAdded = new double[test.size()];
    double[] builtIn = new double[test.size()];
    double[] effort = new double[test.size()];
    int[] labels = new int[test.size()];
    Map<String, int[]> levels = new LinkedHashMap<>();
    for (String level : List.of("LOW", "MEDIUM", "HIGH")) {
      levels.put(level, new int[2]);
    }
    for (int i = 0; i < test.size(); i++) {
      Row row = test.get(i);
      double p = splitModel.probability(row.features());
      modelScores[i] = p;
      linesAdded[i] = row.features().get(JitFeature.LA);
      builtIn[i] = row.builtInScore();
      effort[i] =
          Math.max(1, row.features().get(JitFeature.LA) + row.features().get(JitFeature.LD));
      labels[i] = row.bugInducing() ? 1 : 0;
      int[] tally = levels.get(splitModel.levelOf(p).name());
      tally[0]++;
      tally[1] += labels[i];
    }
    Map<String, Ranking.Figures> figures = new LinkedHashMap<>();
    figures.put("model", Ranking.figures(modelScores, labels, effort));
    figures.put("lines added", Ranking.figures(linesAdded, labels, effort));
    figures.put("built-in score", Ranking.figures(builtIn, labels, effort));

    List<Row> window = recent(mature);
    LogisticRegression.Fit all = fit(window, features, lambda);
    Map<String, Object> recorded = new LinkedHashMap<>(provenance);
    LearnedModel model = model(all, features, window, lambda, recorded);
    return new Result(
        model,
        fitted.size(),
        test.size(),
        (int) fitted.stream().filter(Row::bugInducing).count(),
        testPositives,
        immature,
        test.get(0).time(),
        figures,
        levels);
  }

  /** The rows of the last {@link #FIT_WINDOW_SECONDS} of {@code rows} (sorted by time). */
  static List<Row> recent(List<Row> rows) {
    long from = rows.get(rows.size() - 1).time() - FIT_WINDOW_SECONDS;
    int start = 0;
    while (start < rows.size() - MIN_CHANGES && rows.get(start).time() < from) {
      start++;
    }
    return rows.subList(start, rows.size());
  }

  private static LogisticRegression.Fit fit(List<Row> rows, JitFeature[] features, double lambda) {
    double[][] x = new double[rows.size()][];
    int[] y = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      x[i] = transformed(rows.get(i).features(), features);
      y[i] = rows.get(i).bugInducing() ? 1 : 0;
    }
    return LogisticRegression.fit(x, y, lambda);
  }

  static double[] transformed(ChangeFeatures change, JitFeature[] features) {
    double[] x = new double[features.length];
    for (int j = 0; j < features.length; j++) {
      x[j] = features[j].transform(change.get(features[j]));
    }
    return x;
  }

  private static LearnedModel model(
      LogisticRegression.Fit fit,
      JitFeature[] features,
      List<Row> rows,
      double lambda,
      Map<String, Object> provenance) {
    List<LearnedModel.Coefficient> coefficients = new ArrayList<>();
    for (int j = 0; j < features.length; j++) {
      coefficients.add(
          new LearnedModel.Coefficient(
              features[j], fit.means()[j], fit.sds()[j], fit.coefficients()[j]));
    }
    double[] probabilities = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      probabilities[i] = fit.probability(transformed(rows.get(i).features(), features));
    }
    Arrays.sort(probabilities);
    double high = riskiest(probabilities, HIGH_SHARE);
    double medium = Math.min(high, riskiest(probabilities, MEDIUM_SHARE));
    Map<String, Object> levels = new LinkedHashMap<>();
    levels.put(
        "rule",
        "HIGH: the riskiest "
            + Math.round(100 * HIGH_SHARE)
            + "% of the commits the model was fitted on; MEDIUM or HIGH: the riskiest "
            + Math.round(100 * MEDIUM_SHARE)
            + "%");
    levels.put("highShare", HIGH_SHARE);
    levels.put("mediumOrHigherShare", MEDIUM_SHARE);
    levels.put("commits", rows.size());
    provenance.put("levels", levels);
    return new LearnedModel(
        LearnedModel.SCHEMA, fit.intercept(), coefficients, medium, high, lambda, provenance);
  }

  /**
   * The probability from which the riskiest {@code share} of {@code sorted} (ascending) are rated:
   * rounded to whole changes, and at least one.
   */
  static double riskiest(double[] sorted, double share) {
    long count = Math.max(1, Math.round(share * sorted.length));
    int index = (int) Math.max(0, sorted.length - count);
    return sorted[index];
  }
}
