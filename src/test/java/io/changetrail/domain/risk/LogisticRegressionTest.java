package io.changetrail.domain.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {
  @Test
  void separatesASeparableToySet() {
    double[][] x = new double[40][];
    int[] y = new int[40];
    for (int i = 0; i < 40; i++) {
      x[i] = new double[] {i, (i * 7) % 5};
      y[i] = i >= 20 ? 1 : 0;
    }
    LogisticRegression.Fit fit = LogisticRegression.fit(x, y, 0.001);
    assertThat(fit.coefficients()[0]).isPositive();
    double[] scores = new double[40];
    for (int i = 0; i < 40; i++) {
      scores[i] = fit.probability(x[i]);
    }
    assertThat(Ranking.rocAuc(scores, y)).isEqualTo(1.0);
    assertThat(fit.probability(new double[] {39, 0})).isGreaterThan(0.9);
    assertThat(fit.probability(new double[] {0, 0})).isLessThan(0.1);
  }

  @Test
  void theSameRowsGiveTheSameCoefficients() {
    Random random = new Random(7);
    double[][] x = new double[300][];
    int[] y = new int[300];
    for (int i = 0; i < 300; i++) {
      x[i] = new double[] {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
      y[i] = x[i][0] + 0.5 * random.nextGaussian() > 0 ? 1 : 0;
    }
    LogisticRegression.Fit a = LogisticRegression.fit(x, y, 0.01);
    LogisticRegression.Fit b = LogisticRegression.fit(x, y, 0.01);
    assertThat(a.coefficients()).containsExactly(b.coefficients());
    assertThat(a.intercept()).isEqualTo(b.intercept());
    assertThat(a.coefficients()[0]).isGreaterThan(Math.abs(a.coefficients()[1]) * 3);
  }

  @Test
  void aStrongerPenaltyShrinksTheCoefficients() {
    double[][] x = {{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}};
    int[] y = {0, 0, 1, 0, 1, 0, 1, 1};
    double weak = LogisticRegression.fit(x, y, 0.0001).coefficients()[0];
    double strong = LogisticRegression.fit(x, y, 1).coefficients()[0];
    assertThat(strong).isPositive().isLessThan(weak);
  }

  @Test
  void rankingFiguresOnAKnownExample() {
    double[] scores = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4};
    int[] labels = {1, 0, 1, 0, 0, 1};
    // positives outrank negatives in 5 of the 9 pairs
    assertThat(Ranking.rocAuc(scores, labels)).isCloseTo(5 / 9.0, within(1e-9));
    // precision at each hit: 1/1, 2/3, 3/6
    assertThat(Ranking.prAuc(scores, labels)).isCloseTo((1 + 2 / 3.0 + 0.5) / 3, within(1e-9));
    double[] effort = {10, 10, 10, 10, 10, 50};
    // 20% of 100 lines: the two riskiest changes, one of the three bug-inducing ones
    assertThat(Ranking.effortRecall(scores, labels, effort, 0.2)).isCloseTo(1 / 3.0, within(1e-9));
    assertThat(Ranking.rocAuc(new double[] {1, 1}, new int[] {1, 0})).isEqualTo(0.5);
  }
}
