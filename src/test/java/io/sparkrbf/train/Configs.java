package io.sparkrbf.train;

import io.sparkrbf.kernel.Precision;
import io.sparkrbf.model.ScalingMode;
import io.sparkrbf.optim.LearningRateSchedule;

/** Training configurations for tests: the defaults of conf/rbf.properties with the knobs tests turn. */
final class Configs {
  private Configs() {
  }

  static TrainConfig config(int centers, int epochs, String optimizer, double learningRate, String init, long seed) {
    return config(centers, epochs, optimizer, learningRate, init, seed, true);
  }

  static TrainConfig config(int centers, int epochs, String optimizer, double learningRate, String init, long seed,
                            boolean trainCenters) {
    return config(centers, epochs, optimizer, learningRate, init, seed, trainCenters, 0.0, 0.0);
  }

  static TrainConfig config(int centers, int epochs, String optimizer, double learningRate, String init, long seed,
                            boolean trainCenters, double l2, double labelSmoothing) {
    return new TrainConfig(centers, epochs, optimizer, learningRate, LearningRateSchedule.CONSTANT, trainCenters,
        ScalingMode.ZSCORE, init, "zero", seed, l2,
        labelSmoothing, 256, Precision.DOUBLE, 1, 20, 100_000, 2, 1e-6);
  }

  /** {@code c} with another batch fraction. */
  static TrainConfig withBatchFraction(TrainConfig c, double fraction) {
    return new TrainConfig(c.centers(), c.epochs(), c.optimizer(), c.learningRate(), c.schedule(), c.trainCenters(),
        c.scaling(),
        c.init(), c.initWeights(), c.seed(), c.l2(), c.labelSmoothing(), c.blockRows(), c.precision(), fraction,
        c.kmeansIterations(), c.kmeansSampleRows(), c.aggregationDepth(), c.tolerance());
  }

  /** {@code c} with another treeAggregate depth. */
  static TrainConfig withAggregationDepth(TrainConfig c, int depth) {
    return new TrainConfig(c.centers(), c.epochs(), c.optimizer(), c.learningRate(), c.schedule(), c.trainCenters(),
        c.scaling(), c.init(), c.initWeights(), c.seed(), c.l2(), c.labelSmoothing(), c.blockRows(), c.precision(),
        c.batchFraction(), c.kmeansIterations(), c.kmeansSampleRows(), depth, c.tolerance());
  }

  /** {@code c} with another L-BFGS tolerance. */
  static TrainConfig withTolerance(TrainConfig c, double tolerance) {
    return new TrainConfig(c.centers(), c.epochs(), c.optimizer(), c.learningRate(), c.schedule(), c.trainCenters(),
        c.scaling(), c.init(), c.initWeights(), c.seed(), c.l2(), c.labelSmoothing(), c.blockRows(), c.precision(),
        c.batchFraction(), c.kmeansIterations(), c.kmeansSampleRows(), c.aggregationDepth(), tolerance);
  }
}
