package io.sparkrbf.kernel;

/**
 * Layout of the flat {@code double[]} that per-partition training results are summed
 * into: {@code [loss sum, row count, correct count, gradient sums (RbfShape layout)]}.
 *
 * <p>One flat array merges with a single loop and serializes as one primitive array,
 * which keeps the per-epoch aggregation cheap.
 */
public final class LossSums {
  /** Sum over rows of the instance-weighted cross-entropy. */
  public static final int LOSS = 0;
  /** Sum of the instance weights: the number of rows when every weight is 1. */
  public static final int COUNT = 1;
  /** Weight of the rows whose most probable class is the label. */
  public static final int CORRECT = 2;
  /** Start of the gradient sums, laid out like the parameters. */
  public static final int GRADIENT = 3;

  private LossSums() {
  }

  /** A zeroed accumulator for networks of this shape. */
  public static double[] zeros(RbfShape shape) {
    return new double[GRADIENT + shape.size()];
  }

  /** Adds {@code other} into {@code into}; both must have the same length. */
  public static double[] merge(double[] into, double[] other) {
    if (into.length != other.length) {
      throw new IllegalArgumentException("cannot merge sums of length " + other.length + " into " + into.length);
    }
    for (int i = 0; i < into.length; i++) {
      into[i] += other[i];
    }
    return into;
  }
}
