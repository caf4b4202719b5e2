package io.sparkrbf.numeric;

/**
 * A seeded pseudo-random number per row, derived from the row's position in the input
 * (SplitMix64). Sampling by it picks the same rows however the data is partitioned, so
 * initialization, and with it the whole run, does not depend on the partition count.
 */
public final class RowHash {
  private RowHash() {
  }

  /** A uniform value in [0, 1) for this seed and row ordinal. */
  public static double uniform(long seed, long ordinal) {
    return (mix(seed, ordinal) >>> 11) * 0x1.0p-53;
  }

  /** 64 well-mixed bits for this seed and row ordinal. */
  public static long mix(long seed, long ordinal) {
    long z = seed * 0x9E3779B97F4A7C15L + ordinal + 0x632BE59BD9B4E019L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
