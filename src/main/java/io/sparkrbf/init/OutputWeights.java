package io.sparkrbf.init;

import java.util.Arrays;
import java.util.Random;

/**
 * Initial output weights W: all zero (every class equally likely at the start, the
 * default) or small seeded Gaussian values (breaks the symmetry between hidden units when
 * centers and widths are trained from the first epoch).
 */
public final class OutputWeights {
  /** Standard deviation of the random mode. */
  public static final double RANDOM_SCALE = 0.01;

  private OutputWeights() {
  }

  /** Fills {@code weights[0, count)} according to {@code mode}, seeded by {@code seed}. */
  public static void initialize(WeightInit mode, double[] weights, int count, long seed) {
    switch (mode) {
      case ZERO -> Arrays.fill(weights, 0, count, 0.0);
      case RANDOM -> {
        Random rnd = new Random(seed);
        for (int i = 0; i < count; i++) {
          weights[i] = RANDOM_SCALE * rnd.nextGaussian();
        }
      }
    }
  }
}
