package io.sparkrbf.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The vector exponential against {@code Math.exp} over every range the kernel can give it, and its edges. */
class VectorExpTest {
  private static final int LANES = VectorExp.SPECIES.length();

  /** Every 1/64 from -745 to 709, 2^17 uniform points of [-1, 0] (most Gaussian units) and of [-745, 709]. */
  private static double[] arguments() {
    Random rnd = new Random(7);
    int grid = (745 + 709) * 64;
    double[] x = new double[grid + 2 * (1 << 17)];
    for (int i = 0; i < grid; i++) {
      x[i] = -745 + i / 64.0;
    }
    for (int i = 0; i < 1 << 17; i++) {
      x[grid + i] = -rnd.nextDouble();
      x[grid + (1 << 17) + i] = -745 + 1454 * rnd.nextDouble();
    }
    return x;
  }

  @Test
  void withinOneUlpOfMathExpAndZeroBelowTheUnderflowBound() {
    double[] x = arguments();
    double[] e = x.clone();
    VectorExp.expInPlace(e, 0, e.length);
    double worstUlps = 0;
    for (int i = 0; i < x.length; i++) {
      double expected = Math.exp(x[i]);
      if (x[i] < -708) {
        assertEquals(0.0, e[i], "exp(" + x[i] + ")");
        assertTrue(expected < 3.4e-308);
      } else {
        double ulps = Math.abs(e[i] - expected) / Math.ulp(expected);
        worstUlps = Math.max(worstUlps, ulps);
        assertTrue(ulps <= 1, "exp(" + x[i] + ") = " + e[i] + ", Math.exp gives " + expected);
      }
    }
    assertTrue(worstUlps > 0, "the comparison must see rounding differences, or it compared nothing");
  }

  @Test
  void edgesMatchMathExp() {
    double[] x = {0.0, -0.0, -1e-300, Double.MIN_VALUE, -708, 709, 709.5, 1000, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.NaN, -708.0000001, -1e6};
    double[] expected = {1, 1, 1, 1, Math.exp(-708), Math.exp(709), Double.POSITIVE_INFINITY,
        Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0, Double.NaN, 0, 0};
    double[] e = x.clone();
    VectorExp.expInPlace(e, 0, e.length);
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(expected[i])) {
        assertEquals(expected[i], e[i], Math.ulp(expected[i]), "exp(" + x[i] + ")");
      } else {
        assertEquals(expected[i], e[i], "exp(" + x[i] + ")");
      }
      assertEquals(Double.doubleToLongBits(e[i]), Double.doubleToLongBits(VectorExp.exp(x[i])), "scalar exp(" + x[i] + ")");
    }
  }

  @Test
  void floatLanesWithinOneUlpOfTheRoundedMathExp() {
    double[] x = arguments();
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      f[i] = (float) (x[i] / 8); // [-93, 88.6]: past both float bounds
    }
    float[] e = f.clone();
    VectorExp.expInPlace(e, 0, e.length);
    for (int i = 0; i < f.length; i++) {
      float expected = (float) Math.exp(f[i]);
      if (f[i] < -87.3f) {
        assertEquals(0f, e[i], "exp(" + f[i] + ")");
      } else if (f[i] > 88f) {
        assertEquals(Float.POSITIVE_INFINITY, e[i], "exp(" + f[i] + ")");
      } else {
        assertEquals(expected, e[i], Math.ulp(expected), "exp(" + f[i] + ")");
      }
      assertEquals(Float.floatToIntBits(VectorExp.exp(f[i])), Float.floatToIntBits(e[i]), "scalar exp(" + f[i] + ")");
    }
  }

  /** A value's exponential does not depend on whether it is in a full vector or in the tail. */
  @Test
  void lanesAndTheScalarTailGiveTheSameBits() {
    double[] x = arguments();
    double[] vector = x.clone();
    VectorExp.expInPlace(vector, 0, vector.length);
    for (int i = 0; i < x.length; i++) {
      assertEquals(Double.doubleToLongBits(VectorExp.exp(x[i])), Double.doubleToLongBits(vector[i]),
          "exp(" + x[i] + ")");
    }
    for (int from = 1; from < LANES; from++) {
      double[] shifted = x.clone();
      VectorExp.expInPlace(shifted, from, 3 * LANES);
      assertArrayEquals(java.util.Arrays.copyOfRange(vector, from, from + 3 * LANES),
          java.util.Arrays.copyOfRange(shifted, from, from + 3 * LANES));
      assertEquals(x[from - 1], shifted[from - 1], "outside the range");
    }
  }
}
