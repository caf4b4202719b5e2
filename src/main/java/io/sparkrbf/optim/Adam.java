package io.sparkrbf.optim;

/**
 * Adam (Kingma and Ba, 2015): per-parameter steps scaled by bias-corrected running
 * moments of the gradient. The default here because W, beta and the centers have very
 * different gradient scales and Adam equalizes them without per-group learning rates.
 */
public final class Adam implements Optimizer {
  private final double learningRate;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private double[] firstMoment;
  private double[] secondMoment;
  private long steps;

  public Adam(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-8);
  }

  public Adam(double learningRate, double beta1, double beta2, double epsilon) {
    this.learningRate = Optimizers.positive("learning rate", learningRate);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = Optimizers.positive("epsilon", epsilon);
  }

  @Override
  public void step(double[] params, double[] gradient) {
    if (firstMoment == null) {
      firstMoment = new double[params.length];
      secondMoment = new double[params.length];
    }
    steps++;
    double correction1 = 1 - Math.pow(beta1, steps);
    double correction2 = 1 - Math.pow(beta2, steps);
    for (int i = 0; i < params.length; i++) {
      double g = gradient[i];
      firstMoment[i] = beta1 * firstMoment[i] + (1 - beta1) * g;
      secondMoment[i] = beta2 * secondMoment[i] + (1 - beta2) * g * g;
      double mHat = firstMoment[i] / correction1;
      double vHat = secondMoment[i] / correction2;
      params[i] -= learningRate * mHat / (Math.sqrt(vHat) + epsilon);
    }
  }

  @Override
  public String name() {
    return "adam";
  }
}
