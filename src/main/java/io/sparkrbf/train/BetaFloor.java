package io.sparkrbf.train;

import io.sparkrbf.kernel.RbfShape;
import java.util.Arrays;

/**
 * Keeps every width beta positive after an update: a Gaussian with beta <= 0 is no longer
 * a local unit (it grows with distance) and the model becomes meaningless.
 *
 * <p>The floor is a fixed fraction of the median starting width, so it follows the scale
 * of the data and is far below any width training should reach; it only catches a step
 * that overshoots past zero.
 */
final class BetaFloor {
  /** Floor as a fraction of the median starting beta. */
  static final double FRACTION = 1e-6;

  private final RbfShape shape;
  private final double floor;

  BetaFloor(RbfShape shape, double[] startingBetas) {
    double[] sorted = startingBetas.clone();
    Arrays.sort(sorted);
    this.shape = shape;
    this.floor = FRACTION * sorted[sorted.length / 2];
  }

  double floor() {
    return floor;
  }

  void apply(double[] params) {
    int from = shape.betasOffset();
    for (int j = from, end = from + shape.numCenters(); j < end; j++) {
      if (params[j] < floor) {
        params[j] = floor;
      }
    }
  }
}
