package io.sparkrbf.data;

import io.sparkrbf.kernel.Block;
import io.sparkrbf.kernel.Precision;
import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.model.InputMap;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;

/**
 * Stacks each partition's rows into dense {@link Block}s of up to {@code blockRows}
 * rows, mapped to the network's features ({@link InputMap}: scaled, then projected), labelled
 * and weighted, once, so every epoch works on ready matrices.
 * A row that does not fit the data set's width (a CSV file with fewer columns than another,
 * a short dense Parquet vector) is an {@link InputFormatException} naming its file and line
 * or row.
 */
public final class Blockifier {
  private Blockifier() {
  }

  /** The blocks of what {@code input} reads. */
  public static JavaRDD<Block> toBlocks(DataReader input, InputMap map, LabelIndex labels, int blockRows,
                                        Precision precision) {
    return toBlocks(input.read(), input.locator(), map, labels, blockRows, precision);
  }

  /**
   * @param locator names the file and line of a row from its ordinal, for errors
   * @param map from the raw rows (its input width) to the block's features
   * @param labels maps labels to class ids; null gives every row class 0 (scoring
   *     unlabelled data)
   * @param precision how the blocks store their features
   */
  public static JavaRDD<Block> toBlocks(JavaRDD<ParsedRow> rows, RowLocator locator, InputMap map,
                                        LabelIndex labels, int blockRows, Precision precision) {
    requirePositive(blockRows);
    return rows.mapPartitions(it -> stack(it, locator, map, labels, blockRows, precision));
  }

  /**
   * The blocks of one partition's rows, each stacked when asked for: {@code next()} takes
   * the rows of one block from {@code rows}, and no more.
   */
  public static Iterator<Block> stack(Iterator<ParsedRow> rows, RowLocator locator, InputMap map,
                                      LabelIndex labels, int blockRows, Precision precision) {
    requirePositive(blockRows);
    return new Stacker(rows, locator, map, labels, blockRows, precision);
  }

  private static void requirePositive(int blockRows) {
    if (blockRows < 1) {
      throw new IllegalArgumentException("block rows must be >= 1, got " + blockRows);
    }
  }

  /** Builds each block when the consumer asks for it, so a partition is never held twice. */
  private static final class Stacker implements Iterator<Block> {
    private final Iterator<ParsedRow> rows;
    private final RowLocator locator;
    private final int d;
    private final InputMap map;
    private final LabelIndex labels;
    private final int blockRows;
    private final Precision precision;

    Stacker(Iterator<ParsedRow> rows, RowLocator locator, InputMap map, LabelIndex labels, int blockRows,
            Precision precision) {
      this.rows = rows;
      this.locator = locator;
      this.d = map.inputFeatures();
      this.map = map;
      this.labels = labels;
      this.blockRows = blockRows;
      this.precision = precision;
    }

    @Override
    public boolean hasNext() {
      return rows.hasNext();
    }

    @Override
    public Block next() {
      double[] features = new double[blockRows * d];
      int[] classes = new int[blockRows];
      double[] weights = null;
      int n = 0;
      while (n < blockRows && rows.hasNext()) {
        ParsedRow row = rows.next();
        densify(row, locator, features, n, d);
        classes[n] = labels == null ? 0 : classId(labels, row);
        if (row.weight() != 1.0 && weights == null) {
          weights = new double[blockRows];
          Arrays.fill(weights, 0, n, 1.0);
        }
        if (weights != null) {
          weights[n] = row.weight();
        }
        n++;
      }
      if (n == 0) {
        throw new NoSuchElementException();
      }
      double[] mapped = map.applyToRows(features, n);
      int width = map.outputFeatures();
      return n == blockRows ? new Block(n, width, mapped, classes, weights, precision)
          : new Block(n, width, mapped, Arrays.copyOf(classes, n), weights == null ? null : Arrays.copyOf(weights, n),
              precision);
    }
  }

  /**
   * Writes {@code row} as row {@code at} of {@code rows} (D = {@code d} values each); a row that
   * does not fit D is an error naming its file and line.
   */
  static void densify(ParsedRow row, RowLocator locator, double[] rows, int at, int d) {
    if (!row.fits(d)) {
      throw locator.error(row.ordinal(), "row has " + row.width() + (row.width() == 1 ? " feature" : " features")
          + ", expected " + d);
    }
    row.densifyInto(rows, at * d, d);
  }

  private static int classId(LabelIndex labels, ParsedRow row) {
    int id = row.classIn(labels);
    if (id < 0) {
      throw new IllegalStateException("label " + (row.labelName() != null ? row.labelName() : row.label())
          + " is not in " + labels + "; the reader should have refused it");
    }
    return id;
  }
}
