package io.sparkrbf.kernel;

import java.util.Random;

/** Random networks and data for tests, seeded so failures reproduce. */
public final class KernelFixtures {
  private KernelFixtures() {
  }

  public static RbfParameters randomParameters(RbfShape shape, Random rnd, double weightScale) {
    double[] v = new double[shape.size()];
    for (int i = 0; i < shape.betasOffset(); i++) {
      v[i] = weightScale * rnd.nextGaussian();
    }
    for (int j = 0; j < shape.numCenters(); j++) {
      v[shape.betasOffset() + j] = 0.05 + 0.3 * rnd.nextDouble();
    }
    for (int i = shape.centersOffset(); i < shape.size(); i++) {
      v[i] = rnd.nextGaussian();
    }
    return new RbfParameters(shape, v);
  }

  public static double[][] randomRows(int rows, int d, Random rnd) {
    double[][] xs = new double[rows][d];
    for (double[] x : xs) {
      for (int f = 0; f < d; f++) {
        x[f] = rnd.nextGaussian();
      }
    }
    return xs;
  }

  static int[] randomLabels(int rows, int k, Random rnd) {
    int[] y = new int[rows];
    for (int i = 0; i < rows; i++) {
      y[i] = rnd.nextInt(k);
    }
    return y;
  }

  /** Rows [from, to) stacked into one double block. */
  static Block block(double[][] xs, int[] labels, int from, int to) {
    return block(xs, labels, from, to, Precision.DOUBLE);
  }

  /** Rows [from, to) stacked into one block of the given precision. */
  static Block block(double[][] xs, int[] labels, int from, int to, Precision precision) {
    int d = xs[0].length;
    double[] features = new double[(to - from) * d];
    int[] y = new int[to - from];
    for (int i = from; i < to; i++) {
      System.arraycopy(xs[i], 0, features, (i - from) * d, d);
      y[i - from] = labels[i];
    }
    return new Block(to - from, d, features, y, null, precision);
  }

  /** Rows [from, to) stacked into one double block with their instance weights. */
  static Block block(double[][] xs, int[] labels, double[] weights, int from, int to) {
    Block plain = block(xs, labels, from, to);
    return new Block(to - from, xs[0].length, plain.features(), plain.labels(),
        java.util.Arrays.copyOfRange(weights, from, to), Precision.DOUBLE);
  }

  /** Mean loss and gradient from the blocked kernel over double blocks of {@code blockRows}. */
  static double[] meanSums(RbfParameters p, double smoothing, double[][] xs, int[] labels, int blockRows) {
    return meanSums(p, smoothing, xs, labels, blockRows, Precision.DOUBLE);
  }

  /** Mean loss and gradient from the blocked kernel over blocks of {@code blockRows} in {@code precision}. */
  static double[] meanSums(RbfParameters p, double smoothing, double[][] xs, int[] labels, int blockRows,
                           Precision precision) {
    return meanSums(new BlockKernel(p.shape(), smoothing), p, xs, labels, blockRows, precision);
  }

  /** Mean loss and gradient from {@code kernel} over blocks of {@code blockRows} in {@code precision}. */
  static double[] meanSums(BlockKernel kernel, RbfParameters p, double[][] xs, int[] labels, int blockRows,
                           Precision precision) {
    kernel.bind(p);
    double[] acc = LossSums.zeros(p.shape());
    for (int from = 0; from < xs.length; from += blockRows) {
      kernel.accumulate(block(xs, labels, from, Math.min(xs.length, from + blockRows), precision), acc, true);
    }
    kernel.finish(acc);
    double count = acc[LossSums.COUNT];
    for (int i = 0; i < acc.length; i++) {
      if (i != LossSums.COUNT && i != LossSums.CORRECT) {
        acc[i] /= count;
      }
    }
    return acc;
  }

  static double relativeError(double[] expected, int expectedFrom, double[] actual, int actualFrom, int length) {
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < length; i++) {
      double e = expected[expectedFrom + i];
      double a = actual[actualFrom + i];
      diff += (e - a) * (e - a);
      norm += e * e;
    }
    return Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-300);
  }
}
