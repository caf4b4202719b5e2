package io.sparkrbf.lbfgs;

import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.kernel.RbfShape;
import io.sparkrbf.optim.DifferentiableFunction;
import io.sparkrbf.train.BlockSlice;
import io.sparkrbf.train.TrainingObjective;
import java.util.Arrays;

/**
 * The function L-BFGS minimizes: the {@link TrainingObjective} over all rows
 * ({@link BlockSlice#WHOLE}) at the parameters of a {@link SearchSpace} point, with the
 * gradient taken with respect to that point. Every evaluation is one distributed pass.
 *
 * <p>A point whose parameters are not finite or have a width of 0 (exp underflowed), or
 * where the loss or gradient is not finite, gives +infinity and a NaN gradient without
 * more ado: L-BFGS's line search then shortens its step. The last evaluation is kept, so
 * the trainer can report the accuracy of the point L-BFGS accepted without another pass.
 */
public final class LbfgsObjective implements DifferentiableFunction {
  private final TrainingObjective objective;
  private final SearchSpace space;
  private final RbfShape shape;
  private String description = "L-BFGS";
  private int evaluations;
  private double[] lastPoint;
  private TrainingObjective.Value lastValue;

  public LbfgsObjective(TrainingObjective objective, SearchSpace space, RbfShape shape) {
    this.objective = objective;
    this.space = space;
    this.shape = shape;
  }

  /** Names the Spark jobs of the evaluations that follow (the epoch they belong to). */
  void describe(String description) {
    this.description = description;
  }

  /** Evaluations (distributed passes) so far. */
  public int evaluations() {
    return evaluations;
  }

  @Override
  public double valueAt(double[] x, double[] gradient) {
    double[] theta = space.parameters(x);
    if (!space.valid(theta)) {
      Arrays.fill(gradient, Double.NaN);
      return Double.POSITIVE_INFINITY;
    }
    evaluations++;
    TrainingObjective.Value value = objective.at(new RbfParameters(shape, theta), BlockSlice.WHOLE,
        description + " (evaluation " + evaluations + ")");
    lastPoint = x.clone();
    lastValue = value;
    if (!Double.isFinite(value.loss()) || !Double.isFinite(value.gradNorm())) {
      Arrays.fill(gradient, Double.NaN);
      return Double.POSITIVE_INFINITY;
    }
    space.gradient(theta, value.gradient(), gradient);
    return value.loss();
  }

  /** The objective at {@code x}: remembered when it was the last point evaluated, else one more pass. */
  TrainingObjective.Value at(double[] x) {
    if (lastPoint != null && Arrays.equals(lastPoint, x)) {
      return lastValue;
    }
    evaluations++;
    return objective.at(new RbfParameters(shape, space.parameters(x)), BlockSlice.WHOLE, description);
  }
}
