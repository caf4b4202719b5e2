package io.sparkrbf.optim;

/**
 * A first-order update rule over the flat parameter vector.
 *
 * <p>Call order: construct with the hyperparameters, then once per update
 * {@link #step} with the mean gradient (full batch or mini-batch) at the current parameters. The
 * optimizer updates the parameters in place and keeps whatever state it needs (velocity,
 * moments) between steps; that state is what a checkpoint must save to continue
 * identically.
 */
public interface Optimizer {

  /** Updates {@code params} in place from {@code gradient} (same length, not modified). */
  default void step(double[] params, double[] gradient) {
    step(params, gradient, 1.0);
  }

  /**
   * As {@link #step(double[], double[])} with the learning rate multiplied by
   * {@code rateScale} for this update (a {@link LearningRateSchedule}'s factor).
   */
  void step(double[] params, double[] gradient, double rateScale);

  /** The name used on the command line and in model provenance. */
  String name();

  /**
   * What the optimizer carries between steps (moments, velocity, step count) as arrays,
   * for checkpoints: {@link #restore} on a fresh optimizer of the same kind and settings
   * continues exactly as this one would.
   */
  double[][] state();

  /** Takes over a {@link #state()} of an optimizer of the same kind and parameter count. */
  void restore(double[][] state);
}
