package io.changetrail.domain.risk;

import java.util.Arrays;
import java.util.Comparator;

/**
 * How well a score ranks bug-inducing changes: ROC-AUC, PR-AUC (average precision) and the
 * effort-aware recall (the share of bug-inducing changes caught when reviewing the riskiest changes
 * until a given share of the changed lines has been read).
 */
public final class Ranking {
  private Ranking() {}

  /**
   * The three figures of one score.
   *
   * @param rocAuc probability that a bug-inducing change scores above a clean one (ties: half)
   * @param prAuc average precision
   * @param recallAt20 share of bug-inducing changes among the riskiest changes holding 20% of the
   *     changed lines
   */
  public record Figures(double rocAuc, double prAuc, double recallAt20) {}

  public static Figures figures(double[] scores, int[] labels, double[] effort) {
    return new Figures(
        rocAuc(scores, labels), prAuc(scores, labels), effortRecall(scores, labels, effort, 0.2));
  }

  /** ROC-AUC by the rank-sum (Mann-Whitney) statistic, ties averaged. NaN without both labels. */
  public static double rocAuc(double[] scores, int[] labels) {
    int n = scores.length;
    Integer[] order = order(scores, false);
    double[] ranks = new double[n];
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double rank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        ranks[order[k]] = rank;
      }
      i = j + 1;
    }
    long positives = 0;
    double rankSum = 0;
    for (int k = 0; k < n; k++) {
      if (labels[k] == 1) {
        positives++;
        rankSum += ranks[k];
      }
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /** Average precision over the ranking by descending score (ties in input order). */
  public static double prAuc(double[] scores, int[] labels) {
    Integer[] order = order(scores, true);
    long positives = Arrays.stream(labels).filter(l -> l == 1).count();
    if (positives == 0) {
      return Double.NaN;
    }
    double sum = 0;
    int hits = 0;
    for (int k = 0; k < order.length; k++) {
      if (labels[order[k]] == 1) {
        hits++;
        sum += hits / (double) (k + 1);
      }
    }
    return sum / positives;
  }

  /**
   * The share of bug-inducing changes among the riskiest changes whose effort (changed lines) adds
   * up to {@code share} of the total.
   */
  public static double effortRecall(double[] scores, int[] labels, double[] effort, double share) {
    Integer[] order = order(scores, true);
    double total = Arrays.stream(effort).sum();
    long positives = Arrays.stream(labels).filter(l -> l == 1).count();
    if (positives == 0 || total <= 0) {
      return Double.NaN;
    }
    double budget = share * total;
    double spent = 0;
    int caught = 0;
    for (int index : order) {
      if (spent + effort[index] > budget) {
        break;
      }
      spent += effort[index];
      if (labels[index] == 1) {
        caught++;
      }
    }
    return caught / (double) positives;
  }

  private static Integer[] order(double[] scores, boolean descending) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Comparator<Integer> byScore = Comparator.comparingDouble(i -> scores[i]);
    Arrays.sort(order, descending ? byScore.reversed() : byScore);
    return order;
  }
}
