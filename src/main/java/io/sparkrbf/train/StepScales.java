package io.sparkrbf.train;

import io.sparkrbf.kernel.RbfShape;
import java.util.Arrays;

/**
 * The natural size of each parameter, which scales Adam's steps (see
 * {@link io.sparkrbf.optim.Adam}): 1 for W (it multiplies activations in [0, 1]), the
 * median starting width for every beta, and the typical spread of one scaled feature
 * for every center coordinate. With these, a learning rate means the same thing whatever
 * the units of the data.
 */
public final class StepScales {
  private StepScales() {
  }

  /**
   * @param startingBetas the widths training starts from
   * @param featureSpread root mean square standard deviation of the scaled features
   */
  public static double[] of(RbfShape shape, double[] startingBetas, double featureSpread) {
    double[] sorted = startingBetas.clone();
    Arrays.sort(sorted);
    double betaScale = sorted[sorted.length / 2];
    double centerScale = featureSpread > 0 && Double.isFinite(featureSpread) ? featureSpread : 1.0;
    double[] scales = new double[shape.size()];
    Arrays.fill(scales, 0, shape.betasOffset(), 1.0);
    Arrays.fill(scales, shape.betasOffset(), shape.centersOffset(), betaScale);
    Arrays.fill(scales, shape.centersOffset(), shape.size(), centerScale);
    return scales;
  }
}
