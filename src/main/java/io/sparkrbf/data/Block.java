package io.sparkrbf.data;

import java.io.Serializable;

/**
 * A dense block of scaled training rows, stacked once and cached, so each epoch runs
 * level-3 BLAS over whole blocks instead of looping over rows.
 *
 * <p>{@code features} is {@code rows x numFeatures}, row-major; {@code squaredNorms[i]}
 * is {@code ||x_i||^2}, computed once here because the distance expansion needs it every
 * epoch; {@code labels[i]} is the class id of row i.
 */
public final class Block implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int rows;
  private final int numFeatures;
  private final double[] features;
  private final double[] squaredNorms;
  private final int[] labels;

  public Block(int rows, int numFeatures, double[] features, int[] labels) {
    if (rows < 1 || features.length != rows * numFeatures || labels.length != rows) {
      throw new IllegalArgumentException("block of " + rows + " rows x " + numFeatures
          + " features needs " + rows * numFeatures + " values and " + rows + " labels, got "
          + features.length + " and " + labels.length);
    }
    this.rows = rows;
    this.numFeatures = numFeatures;
    this.features = features;
    this.labels = labels;
    this.squaredNorms = new double[rows];
    for (int i = 0; i < rows; i++) {
      double s = 0;
      for (int f = i * numFeatures, end = f + numFeatures; f < end; f++) {
        s += features[f] * features[f];
      }
      squaredNorms[i] = s;
    }
  }

  public int rows() {
    return rows;
  }

  public int numFeatures() {
    return numFeatures;
  }

  /** Row-major {@code rows x numFeatures} values (not a copy). */
  public double[] features() {
    return features;
  }

  /** {@code ||x_i||^2} per row (not a copy). */
  public double[] squaredNorms() {
    return squaredNorms;
  }

  /** Class id per row (not a copy). */
  public int[] labels() {
    return labels;
  }
}
