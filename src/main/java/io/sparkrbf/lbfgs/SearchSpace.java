package io.sparkrbf.lbfgs;

import io.sparkrbf.kernel.RbfShape;

/**
 * The coordinates L-BFGS works in: W as it is, {@code u_j = log(beta_j)} for the widths,
 * and the centers only when they train. Frozen centers are no coordinates at all, so they
 * stay exactly where they started.
 *
 * <p>Why log widths rather than L-BFGS-B with a lower bound at the {@link BetaFloor}:
 * {@code beta = exp(u)} is positive for every u, so L-BFGS minimizes a smooth function
 * without constraints, its line search and curvature pairs are never cut by a bound, and
 * nothing has to be clipped after a step (clipping would break the curvature pairs). And u
 * is relative: a step of 0.1 changes a width by about 10% whatever the units of the data,
 * as Adam's step scales do, while raw widths on unscaled data are about 1e-4 with gradients
 * far larger than W's, which L-BFGS's single initial scale (its first step has length 1)
 * handles badly. The chain rule gives {@code dE/du_j = beta_j dE/dbeta_j}.
 */
public final class SearchSpace {
  private final RbfShape shape;
  private final boolean trainCenters;
  private final double[] start;

  /**
   * @param start parameters in the {@link RbfShape} layout; its centers are the frozen ones
   *     when {@code trainCenters} is false
   */
  public SearchSpace(RbfShape shape, boolean trainCenters, double[] start) {
    this.shape = shape;
    this.trainCenters = trainCenters;
    this.start = start.clone();
  }

  /** Length of a point: W and u, plus the centers when they train. */
  int size() {
    return trainCenters ? shape.size() : shape.centersOffset();
  }

  /** The point of model parameters {@code theta} (betas > 0). */
  public double[] point(double[] theta) {
    double[] x = new double[size()];
    System.arraycopy(theta, 0, x, 0, x.length);
    for (int j = shape.betasOffset(), end = shape.centersOffset(); j < end; j++) {
      x[j] = Math.log(theta[j]);
    }
    return x;
  }

  /** The model parameters at point {@code x}; frozen centers are the starting ones. */
  double[] parameters(double[] x) {
    double[] theta = start.clone();
    System.arraycopy(x, 0, theta, 0, x.length);
    for (int j = shape.betasOffset(), end = shape.centersOffset(); j < end; j++) {
      theta[j] = Math.exp(x[j]);
    }
    return theta;
  }

  /**
   * Writes the gradient with respect to the point into {@code out} (length {@link #size()}),
   * from the gradient {@code modelGradient} with respect to the parameters {@code theta}.
   */
  void gradient(double[] theta, double[] modelGradient, double[] out) {
    System.arraycopy(modelGradient, 0, out, 0, out.length);
    for (int j = shape.betasOffset(), end = shape.centersOffset(); j < end; j++) {
      out[j] = theta[j] * modelGradient[j];
    }
  }

  /** Whether {@code theta} is a usable model: all finite, every width > 0. */
  boolean valid(double[] theta) {
    for (int i = 0; i < theta.length; i++) {
      if (!Double.isFinite(theta[i])) {
        return false;
      }
    }
    for (int j = shape.betasOffset(), end = shape.centersOffset(); j < end; j++) {
      if (!(theta[j] > 0)) {
        return false;
      }
    }
    return true;
  }
}
