package io.sparkrbf.train;

import java.io.Serializable;

/**
 * Slice {@code index} of {@code count} contiguous, near-equal parts of every block's rows:
 * the rows one mini-batch step uses. Slicing blocks rather than sampling rows keeps every
 * step a dense BLAS product over a sub-range of the cached block, with nothing copied,
 * and every partition does its share of each step.
 */
public record BlockSlice(int index, int count) implements Serializable {
  /** All rows of every block: a full-batch step. */
  public static final BlockSlice WHOLE = new BlockSlice(0, 1);

  public BlockSlice {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException("slice " + index + " of " + count);
    }
  }

  /** First row of this slice in a block of {@code rows} rows. */
  int from(int rows) {
    return (int) ((long) rows * index / count);
  }

  /** Rows of this slice in a block of {@code rows} rows (0 when the block is smaller than the count). */
  int size(int rows) {
    return (int) ((long) rows * (index + 1) / count) - from(rows);
  }
}
