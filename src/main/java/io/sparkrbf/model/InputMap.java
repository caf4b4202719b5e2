package io.sparkrbf.model;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Everything between the features users feed and the features the network sees: the scaling,
 * then the projection, each optional. Training, evaluation, prediction and the Spark ML model all
 * map their rows through this one class, so they cannot disagree about a model's inputs.
 */
public final class InputMap implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int inputFeatures;
  private final Standardization scaling;
  private final Projection projection;

  /**
   * @param inputFeatures D, the width of the raw rows
   * @param scaling applied first, or null
   * @param projection applied to the scaled rows, or null
   */
  public InputMap(int inputFeatures, Standardization scaling, Projection projection) {
    if (scaling != null && scaling.numFeatures() != inputFeatures) {
      throw new IllegalArgumentException("the scaling has " + scaling.numFeatures() + " features, the inputs "
          + inputFeatures);
    }
    if (projection != null && projection.inputFeatures() != inputFeatures) {
      throw new IllegalArgumentException("the projection takes " + projection.inputFeatures()
          + " features, the inputs have " + inputFeatures);
    }
    this.inputFeatures = inputFeatures;
    this.scaling = scaling;
    this.projection = projection;
  }

  /** D, the raw rows' width. */
  public int inputFeatures() {
    return inputFeatures;
  }

  /** The width of the rows the network sees: k with a projection, else D. */
  public int outputFeatures() {
    return projection == null ? inputFeatures : projection.outputFeatures();
  }

  /** The scaling, or null. */
  public Standardization scaling() {
    return scaling;
  }

  /** The projection, or null. */
  public Projection projection() {
    return projection;
  }

  /** One raw row mapped, in a new array ({@code row} is not changed). */
  public double[] apply(double[] row) {
    return applyToRows(row.clone(), 1);
  }

  /**
   * The first {@code rows} raw rows of D values in {@code x} (a buffer that may hold more),
   * mapped: scaled in place, then with a projection projected by one matrix product into a new
   * array of {@code rows} x k values. Without one, the scaled rows: {@code x} itself when it
   * holds exactly {@code rows} rows, else a copy of them. Either way exactly {@code rows} rows
   * of {@link #outputFeatures()} values, ready for a block.
   */
  public double[] applyToRows(double[] x, int rows) {
    if (scaling != null) {
      for (int r = 0; r < rows; r++) {
        scaling.applyInPlace(x, r * inputFeatures);
      }
    }
    if (projection != null) {
      return projection.applyToRows(x, rows);
    }
    return x.length == rows * inputFeatures ? x : Arrays.copyOf(x, rows * inputFeatures);
  }
}
