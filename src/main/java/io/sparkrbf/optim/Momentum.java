package io.sparkrbf.optim;

/**
 * Gradient descent with heavy-ball momentum: {@code v <- mu v + grad},
 * {@code theta <- theta - lr v}. Speeds up progress along shallow, consistent directions
 * that plain gradient descent crawls through.
 */
public final class Momentum implements Optimizer {
  private final double learningRate;
  private final double momentum;
  private double[] velocity;

  public Momentum(double learningRate, double momentum) {
    this.learningRate = Optimizers.positive("learning rate", learningRate);
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
    }
    this.momentum = momentum;
  }

  @Override
  public void step(double[] params, double[] gradient, double rateScale) {
    double rate = learningRate * rateScale;
    if (velocity == null) {
      velocity = new double[params.length];
    }
    for (int i = 0; i < params.length; i++) {
      velocity[i] = momentum * velocity[i] + gradient[i];
      params[i] -= rate * velocity[i];
    }
  }

  @Override
  public String name() {
    return "momentum";
  }

  @Override
  public double[][] state() {
    return velocity == null ? new double[0][] : new double[][] {velocity.clone()};
  }

  @Override
  public void restore(double[][] state) {
    velocity = state.length == 0 ? null : Optimizers.requireState(name(), state, 1)[0].clone();
  }
}
