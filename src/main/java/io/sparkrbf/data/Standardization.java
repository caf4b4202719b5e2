package io.sparkrbf.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Per-feature affine input scaling {@code x' = (x - mean) / std}, learned on the
 * training data and stored with the model so prediction sees inputs on the same scale.
 *
 * <p>Features that were constant in training have {@code std = 1}: they are centered
 * but left unscaled, instead of being divided by zero.
 */
public final class Standardization implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double[] mean;
  private final double[] std;

  public Standardization(double[] mean, double[] std) {
    if (mean.length != std.length) {
      throw new IllegalArgumentException("mean has " + mean.length + " entries, std has " + std.length);
    }
    for (int i = 0; i < std.length; i++) {
      if (!Double.isFinite(mean[i]) || !Double.isFinite(std[i]) || std[i] <= 0) {
        throw new IllegalArgumentException(
            "standardization of feature " + (i + 1) + " is invalid: mean " + mean[i] + ", std " + std[i]);
      }
    }
    this.mean = mean.clone();
    this.std = std.clone();
  }

  public int numFeatures() {
    return mean.length;
  }

  public double[] mean() {
    return mean.clone();
  }

  public double[] std() {
    return std.clone();
  }

  /** Scales {@code row} (length D) in place. */
  public void applyInPlace(double[] row, int offset) {
    for (int i = 0; i < mean.length; i++) {
      row[offset + i] = (row[offset + i] - mean[i]) / std[i];
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Standardization s && Arrays.equals(mean, s.mean) && Arrays.equals(std, s.std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }
}
