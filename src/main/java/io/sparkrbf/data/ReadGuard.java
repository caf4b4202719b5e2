package io.sparkrbf.data;

import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;

/**
 * The records of one input file (the rows of a Parquet file) with every failure to read them
 * turned into an {@link InputFormatException} naming the file, and the last record read when
 * that is known (in the file's first split), inside the task that reads: bad input like a bad
 * token, one line for the user and no stack trace, whichever job reads (also the counting job
 * of {@code zipWithIndex}). Text files have the same from {@link GuardedTextInputFormat}, since
 * Hadoop opens them before any iterator could be wrapped.
 */
final class ReadGuard<T> implements Iterator<T> {
  private final Iterator<T> records;
  private final String file;
  private final String unit;
  private final boolean fromStart;
  private long read;

  private ReadGuard(Iterator<T> records, String file, String unit, boolean fromStart) {
    this.records = records;
    this.file = file;
    this.unit = unit;
    this.fromStart = fromStart;
  }

  /**
   * @param unit what a record is, for the message: "line" or "row"
   */
  static <T> JavaRDD<T> of(JavaRDD<T> records, String file, String unit) {
    return records.mapPartitionsWithIndex((split, it) -> new ReadGuard<>(it, file, unit, split == 0), true);
  }

  @Override
  public boolean hasNext() {
    try {
      return records.hasNext();
    } catch (Exception e) {
      throw failed(e);
    }
  }

  @Override
  public T next() {
    try {
      T record = records.next();
      read++;
      return record;
    } catch (Exception e) {
      throw failed(e);
    }
  }

  private InputFormatException failed(Exception e) {
    return failure(file, unit, read, fromStart, e);
  }

  /**
   * A read failure of {@code file} as an input error.
   *
   * @param read records read so far in this split
   * @param fromStart whether the split starts at the file's start, so {@code read} says how far reading got
   */
  static InputFormatException failure(String file, String unit, long read, boolean fromStart, Exception e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String reason = root.getMessage() == null ? root.getClass().getSimpleName()
        : root.getMessage() + " (" + root.getClass().getSimpleName() + ")";
    String where = fromStart && read > 0 ? "read failed after " + unit + " " + read : "read failed";
    return new InputFormatException(file, 0, null, where + ": " + reason, e);
  }
}
