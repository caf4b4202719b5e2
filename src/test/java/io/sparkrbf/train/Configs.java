package io.sparkrbf.train;

import io.sparkrbf.config.InitMode;
import io.sparkrbf.config.TrainOptions;
import io.sparkrbf.optim.OptimizerKind;

/**
 * Training options for tests: the defaults of conf/rbf.properties with the knobs tests turn,
 * and smaller blocks and more k-means iterations than the defaults.
 */
public final class Configs {
  private Configs() {
  }

  public static TrainOptions config(int centers, int epochs, String optimizer, double learningRate, String init,
                                    long seed) {
    return config(centers, epochs, optimizer, learningRate, init, seed, true);
  }

  public static TrainOptions config(int centers, int epochs, String optimizer, double learningRate, String init,
                                    long seed, boolean trainCenters) {
    return config(centers, epochs, optimizer, learningRate, init, seed, trainCenters, 0.0, 0.0);
  }

  public static TrainOptions config(int centers, int epochs, String optimizer, double learningRate, String init,
                                    long seed, boolean trainCenters, double l2, double labelSmoothing) {
    return TrainOptions.defaults().centers(centers).epochs(epochs).optimizer(OptimizerKind.parse(optimizer))
        .learningRate(learningRate).init(InitMode.parse(init)).seed(seed).trainCenters(trainCenters).l2(l2)
        .labelSmoothing(labelSmoothing).blockRows(256).kmeansIterations(20).build();
  }

  /** {@code c} with another batch fraction. */
  public static TrainOptions withBatchFraction(TrainOptions c, double fraction) {
    return c.toBuilder().batchFraction(fraction).build();
  }

  /** {@code c} with another aggregation depth (0: chosen automatically). */
  public static TrainOptions withAggregationDepth(TrainOptions c, int depth) {
    return c.toBuilder().aggregationDepth(depth).build();
  }

  /** {@code c} with another L-BFGS tolerance. */
  public static TrainOptions withTolerance(TrainOptions c, double tolerance) {
    return c.toBuilder().tolerance(tolerance).build();
  }
}
