package io.sparkrbf.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vector passes against the scalar ones on the same inputs, with row lengths that are
 * all tail, mixed, and whole vectors: the distances, backward sums and H bit for bit (the
 * same operations in the same order), the activations within the exponentials' 2 ulp; and
 * the float passes the same way, and within float rounding of the double ones.
 */
class ElementwisePassesTest {
  private final ElementwisePasses vector = Lanes.vector();
  private final ElementwisePasses scalar = new ScalarPasses();

  @ParameterizedTest(name = "n={0}")
  @ValueSource(ints = {1, 7, 8, 13, 64, 67})
  void gaussianLayerMatchesTheScalarPass(int n) {
    Random rnd = new Random(n);
    int rows = 5;
    double[] rowNorms = positive(rnd, rows + 2, 30);
    double[] centerNorms = positive(rnd, n, 30);
    double[] betas = positive(rnd, n + 3, 0.5);
    double[] cross = new double[rows * n];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < n; j++) {
        // -2 x.c near ||x||^2 + ||c||^2, so some distances cancel to below 0 and are clamped
        cross[r * n + j] = -(rowNorms[r + 2] + centerNorms[j]) * (rnd.nextDouble() * 1.2);
      }
    }
    cross[0] = -(rowNorms[2] + centerNorms[0]) * 1.1;
    double[][] expected = gaussian(scalar, rows, n, rowNorms, centerNorms, betas, cross);
    double[][] actual = gaussian(vector, rows, n, rowNorms, centerNorms, betas, cross);
    assertArrayEquals(expected[0], actual[0], "squared distances");
    assertTrue(java.util.Arrays.stream(expected[0]).anyMatch(d -> d == 0), "a clamped distance");
    assertClose(expected[1], actual[1]);


    float[] floatCenterNorms = rounded(centerNorms);
    float[] floatBetas = rounded(java.util.Arrays.copyOfRange(betas, 3, 3 + n));
    float[][] floats = new float[2][];
    for (ElementwisePasses passes : new ElementwisePasses[] {scalar, vector}) {
      float[] d2 = rounded(cross);
      float[] phi = new float[rows * (n + 1)];
      passes.gaussianLayer(rows, n, rowNorms, 2, floatCenterNorms, floatBetas, d2, phi);
      if (floats[0] == null) {
        floats[0] = d2;
        floats[1] = phi;
        continue;
      }
      assertArrayEquals(floats[0], d2, "float squared distances");
      for (int i = 0; i < phi.length; i++) {
        assertEquals(floats[1][i], phi[i], Math.ulp(floats[1][i]), "float activation " + i);
        assertEquals(actual[1][i], phi[i], 1e-5 * (1 + actual[1][i]), "float against double activation " + i);
      }
    }
  }

  @ParameterizedTest(name = "n={0}")
  @ValueSource(ints = {1, 7, 8, 13, 64, 67})
  void backwardMatchesTheScalarPassBitForBit(int n) {
    Random rnd = new Random(100 + n);
    int rows = 6;
    double[] hidden = positive(rnd, rows * (n + 1), 1);
    double[] distances = positive(rnd, rows * n, 5);
    double[] betas = positive(rnd, n + 1, 0.5);
    double[] grad = new double[rows * n];
    for (int i = 0; i < grad.length; i++) {
      grad[i] = rnd.nextGaussian();
    }
    double[][] expected = backward(scalar, rows, n, grad, hidden, distances, betas);
    double[][] actual = backward(vector, rows, n, grad, hidden, distances, betas);
    assertArrayEquals(expected[0], actual[0], "H");
    assertArrayEquals(expected[1], actual[1], "beta gradient");
    assertArrayEquals(expected[2], actual[2], "column sums of H");

    float[][] floatExpected = backward(scalar, rows, n, rounded(grad), rounded(hidden), rounded(distances),
        rounded(betas));
    float[][] floatActual = backward(vector, rows, n, rounded(grad), rounded(hidden), rounded(distances),
        rounded(betas));
    assertArrayEquals(floatExpected[0], floatActual[0], "float H");
    for (int i = 0; i < n; i++) {
      assertEquals(floatExpected[1][i], floatActual[1][i], "float beta gradient " + i);
      assertEquals(floatExpected[2][i], floatActual[2][i], "float column sums of H " + i);
      assertEquals(actual[1][2 + i], floatActual[1][i], 1e-5 * (1 + Math.abs(actual[1][2 + i])), "beta float vs double");
    }
  }

  /** H (in place), then the beta gradient and column sums (as float for the comparison), from 0.25 and -0.5. */
  private static float[][] backward(ElementwisePasses passes, int rows, int n, float[] grad, float[] hidden,
      float[] distances, float[] betas) {
    double[] betaGrad = new double[n];
    double[] columnSums = new double[n];
    java.util.Arrays.fill(betaGrad, 0.25);
    java.util.Arrays.fill(columnSums, -0.5);
    passes.gaussianBackward(rows, n, grad, hidden, distances, java.util.Arrays.copyOfRange(betas, 1, 1 + n),
        betaGrad, 0, columnSums);
    return new float[][] {grad, rounded(betaGrad), rounded(columnSums)};
  }

  private static float[] rounded(double[] values) {
    float[] f = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      f[i] = (float) values[i];
    }
    return f;
  }

  private static double[][] gaussian(ElementwisePasses passes, int rows, int n, double[] rowNorms,
      double[] centerNorms, double[] betas, double[] cross) {
    double[] distances = cross.clone();
    double[] hidden = new double[rows * (n + 1)];
    passes.gaussianLayer(rows, n, rowNorms, 2, centerNorms, betas, 3, distances, hidden);
    return new double[][] {distances, hidden};
  }

  private static double[][] backward(ElementwisePasses passes, int rows, int n, double[] grad, double[] hidden,
      double[] distances, double[] betas) {
    double[] h = grad.clone();
    double[] betaGrad = new double[n + 2];
    double[] columnSums = new double[n];
    java.util.Arrays.fill(betaGrad, 0.25); // sums are added to what is there
    java.util.Arrays.fill(columnSums, -0.5);
    passes.gaussianBackward(rows, n, h, hidden, distances, betas, 1, betaGrad, 2, columnSums);
    return new double[][] {h, betaGrad, columnSums};
  }

  private static double[] positive(Random rnd, int length, double scale) {
    double[] values = new double[length];
    for (int i = 0; i < length; i++) {
      values[i] = scale * (0.1 + rnd.nextDouble());
    }
    return values;
  }

  private static void assertClose(double[] expected, double[] actual) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 2 * Math.ulp(expected[i]), "activation " + i);
    }
  }
}
