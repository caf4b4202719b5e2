package io.sparkrbf.train;

import io.sparkrbf.numeric.RowHash;
import java.util.SplittableRandom;

/**
 * The steps of each epoch for a batch fraction f: every block is cut into
 * {@code ceil(1/f)} slices and each epoch takes one step per slice, in an order drawn
 * from the seed and the epoch number. Every row is used exactly once per epoch, and the
 * same seed gives the same steps.
 */
final class MiniBatchSchedule {
  private final int steps;
  private final long seed;

  /**
   * @param fraction share of the rows per step, in (0, 1]; 1 is full batch
   */
  MiniBatchSchedule(double fraction, long seed) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("batch fraction must be in (0, 1], got " + fraction);
    }
    this.steps = (int) Math.ceil(1 / fraction - 1e-9);
    this.seed = seed;
  }

  int stepsPerEpoch() {
    return steps;
  }

  /** The slices of the given epoch's steps, in order. */
  BlockSlice[] epoch(int epoch) {
    BlockSlice[] slices = new BlockSlice[steps];
    for (int i = 0; i < steps; i++) {
      slices[i] = new BlockSlice(i, steps);
    }
    SplittableRandom random = new SplittableRandom(RowHash.mix(seed, epoch));
    for (int i = steps - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      BlockSlice t = slices[i];
      slices[i] = slices[j];
      slices[j] = t;
    }
    return slices;
  }
}
