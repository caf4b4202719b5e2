package io.sparkrbf.data;

import java.io.IOException;
import java.io.Serializable;
import java.io.Writer;
import java.util.Random;

/**
 * Seeded synthetic classification data: each class is a mixture of a few Gaussian
 * blobs in D dimensions, so classes are not linearly separable and the hidden RBF layer
 * has real work. Written as LIBSVM text; the same seed gives the same bytes, so scale
 * benchmarks can be rerun on identical data without shipping it.
 */
public final class GaussianMixtureGenerator implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Blobs per class. */
  public static final int COMPONENTS_PER_CLASS = 3;

  private final int features;
  private final int classes;
  private final long seed;
  private final double[][] blobCenters;

  /**
   * @param separation standard deviation of the blob centers around the origin, in units
   *     of the blobs' own standard deviation (1): larger is easier
   */
  public GaussianMixtureGenerator(int features, int classes, double separation, long seed) {
    if (features < 1 || classes < 2 || !(separation > 0)) {
      throw new IllegalArgumentException("need features >= 1, classes >= 2 and separation > 0");
    }
    this.features = features;
    this.classes = classes;
    this.seed = seed;
    Random rnd = new Random(seed);
    blobCenters = new double[classes * COMPONENTS_PER_CLASS][features];
    for (double[] c : blobCenters) {
      for (int f = 0; f < features; f++) {
        c[f] = separation * rnd.nextGaussian();
      }
    }
  }

  /**
   * Writes {@code rows} rows, values rounded to 4 decimals: LIBSVM lines ({@code label 1:x1 2:x2 ...}), or CSV
   * with a header line {@code label,f1,...,fD}.
   */
  public void write(Writer out, long rows, InputFormat format) throws IOException {
    if (format == InputFormat.PARQUET) {
      throw new IllegalArgumentException("the generator writes LIBSVM or CSV, not Parquet");
    }
    boolean csv = format == InputFormat.CSV;
    StringBuilder line = new StringBuilder(features * 10);
    if (csv) {
      line.append("label");
      for (int f = 1; f <= features; f++) {
        line.append(",f").append(f);
      }
      out.write(line.append('\n').toString());
    }
    Random rnd = new Random(seed ^ 0x2545F4914F6CDD1DL);
    double[] x = new double[features];
    for (long r = 0; r < rows; r++) {
      int label = sample(rnd, x);
      line.setLength(0);
      line.append(label);
      for (int f = 0; f < features; f++) {
        if (csv) {
          line.append(',');
        } else {
          line.append(' ').append(f + 1).append(':');
        }
        line.append(Math.round(x[f] * 1e4) / 1e4);
      }
      out.write(line.append('\n').toString());
    }
  }

  /**
   * Draws one row into {@code x} (length D) and returns its class: a uniformly drawn
   * class, one of its blobs, a standard normal point around it. For generating inside a
   * Spark job, give each partition its own seeded {@code rnd}.
   */
  public int sample(Random rnd, double[] x) {
    int label = rnd.nextInt(classes);
    double[] center = blobCenters[label * COMPONENTS_PER_CLASS + rnd.nextInt(COMPONENTS_PER_CLASS)];
    for (int f = 0; f < features; f++) {
      x[f] = center[f] + rnd.nextGaussian();
    }
    return label;
  }
}
