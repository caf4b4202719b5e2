package io.sparkrbf.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OptimizersTest {

  @Test
  void gradientDescentStepIsExactlyLearningRateTimesGradient() {
    double[] theta = {1.0, -2.0, 0.1 + 0.2};
    double[] grad = {0.5, 0.25, -3.0};
    new GradientDescent(0.1).step(theta, grad);
    assertArrayEquals(new double[] {1.0 - 0.1 * 0.5, -2.0 - 0.1 * 0.25, (0.1 + 0.2) - 0.1 * -3.0}, theta, 0.0);
  }

  @Test
  void momentumAccumulatesVelocity() {
    double[] theta = {0.0};
    Momentum m = new Momentum(1.0, 0.5);
    m.step(theta, new double[] {1.0});
    m.step(theta, new double[] {1.0});
    assertEquals(-(1.0 + 1.5), theta[0], 0.0);
  }

  @Test
  void adamFirstStepMovesEachParameterByTheLearningRate() {
    double[] theta = {0.0, 0.0, 0.0};
    new Adam(0.01, null).step(theta, new double[] {1e-6, -3.0, 1e6});
    assertEquals(-0.01, theta[0], 1e-4);
    assertEquals(0.01, theta[1], 1e-9);
    assertEquals(-0.01, theta[2], 1e-9);
  }

  @Test
  void adamStepsAreRelativeToEachParametersScale() {
    double[] small = {1e-4};
    double[] large = {1.0};
    new Adam(0.01, new double[] {1e-4}).step(small, new double[] {-5.0});
    new Adam(0.01, new double[] {1.0}).step(large, new double[] {-5e-4});
    assertEquals(1e-4 * 1.01, small[0], 1e-12);
    assertEquals(1.01, large[0], 1e-6);
  }

  @ParameterizedTest
  @ValueSource(strings = {"gd", "momentum", "adam"})
  void everyOptimizerMinimizesAQuadratic(String name) {
    Optimizer opt = Optimizers.create(OptimizerKind.parse(name), name.equals("adam") ? 0.05 : 0.1, null);
    double[] theta = {3.0, -2.0};
    for (int i = 0; i < 500; i++) {
      opt.step(theta, new double[] {2 * (theta[0] - 1), 4 * (theta[1] + 1)});
    }
    assertEquals(1.0, theta[0], 1e-3);
    assertEquals(-1.0, theta[1], 1e-3);
    assertEquals(name, opt.name());
  }

  @ParameterizedTest
  @ValueSource(strings = {"gd", "momentum", "adam"})
  void rateScaleMultipliesTheFirstStep(String name) {
    double[] full = {0.5, -1.0};
    double[] scaled = full.clone();
    double[] start = full.clone();
    double[] grad = {0.3, -0.7};
    Optimizers.create(OptimizerKind.parse(name), 0.1, null).step(full, grad, 1.0);
    Optimizers.create(OptimizerKind.parse(name), 0.1, null).step(scaled, grad, 0.25);
    for (int i = 0; i < 2; i++) {
      assertEquals(0.25 * (full[i] - start[i]), scaled[i] - start[i], 1e-15);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"gd", "momentum", "adam"})
  void restoredStateContinuesExactly(String name) {
    Optimizer original = Optimizers.create(OptimizerKind.parse(name), 0.05, new double[] {1.0, 0.5});
    double[] theta = {3.0, -2.0};
    for (int i = 0; i < 3; i++) {
      original.step(theta, new double[] {theta[0] - 1, 2 * theta[1]}, 0.9);
    }
    Optimizer restored = Optimizers.create(OptimizerKind.parse(name), 0.05, new double[] {1.0, 0.5});
    restored.restore(original.state());
    double[] copy = theta.clone();
    for (int i = 0; i < 4; i++) {
      original.step(theta, new double[] {theta[0] - 1, 2 * theta[1]}, 0.7);
      restored.step(copy, new double[] {copy[0] - 1, 2 * copy[1]}, 0.7);
    }
    assertArrayEquals(theta, copy, 0.0);
  }

  @Test
  void cosineScheduleFallsFromOneToZeroAndConstantStays() {
    LearningRateSchedule cosine = LearningRateSchedule.parse("cosine");
    assertEquals(1.0, cosine.factor(0, 100), 0.0);
    assertEquals(0.5, cosine.factor(50, 100), 1e-15);
    assertTrue(cosine.factor(99, 100) < 1e-3 && cosine.factor(99, 100) > 0);
    for (int t = 1; t < 100; t++) {
      assertTrue(cosine.factor(t, 100) < cosine.factor(t - 1, 100), "decreasing at " + t);
    }
    assertEquals(1.0, LearningRateSchedule.parse("constant").factor(99, 100), 0.0);
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse("step"));
  }

  @Test
  void badHyperparametersAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> OptimizerKind.parse("sgd"));
    assertThrows(IllegalArgumentException.class, () -> Optimizers.create(OptimizerKind.LBFGS, 0.1, null));
    assertThrows(IllegalArgumentException.class, () -> Optimizers.create(OptimizerKind.GD, 0.0, null));
    assertThrows(IllegalArgumentException.class, () -> Optimizers.create(OptimizerKind.ADAM, Double.NaN, null));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Momentum(0.1, 1.0));
    assertTrue(e.getMessage().contains("momentum"));
  }
}
