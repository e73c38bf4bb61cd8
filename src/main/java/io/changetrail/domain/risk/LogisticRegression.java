package io.changetrail.domain.risk;

/**
 * L2-regularized logistic regression fitted by Newton's method (iteratively reweighted least
 * squares) on standardized columns. Deterministic: the same rows give the same coefficients.
 */
public final class LogisticRegression {
  private static final int MAX_ITERATIONS = 50;
  private static final double TOLERANCE = 1e-9;

  private LogisticRegression() {}

  /**
   * A fitted model on standardized inputs.
   *
   * @param intercept the log-odds of an average change
   * @param coefficients one per column, on the standardized scale
   * @param means the mean of each column in the training rows
   * @param sds the standard deviation of each column (1 for a constant column)
   */
  public record Fit(double intercept, double[] coefficients, double[] means, double[] sds) {
    public double logit(double[] x) {
      double z = intercept;
      for (int j = 0; j < x.length; j++) {
        z += coefficients[j] * (x[j] - means[j]) / sds[j];
      }
      return z;
    }

    public double probability(double[] x) {
      return sigmoid(logit(x));
    }
  }

  /**
   * Fits the model.
   *
   * @param x rows of (already transformed) feature values
   * @param y the labels, 1 for bug-inducing
   * @param lambda the L2 penalty on the coefficients (not on the intercept), per row
   */
  public static Fit fit(double[][] x, int[] y, double lambda) {
    int n = x.length;
    if (n == 0) {
      throw new IllegalArgumentException("no rows to fit");
    }
    int p = x[0].length;
    double[] means = new double[p];
    double[] sds = new double[p];
    for (int j = 0; j < p; j++) {
      double sum = 0;
      for (double[] row : x) {
        sum += row[j];
      }
      means[j] = sum / n;
      double sq = 0;
      for (double[] row : x) {
        sq += (row[j] - means[j]) * (row[j] - means[j]);
      }
      double sd = Math.sqrt(sq / n);
      sds[j] = sd > 1e-12 ? sd : 1.0;
    }
    double[][] z = new double[n][p + 1];
    for (int i = 0; i < n; i++) {
      z[i][0] = 1;
      for (int j = 0; j < p; j++) {
        z[i][j + 1] = (x[i][j] - means[j]) / sds[j];
      }
    }
    double[] beta = new double[p + 1];
    double penalty = lambda * n;
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      double[] gradient = new double[p + 1];
      double[][] hessian = new double[p + 1][p + 1];
      for (int i = 0; i < n; i++) {
        double eta = 0;
        for (int j = 0; j <= p; j++) {
          eta += beta[j] * z[i][j];
        }
        double mu = sigmoid(eta);
        double w = Math.max(mu * (1 - mu), 1e-10);
        double r = y[i] - mu;
        for (int j = 0; j <= p; j++) {
          gradient[j] += r * z[i][j];
          double wz = w * z[i][j];
          for (int k = j; k <= p; k++) {
            hessian[j][k] += wz * z[i][k];
          }
        }
      }
      for (int j = 0; j <= p; j++) {
        for (int k = 0; k < j; k++) {
          hessian[j][k] = hessian[k][j];
        }
      }
      for (int j = 1; j <= p; j++) {
        gradient[j] -= penalty * beta[j];
        hessian[j][j] += penalty;
      }
      hessian[0][0] += 1e-9;
      double[] step = solve(hessian, gradient);
      double change = 0;
      for (int j = 0; j <= p; j++) {
        beta[j] += step[j];
        change = Math.max(change, Math.abs(step[j]));
      }
      if (change < TOLERANCE) {
        break;
      }
    }
    double[] coefficients = new double[p];
    System.arraycopy(beta, 1, coefficients, 0, p);
    return new Fit(beta[0], coefficients, means, sds);
  }

  public static double sigmoid(double z) {
    if (z >= 0) {
      return 1 / (1 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1 + e);
  }

  public static double logit(double p) {
    double q = Math.min(Math.max(p, 1e-12), 1 - 1e-12);
    return Math.log(q / (1 - q));
  }

  /** Solves {@code a x = b} by Gaussian elimination with partial pivoting (a is copied). */
  static double[] solve(double[][] matrix, double[] vector) {
    int n = vector.length;
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      a[i] = matrix[i].clone();
    }
    double[] b = vector.clone();
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int row = col + 1; row < n; row++) {
        if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) {
          pivot = row;
        }
      }
      double[] t = a[col];
      a[col] = a[pivot];
      a[pivot] = t;
      double tb = b[col];
      b[col] = b[pivot];
      b[pivot] = tb;
      if (Math.abs(a[col][col]) < 1e-15) {
        continue;
      }
      for (int row = col + 1; row < n; row++) {
        double f = a[row][col] / a[col][col];
        if (f == 0) {
          continue;
        }
        for (int k = col; k < n; k++) {
          a[row][k] -= f * a[col][k];
        }
        b[row] -= f * b[col];
      }
    }
    double[] x = new double[n];
    for (int row = n - 1; row >= 0; row--) {
      double sum = b[row];
      for (int k = row + 1; k < n; k++) {
        sum -= a[row][k] * x[k];
      }
      x[row] = Math.abs(a[row][row]) < 1e-15 ? 0 : sum / a[row][row];
    }
    return x;
  }
}
