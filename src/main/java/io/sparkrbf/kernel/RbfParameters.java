package io.sparkrbf.kernel;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The trainable parameters of an RBF network: output weights W, Gaussian widths beta
 * and centers C, stored in one flat vector laid out by {@link RbfShape}.
 *
 * <p>This is what the driver broadcasts each epoch and what the optimizers update in
 * place; the model file reads and writes it group by group.
 */
public final class RbfParameters implements Serializable {
  private static final long serialVersionUID = 1L;

  private final RbfShape shape;
  private final double[] values;

  public RbfParameters(RbfShape shape, double[] values) {
    if (values.length != shape.size()) {
      throw new IllegalArgumentException(
          "parameter vector has length " + values.length + ", shape " + shape + " needs " + shape.size());
    }
    this.shape = shape;
    this.values = values;
  }

  /** Parameters of the given shape, all zero. */
  public static RbfParameters zeros(RbfShape shape) {
    return new RbfParameters(shape, new double[shape.size()]);
  }

  /** Assembles parameters from the three groups (copied). */
  public static RbfParameters of(double[][] weights, double[] betas, double[][] centers) {
    int k = weights.length;
    int n = betas.length;
    if (centers.length != n) {
      throw new IllegalArgumentException("centers has " + centers.length + " rows, betas has " + n);
    }
    RbfShape shape = new RbfShape(centers.length == 0 ? 0 : centers[0].length, n, k);
    double[] v = new double[shape.size()];
    for (int c = 0; c < k; c++) {
      if (weights[c].length != n + 1) {
        throw new IllegalArgumentException("weights row " + c + " has " + weights[c].length + " columns, expected " + (n + 1));
      }
      System.arraycopy(weights[c], 0, v, c * (n + 1), n + 1);
    }
    System.arraycopy(betas, 0, v, shape.betasOffset(), n);
    for (int j = 0; j < n; j++) {
      if (centers[j].length != shape.numFeatures()) {
        throw new IllegalArgumentException("center " + j + " has " + centers[j].length + " features, expected " + shape.numFeatures());
      }
      System.arraycopy(centers[j], 0, v, shape.centersOffset() + j * shape.numFeatures(), shape.numFeatures());
    }
    return new RbfParameters(shape, v);
  }

  public RbfShape shape() {
    return shape;
  }

  /** The flat vector itself (not a copy): optimizers update it in place. */
  public double[] values() {
    return values;
  }

  public double weight(int k, int column) {
    return values[k * shape.weightColumns() + column];
  }

  public double beta(int j) {
    return values[shape.betasOffset() + j];
  }

  public double center(int j, int feature) {
    return values[shape.centersOffset() + j * shape.numFeatures() + feature];
  }

  /** W as K rows of n+1 columns (a copy). */
  public double[][] weights() {
    return rows(0, shape.numClasses(), shape.weightColumns());
  }

  /** beta (a copy). */
  public double[] betas() {
    return Arrays.copyOfRange(values, shape.betasOffset(), shape.centersOffset());
  }

  /** C as n rows of D columns (a copy). */
  public double[][] centers() {
    return rows(shape.centersOffset(), shape.numCenters(), shape.numFeatures());
  }

  public RbfParameters copy() {
    return new RbfParameters(shape, values.clone());
  }

  /** Index of the first NaN or infinite value, or -1 when all are finite. */
  public int firstNonFinite() {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        return i;
      }
    }
    return -1;
  }

  private double[][] rows(int offset, int rows, int cols) {
    double[][] out = new double[rows][];
    for (int r = 0; r < rows; r++) {
      out[r] = Arrays.copyOfRange(values, offset + r * cols, offset + (r + 1) * cols);
    }
    return out;
  }
}
