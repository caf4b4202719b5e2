package io.sparkrbf.optim;

/**
 * A first-order update rule over the flat parameter vector.
 *
 * <p>Call order: construct with the hyperparameters, then once per epoch
 * {@link #step} with the full-batch mean gradient at the current parameters. The
 * optimizer updates the parameters in place and keeps whatever state it needs (velocity,
 * moments) between steps; that state is what a checkpoint must save to continue
 * identically.
 */
public interface Optimizer {

  /** Updates {@code params} in place from {@code gradient} (same length, not modified). */
  void step(double[] params, double[] gradient);

  /** The name used on the command line and in model provenance. */
  String name();
}
