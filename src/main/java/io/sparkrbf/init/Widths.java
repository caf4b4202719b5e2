package io.sparkrbf.init;

import java.util.Arrays;

/**
 * Initial Gaussian widths from the spacing of the centers: each unit gets
 * {@code beta_j = 1 / (2 sigma_j^2)} with {@code sigma_j^2} the mean squared distance to
 * its nearest other centers (Moody and Darken's P-nearest-neighbour rule).
 *
 * <p>The widths so follow the scale of the data in every scaling mode: a unit overlaps
 * its neighbours instead of being a spike or a plateau, whatever the units of the input.
 */
public final class Widths {
  /** Neighbours averaged per center. */
  public static final int NEIGHBOURS = 2;

  private Widths() {
  }

  /**
   * @param centers n rows of D values
   * @param fallbackSquaredDistance used as sigma^2 where a center has no distinct
   *     neighbour (a single center, or all centers equal): the data's mean squared
   *     distance to its mean, so it is on the data's scale too
   * @return n positive widths
   */
  public static double[] fromNeighbours(double[][] centers, double fallbackSquaredDistance) {
    if (!(fallbackSquaredDistance > 0) || !Double.isFinite(fallbackSquaredDistance)) {
      fallbackSquaredDistance = 1.0;
    }
    int n = centers.length;
    int p = Math.min(NEIGHBOURS, n - 1);
    double[] betas = new double[n];
    double[] distances = new double[n];
    for (int j = 0; j < n; j++) {
      int m = 0;
      for (int other = 0; other < n; other++) {
        double d2 = squaredDistance(centers[j], centers[other]);
        if (other != j && d2 > 0) {
          distances[m++] = d2;
        }
      }
      double sigma2 = fallbackSquaredDistance;
      if (m > 0 && p > 0) {
        Arrays.sort(distances, 0, m);
        int used = Math.min(p, m);
        double sum = 0;
        for (int i = 0; i < used; i++) {
          sum += distances[i];
        }
        sigma2 = sum / used;
      }
      betas[j] = 1.0 / (2.0 * sigma2);
    }
    return betas;
  }

  static double squaredDistance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      s += d * d;
    }
    return s;
  }
}
