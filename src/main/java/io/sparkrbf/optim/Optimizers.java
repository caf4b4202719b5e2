package io.sparkrbf.optim;

/** Creates the step rules by their {@link OptimizerKind}. */
public final class Optimizers {
  private Optimizers() {
  }

  /**
   * @param kind a step rule: gd, momentum or adam
   * @param learningRate step size, > 0
   * @param stepScales the natural size of each parameter, used by Adam (see {@link Adam});
   *     gd and momentum step along the gradient itself and ignore it; null means all 1
   */
  public static Optimizer create(OptimizerKind kind, double learningRate, double[] stepScales) {
    return switch (kind) {
      case GD -> new GradientDescent(learningRate);
      case MOMENTUM -> new Momentum(learningRate, 0.9);
      case ADAM -> new Adam(learningRate, stepScales);
      case LBFGS -> throw new IllegalArgumentException("lbfgs is not a step rule: it runs its own line search");
    };
  }

  /** {@code state} when it has {@code arrays} arrays, else a clear error naming the optimizer. */
  static double[][] requireState(String optimizer, double[][] state, int arrays) {
    if (state.length != arrays) {
      throw new IllegalArgumentException("a " + optimizer + " state has " + arrays + " arrays, got " + state.length);
    }
    return state;
  }

  static double positive(String what, double value) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(what + " must be a positive number, got " + value);
    }
    return value;
  }
}
