package io.sparkrbf.optim;

/**
 * A function of a flat vector that also gives its gradient: what {@link Lbfgs} minimizes.
 *
 * <p>A point where the function is not defined or not finite may return a non-finite
 * value; L-BFGS's line search then shortens its step.
 */
@FunctionalInterface
public interface DifferentiableFunction {

  /**
   * The value at {@code x} (not modified), with the gradient written into {@code gradient}
   * (same length).
   */
  double valueAt(double[] x, double[] gradient);
}
