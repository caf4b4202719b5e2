package io.sparkrbf.data;

import java.io.Serializable;
import java.util.List;

/**
 * Names where a row came from, given only its ordinal ({@link ParsedRow#ordinalBase}: the
 * source index in the high bits, the position in the low 40). Rows carry no file name, so a
 * problem found after parsing, such as a dense row narrower than the data set when the rows
 * are stacked into blocks, can still be reported as "file:line" (text formats, whose
 * positions count every line), "file: row r" (Parquet) or "name: partition p, row r" (a
 * DataFrame).
 */
public final class RowLocator implements Serializable {
  private static final long serialVersionUID = 1L;

  private enum Unit { LINE, ROW, PARTITION }

  private final String[] sources;
  private final Unit unit;

  private RowLocator(String[] sources, Unit unit) {
    this.sources = sources;
    this.unit = unit;
  }

  /** Rows of text files, in the order of {@code files}; a position is a 0-based line index. */
  static RowLocator lines(List<String> files) {
    return new RowLocator(files.toArray(String[]::new), Unit.LINE);
  }

  /** Rows of Parquet files, in the order of {@code files}; a position is a 0-based row index. */
  static RowLocator rows(List<String> files) {
    return new RowLocator(files.toArray(String[]::new), Unit.ROW);
  }

  /** Rows of a DataFrame named {@code name}, whose ordinals number its partitions. */
  public static RowLocator partitions(String name) {
    return new RowLocator(new String[] {name}, Unit.PARTITION);
  }

  /** An input error about the row with this ordinal. */
  public InputFormatException error(long ordinal, String problem) {
    int source = ParsedRow.source(ordinal);
    long position = ParsedRow.position(ordinal);
    return switch (unit) {
      case LINE -> new InputFormatException(sources[source], position + 1, null, problem);
      case ROW -> InputFormatException.atRow(sources[source], position + 1, null, problem);
      case PARTITION -> new InputFormatException(sources[0], 0, null,
          "partition " + source + ", row " + (position + 1) + ": " + problem);
    };
  }
}
