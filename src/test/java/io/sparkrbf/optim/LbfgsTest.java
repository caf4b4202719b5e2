package io.sparkrbf.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class LbfgsTest {
  /** Rosenbrock's valley, minimum 0 at (1, 1). */
  private static final DifferentiableFunction ROSENBROCK = (x, g) -> {
    double a = x[0];
    double b = x[1];
    g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
    g[1] = 200 * (b - a * a);
    return (1 - a) * (1 - a) + 100 * (b - a * a) * (b - a * a);
  };

  @Test
  void minimizesRosenbrockAndSaysWhyItStopped() {
    List<Lbfgs.Iterate> run = all(new Lbfgs(200, 10, 1e-10).iterations(ROSENBROCK, new double[] {-1.2, 1}));

    Lbfgs.Iterate last = run.get(run.size() - 1);
    assertArrayEquals(new double[] {1, 1}, last.x(), 1e-4);
    assertTrue(last.value() < 1e-8, "value " + last.value());
    assertEquals("gradient converged", last.stopReason());
    for (int i = 0; i < run.size(); i++) {
      assertEquals(i, run.get(i).iteration(), "one element per iteration, the start first");
      assertEquals(i == run.size() - 1, run.get(i).last());
    }
    assertTrue(run.get(run.size() - 1).value() < run.get(0).value());
  }

  @Test
  void stopsAtMaxIterations() {
    List<Lbfgs.Iterate> run = all(new Lbfgs(5, 10, 1e-10).iterations(ROSENBROCK, new double[] {-1.2, 1}));

    assertEquals(6, run.size(), "the start and 5 iterations");
    assertEquals("max iterations reached", run.get(5).stopReason());
  }

  @Test
  void sameStartGivesSameIteratesBitForBit() {
    double[] start = {-1.2, 1};
    List<Lbfgs.Iterate> a = all(new Lbfgs(30, 10, 1e-10).iterations(ROSENBROCK, start));
    List<Lbfgs.Iterate> b = all(new Lbfgs(30, 10, 1e-10).iterations(ROSENBROCK, start));

    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i).x(), b.get(i).x(), 0.0);
    }
    assertArrayEquals(new double[] {-1.2, 1}, start, 0.0, "the start is not modified");
  }

  /** sum(x - log x) is undefined for x <= 0: the line search shortens steps that land there. */
  @Test
  void lineSearchBacksOffWhereTheFunctionIsNotFinite() {
    DifferentiableFunction f = (x, g) -> {
      double v = 0;
      for (int i = 0; i < x.length; i++) {
        v += x[i] - Math.log(x[i]);
        g[i] = 1 - 1 / x[i];
      }
      return x[0] > 0 && x[1] > 0 ? v : Double.NaN;
    };
    List<Lbfgs.Iterate> run = all(new Lbfgs(100, 10, 1e-12).iterations(f, new double[] {40, 0.01}));

    for (Lbfgs.Iterate it : run) {
      assertTrue(Double.isFinite(it.value()) && it.x()[0] > 0 && it.x()[1] > 0, "iterate " + it.iteration());
    }
    assertArrayEquals(new double[] {1, 1}, run.get(run.size() - 1).x(), 1e-4);
  }

  @Test
  void rejectsBadSettings() {
    assertThrows(IllegalArgumentException.class, () -> new Lbfgs(-1, 10, 1e-6));
    assertThrows(IllegalArgumentException.class, () -> new Lbfgs(10, 0, 1e-6));
    assertThrows(IllegalArgumentException.class, () -> new Lbfgs(10, 10, 0));
  }

  private static List<Lbfgs.Iterate> all(Iterator<Lbfgs.Iterate> it) {
    List<Lbfgs.Iterate> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
