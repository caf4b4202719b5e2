package io.sparkrbf.optim;

/**
 * Adam (Kingma and Ba, 2015): per-parameter steps from bias-corrected running moments of
 * the gradient. The default here because W, beta and the centers have very different
 * gradient scales and Adam equalizes them.
 *
 * <p>Adam's steps are about {@code lr} in size whatever the gradient, so a parameter whose
 * natural size is 1e-4 (a width on unscaled data) would be thrown around by a step of
 * 0.02. Each parameter therefore has a step scale, its group's natural size: a step is
 * {@code lr * scale_i * mHat / (sqrt(vHat) + eps)}. This is Adam on the parameters
 * divided by their scales, which makes training invariant to the units of the data.
 */
public final class Adam implements Optimizer {
  private final double learningRate;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double[] stepScales;
  private double[] firstMoment;
  private double[] secondMoment;
  private long steps;

  /**
   * @param stepScales per-parameter step multipliers (positive), or null for all 1
   */
  public Adam(double learningRate, double[] stepScales) {
    this(learningRate, 0.9, 0.999, 1e-8, stepScales);
  }

  public Adam(double learningRate, double beta1, double beta2, double epsilon, double[] stepScales) {
    this.learningRate = Optimizers.positive("learning rate", learningRate);
    this.stepScales = stepScales == null ? null : stepScales.clone();
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = Optimizers.positive("epsilon", epsilon);
  }

  @Override
  public void step(double[] params, double[] gradient, double rateScale) {
    double rate = learningRate * rateScale;
    if (stepScales != null && stepScales.length != params.length) {
      throw new IllegalArgumentException("step scales have length " + stepScales.length + ", parameters " + params.length);
    }
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
      double scale = stepScales == null ? 1.0 : stepScales[i];
      params[i] -= rate * scale * mHat / (Math.sqrt(vHat) + epsilon);
    }
  }

  @Override
  public String name() {
    return "adam";
  }

  @Override
  public double[][] state() {
    return firstMoment == null ? new double[0][]
        : new double[][] {firstMoment.clone(), secondMoment.clone(), {steps}};
  }

  @Override
  public void restore(double[][] state) {
    if (state.length == 0) {
      firstMoment = null;
      secondMoment = null;
      steps = 0;
      return;
    }
    Optimizers.requireState(name(), state, 3);
    firstMoment = state[0].clone();
    secondMoment = state[1].clone();
    steps = (long) state[2][0];
  }
}
