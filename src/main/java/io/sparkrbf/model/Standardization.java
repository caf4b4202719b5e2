package io.sparkrbf.model;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Per-feature affine input scaling {@code x' = (x - mean) / std}, learned on the
 * training data and stored with the model so prediction sees inputs on the same scale.
 * Every {@link ScalingMode} but none takes this form (global: mean 0 and one std for all
 * features), so a model file reader needs only the mean and std to apply it; the mode is
 * kept for people and provenance.
 */
public final class Standardization implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ScalingMode mode;
  private final double[] mean;
  private final double[] std;

  public Standardization(ScalingMode mode, double[] mean, double[] std) {
    if (mode == ScalingMode.NONE) {
      throw new IllegalArgumentException("scaling mode none has no standardization");
    }
    if (mean.length != std.length) {
      throw new IllegalArgumentException("mean has " + mean.length + " entries, std has " + std.length);
    }
    for (int i = 0; i < std.length; i++) {
      if (!Double.isFinite(mean[i]) || !Double.isFinite(std[i]) || std[i] <= 0) {
        throw new IllegalArgumentException(
            "standardization of feature " + (i + 1) + " is invalid: mean " + mean[i] + ", std " + std[i]);
      }
    }
    this.mode = mode;
    this.mean = mean.clone();
    this.std = std.clone();
  }

  /** How the statistics were chosen. */
  public ScalingMode mode() {
    return mode;
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
    return o instanceof Standardization s && mode == s.mode && Arrays.equals(mean, s.mean) && Arrays.equals(std, s.std);
  }

  @Override
  public int hashCode() {
    return (31 * mode.hashCode() + Arrays.hashCode(mean)) * 31 + Arrays.hashCode(std);
  }
}
