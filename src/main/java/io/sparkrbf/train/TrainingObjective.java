package io.sparkrbf.train;

import io.sparkrbf.kernel.LossSums;
import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.kernel.RbfShape;
import java.util.Arrays;

/**
 * The function every optimizer minimizes, evaluated on the driver: one distributed pass
 * gives the summed loss and gradients over a slice of the training rows, the driver divides
 * by their total weight, adds the L2 penalty on W (bias column excluded) and zeroes the center
 * gradient when the centers are frozen.
 *
 * <p>One class for it so that the step-based optimizers and full-batch L-BFGS minimize
 * exactly the same function.
 */
public final class TrainingObjective {
  private final DistributedLoss data;
  private final boolean trainCenters;
  private final double l2;

  public TrainingObjective(DistributedLoss data, boolean trainCenters, double l2) {
    this.data = data;
    this.trainCenters = trainCenters;
    this.l2 = l2;
  }

  public boolean trainCenters() {
    return trainCenters;
  }

  /**
   * The weighted mean loss (against the smoothed targets, with the L2 penalty) and its gradient
   * at {@code params} over the rows of {@code slice}; one Spark job named {@code description}.
   * The mean needs rows that weigh something: over all rows a total weight of 0 is refused;
   * a mini-batch slice whose rows all weigh 0 gives a value with {@code rows} 0, a loss of 0 and
   * a zero gradient, which has nothing to learn from and is skipped by the epoch loop.
   */
  public Value at(RbfParameters params, BlockSlice slice, String description) {
    double[] sums = data.gradientSums(params, trainCenters, slice, description);
    RbfShape shape = params.shape();
    double weight = sums[LossSums.COUNT];
    double[] gradient = new double[shape.size()];
    if (!(weight > 0)) {
      if (slice.equals(BlockSlice.WHOLE)) {
        throw new IllegalArgumentException("no training rows, or every row weighs 0: no mean loss to minimize");
      }
      return new Value(0, gradient, 0, 0);
    }
    double loss = sums[LossSums.LOSS] / weight + meanGradient(sums, weight, params.values(), shape, gradient);
    return new Value(loss, gradient, weight, sums[LossSums.CORRECT]);
  }

  /**
   * Writes the mean gradient over rows of total weight {@code weight} (with the L2 term,
   * centers zeroed when frozen) into {@code gradient} and returns the L2 penalty to add to the
   * mean loss.
   */
  private double meanGradient(double[] sums, double weight, double[] theta, RbfShape shape, double[] gradient) {
    for (int i = 0; i < gradient.length; i++) {
      gradient[i] = sums[LossSums.GRADIENT + i] / weight;
    }
    if (!trainCenters) {
      Arrays.fill(gradient, shape.centersOffset(), shape.size(), 0.0);
    }
    if (l2 == 0) {
      return 0;
    }
    double penalty = 0;
    int cols = shape.weightColumns();
    for (int k = 0; k < shape.numClasses(); k++) {
      for (int j = 1; j < cols; j++) {
        double w = theta[k * cols + j];
        penalty += w * w;
        gradient[k * cols + j] += l2 * w;
      }
    }
    return 0.5 * l2 * penalty;
  }

  /**
   * The objective at one point.
   *
   * @param loss weighted mean cross-entropy against the (smoothed) targets over the slice's rows plus
   *     the L2 penalty
   * @param gradient its gradient in the {@link RbfShape} layout
   * @param rows total instance weight of the slice's rows (their number when all weigh 1)
   * @param correct weight of the slice's rows whose most probable class is the label
   */
  public record Value(double loss, double[] gradient, double rows, double correct) {
    /** Weighted share of the slice's rows predicted right; refused when they weigh nothing. */
    public double accuracy() {
      if (!(rows > 0)) {
        throw new IllegalStateException("a slice whose rows weigh 0 has no accuracy");
      }
      return correct / rows;
    }

    /** Euclidean norm of the gradient. */
    public double gradNorm() {
      double s = 0;
      for (double g : gradient) {
        s += g * g;
      }
      return Math.sqrt(s);
    }
  }
}
