package io.sparkrbf.train;

import io.sparkrbf.kernel.Block;
import io.sparkrbf.kernel.BlockKernel;
import io.sparkrbf.kernel.LossSums;
import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.numeric.CompensatedSums;
import java.io.Serializable;
import java.util.Iterator;
import org.apache.spark.broadcast.Broadcast;

/**
 * Sums one epoch's loss, counts and gradients (or evaluation sums) over the blocks of a partition and merges
 * partitions: the value each partition produces and {@code treeReduce} merges.
 *
 * <p>The empty aggregator shipped to the partitions carries no array and no kernel (both
 * are created on first use in the task), so shipping it costs almost nothing; each partition fills
 * one flat {@code double[]} laid out as {@link LossSums} describes. Partitions are merged
 * with compensated sums, so the result does not depend on the order in which Spark
 * merges them: the same run gives the same model bit for bit.
 */
final class EpochAggregator implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Broadcast<RbfParameters> parameters;
  private final double labelSmoothing;
  private final boolean gradients;
  private final boolean withCenters;
  private final BlockSlice slice;
  private double[] sums;
  private double[] errors;
  private transient BlockKernel kernel;

  /**
   * @param gradients false for evaluation sums ({@link BlockKernel#accumulateScores}: no label smoothing,
   *     confusion weights instead of gradients)
   * @param withCenters whether to compute the center gradient
   * @param slice the rows of each block to sum over
   */
  EpochAggregator(Broadcast<RbfParameters> parameters, double labelSmoothing, boolean gradients, boolean withCenters,
      BlockSlice slice) {
    this.parameters = parameters;
    this.labelSmoothing = labelSmoothing;
    this.gradients = gradients;
    this.withCenters = withCenters;
    this.slice = slice;
  }

  /** Folds in every block of a partition and completes the sums ({@link BlockKernel#finish}). */
  EpochAggregator addAll(Iterator<Block> blocks) {
    while (blocks.hasNext()) {
      add(blocks.next());
    }
    if (kernel != null) {
      kernel.finish(sums);
    }
    return this;
  }

  private void add(Block block) {
    if (kernel == null) {
      RbfParameters p = parameters.value();
      kernel = new BlockKernel(p.shape(), labelSmoothing);
      kernel.bind(p);
    }
    if (sums == null) {
      sums = gradients ? LossSums.zeros(kernel.shape()) : LossSums.scoreZeros(kernel.shape().numClasses());
    }
    if (gradients) {
      int rows = slice.size(block.rows());
      if (rows > 0) {
        kernel.accumulate(block, slice.from(block.rows()), rows, sums, withCenters);
      }
    } else {
      kernel.accumulateScores(block, sums);
    }
  }

  EpochAggregator merge(EpochAggregator other) {
    if (other.sums == null) {
      return this;
    }
    if (sums == null) {
      return other;
    }
    if (sums.length != other.sums.length) {
      throw new IllegalStateException("cannot merge sums of length " + other.sums.length + " into " + sums.length);
    }
    if (errors == null) {
      errors = new double[sums.length];
    }
    CompensatedSums.merge(sums, errors, other.sums, other.errors == null ? new double[sums.length] : other.errors);
    return this;
  }

  /** The summed values, or null when no block was added anywhere. */
  double[] sums() {
    return sums == null || errors == null ? sums : CompensatedSums.resolve(sums, errors);
  }
}
