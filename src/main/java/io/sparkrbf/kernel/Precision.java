package io.sparkrbf.kernel;

import java.util.Locale;

/**
 * The floating-point precision training blocks are stored in and the kernel computes each
 * tile of rows in. {@code float} halves the cached data, runs the matrix products at the
 * single-precision BLAS rate (about twice the double rate) and the element-wise passes in
 * twice the SIMD lanes; the softmax, loss, sums across tiles, parameters and optimizer stay
 * in double, so the loss and the updates keep their accuracy. Measured in
 * docs/benchmarks.md.
 */
public enum Precision {
  DOUBLE,
  FLOAT;

  /** The name as written on the command line and in provenance. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code double} or {@code float}. */
  public static Precision parse(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "double" -> DOUBLE;
      case "float" -> FLOAT;
      default -> throw new IllegalArgumentException("unknown precision '" + value + "', expected double or float");
    };
  }
}
