package io.sparkrbf.predict;

import io.sparkrbf.data.Blockifier;
import io.sparkrbf.data.ParsedRow;
import io.sparkrbf.data.RowLocator;
import io.sparkrbf.kernel.Block;
import io.sparkrbf.kernel.BlockKernel;
import io.sparkrbf.kernel.Precision;
import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.model.InputMap;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.util.LongAccumulator;

/**
 * Scores one partition's rows on an executor the way training computes them: up to
 * {@link ModelInputs#ModelInputs.BLOCK_ROWS} rows stacked into a dense block through the model's input map
 * ({@link Blockifier#stack}), their logits from the training kernel's BLAS products, then per
 * row the log-softmax, the predicted class (the most probable, the first on ties, as
 * {@code evaluate} counts it) and the probabilities, turned into one output record with the
 * row's passed-through values. The partition is held one block at a time, so an executor's
 * memory does not grow with its partition.
 *
 * @param <T> the output record: a Spark row, or a line of CSV
 */
final class PartitionScorer<T> implements Iterator<T> {
  /** Makes the output record of one scored row. */
  @FunctionalInterface
  interface Output<T> extends Serializable {
    /**
     * @param probabilities by class id, a fresh array the record may keep
     * @param logits by class id, a fresh array, or null when raw scores are not wanted
     */
    T of(Object[] kept, int predicted, double[] probabilities, double[] logits);
  }

  private final Iterator<Block> blocks;
  private final List<ParsedRow> stacked = new ArrayList<>(ModelInputs.BLOCK_ROWS);
  private final BlockKernel kernel;
  private final int k;
  private final boolean withLogits;
  private final LongAccumulator scored;
  private final Output<T> output;
  private final List<T> records = new ArrayList<>(ModelInputs.BLOCK_ROWS);
  private int next;

  /**
   * @param locator names the file and line of a row that does not fit the model
   * @param map the model's input map (scaling, projection)
   * @param withLogits whether {@code output} gets the logits
   * @param scored counts the rows scored
   */
  PartitionScorer(Iterator<ParsedRow> rows, RbfParameters params, InputMap map, RowLocator locator,
                  boolean withLogits, LongAccumulator scored, Output<T> output) {
    Iterator<ParsedRow> remembered = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public ParsedRow next() {
        ParsedRow row = rows.next();
        stacked.add(row);
        return row;
      }
    };
    this.blocks = Blockifier.stack(remembered, locator, map, null, ModelInputs.BLOCK_ROWS, Precision.DOUBLE);
    this.kernel = new BlockKernel(params.shape(), 0.0);
    kernel.bind(params);
    this.k = params.shape().numClasses();
    this.withLogits = withLogits;
    this.scored = scored;
    this.output = output;
  }

  @Override
  public boolean hasNext() {
    if (next == records.size() && blocks.hasNext()) {
      scoreNextBlock();
    }
    return next < records.size();
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return records.set(next++, null);
  }

  private void scoreNextBlock() {
    stacked.clear();
    records.clear();
    next = 0;
    Block block = blocks.next();
    double[] scores = kernel.logits(block);
    for (int i = 0; i < block.rows(); i++) {
      int at = i * k;
      double[] logits = withLogits ? Arrays.copyOfRange(scores, at, at + k) : null;
      BlockKernel.logSoftmaxInPlace(scores, at, k);
      int predicted = BlockKernel.argmax(scores, at, k);
      double[] probabilities = new double[k];
      for (int c = 0; c < k; c++) {
        probabilities[c] = Math.exp(scores[at + c]);
      }
      records.add(output.of(stacked.get(i).kept(), predicted, probabilities, logits));
    }
    scored.add(block.rows());
  }
}
