package io.sparkrbf.config;

import java.util.Locale;

/**
 * What {@code --projection} asks for: no projection, the leading {@code k} principal components of
 * the scaled training rows ({@code pca:k}), or the fewest leading components whose share of their
 * variance reaches {@code f} ({@code pcaVariance:f}). Fewer dimensions make every distance the
 * Gaussian units compute cheaper, and most of a wide input's variance often lies in a few of them.
 *
 * @param components k of {@code pca:k}, else 0
 * @param variance f of {@code pcaVariance:f}, else 0
 */
public record ProjectionSpec(int components, double variance) {
  /** Inputs as the scaling leaves them. */
  public static final ProjectionSpec NONE = new ProjectionSpec(0, 0);
  private static final String PCA = "pca:";
  private static final String VARIANCE = "pcavariance:";

  public ProjectionSpec {
    if (components < 0 || components > 0 && variance != 0) {
      throw new IllegalArgumentException("a projection keeps k components or a share of the variance, not both");
    }
    if (!(variance >= 0 && variance <= 1)) {
      throw new IllegalArgumentException("a share of the variance must be in [0, 1], got " + variance);
    }
  }

  /**
   * {@code none}, {@code pca:k} (k &gt;= 1) or {@code pcaVariance:f} (f in (0, 1]); the kind's name
   * in any case. A bad value is an IllegalArgumentException, as the other option words' parsers throw (the
   * command line and {@link TrainOptions} turn it into an error naming the flag or key).
   */
  public static ProjectionSpec parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    try {
      if (v.equals("none")) {
        return NONE;
      }
      if (v.startsWith(PCA)) {
        int k = Integer.parseInt(v.substring(PCA.length()));
        if (k < 1) {
          throw new IllegalArgumentException("pca:k needs k >= 1 components, got " + k);
        }
        return new ProjectionSpec(k, 0);
      }
      if (v.startsWith(VARIANCE)) {
        double f = Double.parseDouble(v.substring(VARIANCE.length()));
        if (!(f > 0 && f <= 1)) {
          throw new IllegalArgumentException("pcaVariance:f needs a share f in (0, 1], got " + f);
        }
        return new ProjectionSpec(0, f);
      }
    } catch (NumberFormatException e) {
      // the message below names the forms that work
    }
    throw new IllegalArgumentException("unknown projection '" + value + "', expected none, pca:k (k >= 1 components) "
        + "or pcaVariance:f (the share f in (0, 1] of the variance to keep)");
  }

  /** Whether the inputs are projected at all. */
  public boolean projects() {
    return components > 0 || variance > 0;
  }

  /** The text {@link #parse} reads: {@code none}, {@code pca:64} or {@code pcaVariance:0.95}. */
  public String id() {
    return components > 0 ? "pca:" + components : variance > 0 ? "pcaVariance:" + variance : "none";
  }

  /**
   * How many leading components to keep, given every component's share of the variance in decreasing
   * order (one per input feature): k, refused when there are fewer features, or the fewest whose shares
   * add up to f (all of them when rounding keeps the sum just below f).
   */
  public int componentsToKeep(double[] shares) {
    int d = shares.length;
    if (components > 0) {
      if (components > d) {
        throw new OptionException("--projection " + id() + " keeps more components than the data has features ("
            + d + "); use pca:" + d + " or fewer");
      }
      return components;
    }
    double sum = 0;
    for (int k = 1; k <= d; k++) {
      sum += shares[k - 1];
      if (sum >= variance) {
        return k;
      }
    }
    return d;
  }

  @Override
  public String toString() {
    return id();
  }
}
