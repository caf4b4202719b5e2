package io.sparkrbf.kernel;

import java.io.Serializable;

/**
 * A dense block of scaled training rows, stacked once and cached, so each epoch runs
 * level-3 BLAS over whole blocks instead of looping over rows.
 *
 * <p>The features are {@code rows x numFeatures}, row-major, stored in double or (to halve
 * memory and use the faster single-precision products) float; {@code squaredNorms[i]} is
 * {@code ||x_i||^2} of the stored values, computed once here because the distance
 * expansion needs it every epoch; {@code labels[i]} is the class id of row i; the instance
 * weights are kept only when some row's weight is not 1.
 */
public final class Block implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int rows;
  private final int numFeatures;
  private final double[] features;
  private final float[] floatFeatures;
  private final double[] squaredNorms;
  private final int[] labels;
  private final double[] weights;

  /** A double-precision block over {@code features} (kept, not copied). */
  public Block(int rows, int numFeatures, double[] features, int[] labels) {
    this(rows, numFeatures, features, labels, null, Precision.DOUBLE);
  }

  /**
   * A block in the given precision: {@code features} is kept as it is for double, rounded
   * into a new float array for float.
   *
   * @param weights each row's instance weight (kept, not copied), or null when all are 1
   */
  public Block(int rows, int numFeatures, double[] features, int[] labels, double[] weights, Precision precision) {
    if (rows < 1 || features.length != rows * numFeatures || labels.length != rows
        || (weights != null && weights.length != rows)) {
      throw new IllegalArgumentException("block of " + rows + " rows x " + numFeatures
          + " features needs " + rows * numFeatures + " values and " + rows + " labels and weights, got "
          + features.length + ", " + labels.length + " and " + (weights == null ? rows : weights.length));
    }
    this.rows = rows;
    this.numFeatures = numFeatures;
    this.labels = labels;
    this.weights = weights;
    if (precision == Precision.FLOAT) {
      this.features = null;
      this.floatFeatures = new float[features.length];
      for (int i = 0; i < features.length; i++) {
        floatFeatures[i] = (float) features[i];
      }
    } else {
      this.features = features;
      this.floatFeatures = null;
    }
    this.squaredNorms = new double[rows];
    for (int i = 0; i < rows; i++) {
      double s = 0;
      for (int f = i * numFeatures, end = f + numFeatures; f < end; f++) {
        double x = floatFeatures != null ? floatFeatures[f] : features[f];
        s += x * x;
      }
      squaredNorms[i] = s;
    }
  }

  public Precision precision() {
    return floatFeatures != null ? Precision.FLOAT : Precision.DOUBLE;
  }

  public int rows() {
    return rows;
  }

  public int numFeatures() {
    return numFeatures;
  }

  /** Row-major {@code rows x numFeatures} values of a double block (not a copy). */
  public double[] features() {
    if (features == null) {
      throw new IllegalStateException("this block stores floats");
    }
    return features;
  }

  /** Row-major {@code rows x numFeatures} values of a float block (not a copy). */
  public float[] floatFeatures() {
    if (floatFeatures == null) {
      throw new IllegalStateException("this block stores doubles");
    }
    return floatFeatures;
  }

  /** {@code ||x_i||^2} per row (not a copy). */
  public double[] squaredNorms() {
    return squaredNorms;
  }

  /** Class id per row (not a copy). */
  public int[] labels() {
    return labels;
  }

  /** Instance weight of row i. */
  public double weight(int i) {
    return weights == null ? 1.0 : weights[i];
  }
}
