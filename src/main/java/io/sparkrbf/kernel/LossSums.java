package io.sparkrbf.kernel;

/**
 * Layouts of the flat {@code double[]} that per-partition results are summed into. Training:
 * {@code [loss sum, weight sum, correct weight, gradient sums (RbfShape layout)]}; evaluation
 * ({@link BlockKernel#accumulateScores}): {@code [loss sum, weight sum, correct weight,
 * K x K confusion weights]}, the loss then against the plain labels.
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
  /**
   * In evaluation sums, start of the confusion weights: the weight of the rows of actual class
   * a predicted as class p is at {@code CONFUSION + a * K + p}.
   */
  public static final int CONFUSION = 3;

  private LossSums() {
  }

  /** A zeroed training accumulator for networks of this shape. */
  public static double[] zeros(RbfShape shape) {
    return new double[length(shape)];
  }

  /** The length of a training accumulator for networks of this shape. */
  public static int length(RbfShape shape) {
    return GRADIENT + shape.size();
  }

  /** A zeroed evaluation accumulator for {@code numClasses} classes. */
  public static double[] scoreZeros(int numClasses) {
    return new double[scoreLength(numClasses)];
  }

  /** The length of an evaluation accumulator for {@code numClasses} classes. */
  public static int scoreLength(int numClasses) {
    return CONFUSION + numClasses * numClasses;
  }
}
