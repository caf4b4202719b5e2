package io.sparkrbf.kernel;

/**
 * The RBF network computed the plain way, one sample at a time, straight from the
 * formulas in docs/math.md: direct squared distances, explicit loops, no BLAS. The
 * blocked kernel is tested against it.
 */
public final class ReferenceRbfNetwork {
  private final RbfParameters p;
  private final RbfShape s;
  private final double smoothing;

  public ReferenceRbfNetwork(RbfParameters p, double smoothing) {
    this.p = p;
    this.s = p.shape();
    this.smoothing = smoothing;
  }

  /** Targets of one row: (1 - eps) onehot + eps / K. */
  double[] target(int label) {
    int k = s.numClasses();
    double[] y = new double[k];
    for (int c = 0; c < k; c++) {
      y[c] = (c == label ? 1 - smoothing : 0) + smoothing / k;
    }
    return y;
  }

  double squaredDistance(double[] x, int j) {
    double d2 = 0;
    for (int f = 0; f < s.numFeatures(); f++) {
      double diff = x[f] - p.center(j, f);
      d2 += diff * diff;
    }
    return d2;
  }

  double[] hidden(double[] x) {
    double[] h = new double[s.numCenters() + 1];
    h[0] = 1;
    for (int j = 0; j < s.numCenters(); j++) {
      h[j + 1] = Math.exp(-p.beta(j) * squaredDistance(x, j));
    }
    return h;
  }

  /** The scores {@code [1 phi(x)] W^T}, before the softmax. */
  public double[] logits(double[] x) {
    double[] h = hidden(x);
    double[] z = new double[s.numClasses()];
    for (int c = 0; c < z.length; c++) {
      for (int j = 0; j <= s.numCenters(); j++) {
        z[c] += p.weight(c, j) * h[j];
      }
    }
    return z;
  }

  public double[] logProbabilities(double[] x) {
    double[] z = logits(x);
    int k = z.length;
    double a = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < k; c++) {
      a = Math.max(a, z[c]);
    }
    double sum = 0;
    for (int c = 0; c < k; c++) {
      sum += Math.exp(z[c] - a);
    }
    for (int c = 0; c < k; c++) {
      z[c] = z[c] - a - Math.log(sum);
    }
    return z;
  }

  /** Mean cross-entropy over the rows. */
  public double loss(double[][] xs, int[] labels) {
    double e = 0;
    for (int i = 0; i < xs.length; i++) {
      double[] logP = logProbabilities(xs[i]);
      double[] y = target(labels[i]);
      for (int c = 0; c < y.length; c++) {
        e -= y[c] * logP[c];
      }
    }
    return e / xs.length;
  }

  /** dE/dtheta of the mean loss, in the flat RbfShape layout. */
  public double[] gradient(double[][] xs, int[] labels) {
    int n = s.numCenters();
    int k = s.numClasses();
    int d = s.numFeatures();
    int bigN = xs.length;
    double[] grad = new double[s.size()];
    for (int i = 0; i < bigN; i++) {
      double[] h = hidden(xs[i]);
      double[] logP = logProbabilities(xs[i]);
      double[] y = target(labels[i]);
      double[] delta = new double[k];
      for (int c = 0; c < k; c++) {
        delta[c] = (Math.exp(logP[c]) - y[c]) / bigN;
        for (int j = 0; j <= n; j++) {
          grad[c * (n + 1) + j] += delta[c] * h[j];
        }
      }
      for (int j = 0; j < n; j++) {
        double g = 0;
        for (int c = 0; c < k; c++) {
          g += delta[c] * p.weight(c, j + 1);
        }
        double phi = h[j + 1];
        grad[s.betasOffset() + j] += g * phi * -squaredDistance(xs[i], j);
        for (int f = 0; f < d; f++) {
          grad[s.centersOffset() + j * d + f] += g * phi * 2 * p.beta(j) * (xs[i][f] - p.center(j, f));
        }
      }
    }
    return grad;
  }
}
