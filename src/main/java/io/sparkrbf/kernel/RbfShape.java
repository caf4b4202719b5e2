package io.sparkrbf.kernel;

import java.io.Serializable;

/**
 * The dimensions of an RBF network (D inputs, n Gaussian units, K classes) and the
 * layout of its parameters in one flat vector.
 *
 * <p>Every parameter and every gradient lives in a {@code double[]} laid out as
 * {@code [W (K x (n+1), row-major, column 0 = bias) | beta (n) | C (n x D, row-major)]}.
 * One flat vector lets the optimizers, the gradient aggregation and the model file
 * share a single representation without copying between parameter groups.
 */
public record RbfShape(int numFeatures, int numCenters, int numClasses) implements Serializable {

  public RbfShape {
    if (numFeatures < 1) {
      throw new IllegalArgumentException("numFeatures must be >= 1, got " + numFeatures);
    }
    if (numCenters < 1) {
      throw new IllegalArgumentException("numCenters must be >= 1, got " + numCenters);
    }
    if (numClasses < 2) {
      throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
    }
    long size = (long) numClasses * (numCenters + 1) + numCenters + (long) numCenters * numFeatures;
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("model too large: " + size + " parameters");
    }
  }

  /** Columns of W: the bias plus one per center. */
  public int weightColumns() {
    return numCenters + 1;
  }

  /** Offset of W[0][0] in the flat vector. */
  public int weightsOffset() {
    return 0;
  }

  /** Offset of beta[0] in the flat vector. */
  public int betasOffset() {
    return numClasses * weightColumns();
  }

  /** Offset of C[0][0] in the flat vector. */
  public int centersOffset() {
    return betasOffset() + numCenters;
  }

  /** Length of the flat parameter (and gradient) vector. */
  public int size() {
    return centersOffset() + numCenters * numFeatures;
  }
}
