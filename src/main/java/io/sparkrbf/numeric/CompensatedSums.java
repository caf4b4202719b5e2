package io.sparkrbf.numeric;

/**
 * Sums of arrays kept as a rounded part and an error part (Knuth's TwoSum), about twice
 * as precise as a plain double. Summing partition results this way gives, after the final
 * rounding, the same double whatever the order in which Spark merges them and however
 * the rows were grouped into partitions: training and data statistics are then
 * reproducible bit for bit.
 */
public final class CompensatedSums {
  private CompensatedSums() {
  }

  /** Adds {@code x} into {@code (hi, lo)}, element by element; the rounding error goes to {@code lo}. */
  public static void add(double[] hi, double[] lo, double[] x) {
    for (int i = 0; i < hi.length; i++) {
      double a = hi[i];
      double b = x[i];
      double s = a + b;
      double bVirtual = s - a;
      lo[i] += (a - (s - bVirtual)) + (b - bVirtual);
      hi[i] = s;
    }
  }

  /** Adds a single value at {@code i}. */
  public static void add(double[] hi, double[] lo, int i, double b) {
    double a = hi[i];
    double s = a + b;
    double bVirtual = s - a;
    lo[i] += (a - (s - bVirtual)) + (b - bVirtual);
    hi[i] = s;
  }

  /** Adds the compensated sum {@code (oHi, oLo)} into {@code (hi, lo)}. */
  public static void merge(double[] hi, double[] lo, double[] oHi, double[] oLo) {
    add(hi, lo, oHi);
    for (int i = 0; i < lo.length; i++) {
      lo[i] += oLo[i];
    }
  }

  /** The sums rounded to doubles. */
  public static double[] resolve(double[] hi, double[] lo) {
    double[] out = new double[hi.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = hi[i] + lo[i];
    }
    return out;
  }
}
