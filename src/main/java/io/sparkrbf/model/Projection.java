package io.sparkrbf.model;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import io.sparkrbf.kernel.Blas;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import org.netlib.util.intW;

/**
 * A linear projection of the scaled inputs onto their leading principal components:
 * {@code z = V (x - mean)}, with V the k x D matrix whose rows are the components. The network
 * then works in k dimensions instead of D, which makes every distance cheaper. Learned on the
 * scaled training rows and stored with the model, like the scaling.
 *
 * <p>Each component's sign is fixed (its entry of largest magnitude is positive, the first such
 * entry on ties), so the same data gives the same projection on every run.
 */
public final class Projection implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double[] mean;
  /** k x D, row-major: component i is {@code components[i * D, (i + 1) * D)}. */
  private final double[] components;
  private final double[] explainedVariance;

  /**
   * @param mean the mean of the scaled training rows (D values), subtracted before projecting
   * @param components the k components, each of D values
   * @param explainedVariance each component's share of the variance of the scaled rows, in [0, 1]
   */
  public Projection(double[] mean, double[][] components, double[] explainedVariance) {
    int d = mean.length;
    int k = components.length;
    if (k < 1 || k > d) {
      throw new IllegalArgumentException("a projection of " + d + " features needs 1 to " + d + " components, got "
          + k);
    }
    if (explainedVariance.length != k) {
      throw new IllegalArgumentException(k + " components but " + explainedVariance.length + " explained variances");
    }
    this.mean = requireFinite("mean", mean.clone());
    this.components = new double[k * d];
    for (int i = 0; i < k; i++) {
      if (components[i].length != d) {
        throw new IllegalArgumentException("component " + i + " has " + components[i].length + " values, expected "
            + d);
      }
      System.arraycopy(requireFinite("component " + i, components[i]), 0, this.components, i * d, d);
    }
    for (double share : explainedVariance) {
      if (!(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException("an explained variance share must be in [0, 1], got " + share);
      }
    }
    this.explainedVariance = explainedVariance.clone();
  }

  /**
   * Every principal component (D of them, by decreasing variance) of rows with the given mean
   * and covariance: an eigendecomposition on this machine (LAPACK dsyevd).
   *
   * @param covariance D x D, symmetric (only its lower triangle in column-major order is read)
   */
  public static Projection principalComponents(double[] mean, double[] covariance) {
    int d = mean.length;
    if (covariance.length != (long) d * d) {
      throw new IllegalArgumentException("a covariance of " + d + " features has " + d + " x " + d + " values, got "
          + covariance.length);
    }
    double[] vectors = covariance.clone();
    double[] values = new double[d];
    intW info = new intW(0);
    double[] workSize = new double[1];
    int[] iworkSize = new int[1];
    LAPACK lapack = LAPACK.getInstance();
    lapack.dsyevd("V", "L", d, vectors, d, values, workSize, -1, iworkSize, -1, info);
    lapack.dsyevd("V", "L", d, vectors, d, values, new double[(int) workSize[0]], (int) workSize[0],
        new int[iworkSize[0]], iworkSize[0], info);
    if (info.val != 0) {
      throw new IllegalStateException("the eigendecomposition of the " + d + " x " + d + " covariance failed (dsyevd "
          + "info " + info.val + ")");
    }
    double total = 0;
    for (double v : values) {
      total += Math.max(v, 0);
    }
    double[][] components = new double[d][];
    double[] shares = new double[d];
    for (int i = 0; i < d; i++) {
      int column = d - 1 - i; // dsyevd sorts the eigenvalues in increasing order
      components[i] = signFixed(Arrays.copyOfRange(vectors, column * d, column * d + d));
      shares[i] = total > 0 ? Math.max(values[column], 0) / total : 0;
    }
    return new Projection(mean, components, shares);
  }

  private static double[] signFixed(double[] v) {
    int largest = 0;
    for (int f = 1; f < v.length; f++) {
      if (Math.abs(v[f]) > Math.abs(v[largest])) {
        largest = f;
      }
    }
    if (v[largest] < 0) {
      for (int f = 0; f < v.length; f++) {
        v[f] = -v[f];
      }
    }
    return v;
  }

  /** The leading {@code k} components of this projection. */
  public Projection first(int k) {
    double[][] kept = new double[k][];
    for (int i = 0; i < k; i++) {
      kept[i] = component(i);
    }
    return new Projection(mean, kept, Arrays.copyOf(explainedVariance, k));
  }

  /** D, the width of the scaled rows it takes. */
  public int inputFeatures() {
    return mean.length;
  }

  /** k, the width of the rows it gives. */
  public int outputFeatures() {
    return explainedVariance.length;
  }

  public double[] mean() {
    return mean.clone();
  }

  /** Component {@code i} (0 = the one of largest variance), D values. */
  public double[] component(int i) {
    int d = mean.length;
    return Arrays.copyOfRange(components, i * d, i * d + d);
  }

  /** The components as k rows of D values. */
  public double[][] components() {
    double[][] rows = new double[outputFeatures()][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = component(i);
    }
    return rows;
  }

  /** Each component's share of the variance of the scaled training rows. */
  public double[] explainedVariance() {
    return explainedVariance.clone();
  }

  /** The share of the scaled rows' variance the k components keep together. */
  public double keptShare() {
    double sum = 0;
    for (double share : explainedVariance) {
      sum += share;
    }
    return sum;
  }

  /**
   * Projects {@code rows} scaled rows of D values ({@code x}, row after row; centered in place) into
   * {@code rows} rows of k values: one matrix product, {@code (X - mean) V^T}.
   */
  public double[] applyToRows(double[] x, int rows) {
    int d = mean.length;
    int k = outputFeatures();
    for (int r = 0, at = 0; r < rows; r++, at += d) {
      for (int f = 0; f < d; f++) {
        x[at + f] -= mean[f];
      }
    }
    double[] z = new double[rows * k];
    // in BLAS's column-major terms X is D x rows, V is D x k and Z is k x rows: Z = V^T X
    BLAS blas = Blas.get();
    blas.dgemm("T", "N", k, rows, d, 1.0, components, d, x, d, 0.0, z, k);
    return z;
  }

  /** "keeps 86.3% of the variance of the scaled rows (64 of 784 dimensions)", for the log and the report. */
  public String describe() {
    return String.format(Locale.ROOT, "keeps %.1f%% of the variance of the scaled rows (%d of %d dimensions)",
        100 * keptShare(), outputFeatures(), inputFeatures());
  }

  /** A hash of the mean and the components, for checkpoint fingerprints. */
  public int contentHash() {
    return Arrays.hashCode(mean) * 31 + Arrays.hashCode(components);
  }

  private static double[] requireFinite(String what, double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException("the projection's " + what + " holds " + values[i] + " at " + i);
      }
    }
    return values;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Projection p && Arrays.equals(mean, p.mean) && Arrays.equals(components, p.components)
        && Arrays.equals(explainedVariance, p.explainedVariance);
  }

  @Override
  public int hashCode() {
    return contentHash() * 31 + Arrays.hashCode(explainedVariance);
  }
}
