package io.sparkrbf.optim;

/**
 * Plain gradient descent, {@code theta <- theta - lr * grad}, with nothing
 * else: one step from a model is exactly the gradient scaled by the learning rate, which
 * makes it the reference the other optimizers and the gradients are checked against.
 */
public final class GradientDescent implements Optimizer {
  private final double learningRate;

  public GradientDescent(double learningRate) {
    this.learningRate = Optimizers.positive("learning rate", learningRate);
  }

  @Override
  public void step(double[] params, double[] gradient, double rateScale) {
    double rate = learningRate * rateScale;
    for (int i = 0; i < params.length; i++) {
      params[i] -= rate * gradient[i];
    }
  }

  @Override
  public String name() {
    return "gd";
  }

  @Override
  public double[][] state() {
    return new double[0][];
  }

  @Override
  public void restore(double[][] state) {
    Optimizers.requireState(name(), state, 0);
  }
}
