package io.sparkrbf.data;

import io.sparkrbf.config.TrainOptions;
import io.sparkrbf.numeric.RowHash;
import java.io.Serializable;

/**
 * The seeded split of the training rows into a training part and validation rows
 * ({@code --validation-fraction f}): a row is held out when a {@link RowHash} of its ordinal
 * (its position in the input) falls below {@code f}. Each row is decided alone, from its
 * position and the seed, so the same rows are held out however the input is partitioned, and
 * about {@code f} of them.
 */
public final class ValidationSplit implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Keeps the split's hash apart from the other seeded choices made by row (samples of the k-means start). */
  private static final long SALT = 0x76616C6964L;

  private final double fraction;
  private final long seed;

  /** @param fraction the share of rows held out, in (0, 0.5] */
  public ValidationSplit(double fraction, long seed) {
    this.fraction = fraction;
    this.seed = seed;
  }

  /** Whether the row is held out as validation data. */
  public boolean validates(ParsedRow row) {
    return RowHash.uniform(seed ^ SALT, row.ordinal()) < fraction;
  }

  /** Whether the row is in the training part. */
  public boolean trains(ParsedRow row) {
    return !validates(row);
  }

  /** Names the validation rows of {@code train} in messages and provenance. */
  static String describe(String train, TrainOptions options) {
    return train + " (the rows held out by --validation-fraction " + options.validationFraction() + ", seed "
        + options.seed() + ")";
  }
}
