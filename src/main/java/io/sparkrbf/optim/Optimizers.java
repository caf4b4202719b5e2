package io.sparkrbf.optim;

import java.util.List;

/** Creates optimizers by their command-line name. */
public final class Optimizers {
  /** The names {@link #create} accepts. */
  public static final List<String> NAMES = List.of("gd", "momentum", "adam");

  private Optimizers() {
  }

  /**
   * @param name one of {@link #NAMES}
   * @param learningRate step size, > 0
   * @param stepScales the natural size of each parameter, used by Adam (see {@link Adam});
   *     gd and momentum step along the gradient itself and ignore it; null means all 1
   */
  public static Optimizer create(String name, double learningRate, double[] stepScales) {
    return switch (name) {
      case "gd" -> new GradientDescent(learningRate);
      case "momentum" -> new Momentum(learningRate, 0.9);
      case "adam" -> new Adam(learningRate, stepScales);
      default -> throw new IllegalArgumentException("unknown optimizer '" + name + "', expected one of " + NAMES);
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
