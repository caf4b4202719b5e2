package io.sparkrbf.lbfgs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.kernel.RbfShape;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The log-width coordinates of L-BFGS (the Spark-side check of the whole function: LbfgsTrainerIT). */
class SearchSpaceTest {
  private static final RbfShape SHAPE = new RbfShape(3, 4, 2);

  @Test
  void widthsAreLogarithmsAndComeBackPositive() {
    double[] theta = parameters(new Random(1));
    SearchSpace space = new SearchSpace(SHAPE, true, theta);

    double[] x = space.point(theta);
    for (int j = 0; j < SHAPE.numCenters(); j++) {
      int i = SHAPE.betasOffset() + j;
      assertEquals(Math.log(theta[i]), x[i], 0.0);
    }
    assertArrayEquals(theta, space.parameters(x), 1e-15);
    x[SHAPE.betasOffset()] = -50;
    assertTrue(space.parameters(x)[SHAPE.betasOffset()] > 0, "any u gives a positive width");
  }

  @Test
  void frozenCentersAreNoCoordinatesAndStayExactly() {
    double[] theta = parameters(new Random(2));
    SearchSpace space = new SearchSpace(SHAPE, false, theta);

    double[] x = space.point(theta);
    assertEquals(SHAPE.centersOffset(), x.length);
    Arrays.fill(x, 0.3);
    double[] moved = space.parameters(x);
    assertArrayEquals(Arrays.copyOfRange(theta, SHAPE.centersOffset(), SHAPE.size()),
        Arrays.copyOfRange(moved, SHAPE.centersOffset(), SHAPE.size()), 0.0);
  }

  /** dE/du = beta dE/dbeta, checked by central differences of E(parameters(x)) for a smooth E. */
  @Test
  void gradientIsTheChainRuleOfTheModelGradient() {
    double[] theta = parameters(new Random(3));
    SearchSpace space = new SearchSpace(SHAPE, true, theta);
    double[] x = space.point(theta);
    double[] gradient = new double[x.length];
    space.gradient(theta, modelGradient(theta), gradient);

    double h = 1e-6;
    for (int i = 0; i < x.length; i++) {
      double[] up = x.clone();
      double[] down = x.clone();
      up[i] += h;
      down[i] -= h;
      double numeric = (smooth(space.parameters(up)) - smooth(space.parameters(down))) / (2 * h);
      assertEquals(numeric, gradient[i], 1e-7 * Math.max(1, Math.abs(numeric)), "coordinate " + i);
    }
  }

  @Test
  void nonFiniteOrZeroWidthIsInvalid() {
    double[] theta = parameters(new Random(4));
    SearchSpace space = new SearchSpace(SHAPE, true, theta);
    assertTrue(space.valid(theta));

    double[] zeroWidth = theta.clone();
    zeroWidth[SHAPE.betasOffset() + 1] = 0;
    double[] nan = theta.clone();
    nan[0] = Double.NaN;
    assertFalse(space.valid(zeroWidth));
    assertFalse(space.valid(nan));
  }

  /** A smooth test function of all parameters: sum of sin(theta_i) * i. */
  private static double smooth(double[] theta) {
    double s = 0;
    for (int i = 0; i < theta.length; i++) {
      s += Math.sin(theta[i]) * (i + 1);
    }
    return s;
  }

  private static double[] modelGradient(double[] theta) {
    double[] g = new double[theta.length];
    for (int i = 0; i < theta.length; i++) {
      g[i] = Math.cos(theta[i]) * (i + 1);
    }
    return g;
  }

  private static double[] parameters(Random rnd) {
    double[] theta = new double[SHAPE.size()];
    for (int i = 0; i < theta.length; i++) {
      theta[i] = rnd.nextGaussian();
    }
    for (int j = 0; j < SHAPE.numCenters(); j++) {
      theta[SHAPE.betasOffset() + j] = 0.1 + rnd.nextDouble();
    }
    return theta;
  }
}
