package io.sparkrbf;

/** How far two parameter vectors are apart, the measure the "same model to 1e-9" tests use. */
public final class Differences {
  private Differences() {
  }

  /** {@code ||expected - actual|| / ||expected||} (Euclidean); the lengths must match. */
  public static double relative(double[] expected, double[] actual) {
    if (expected.length != actual.length) {
      throw new IllegalArgumentException("lengths " + expected.length + " and " + actual.length + " differ");
    }
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < expected.length; i++) {
      diff += (expected[i] - actual[i]) * (expected[i] - actual[i]);
      norm += expected[i] * expected[i];
    }
    return Math.sqrt(diff / norm);
  }
}
