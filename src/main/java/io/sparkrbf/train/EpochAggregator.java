package io.sparkrbf.train;

import io.sparkrbf.kernel.Block;
import io.sparkrbf.kernel.BlockKernel;
import io.sparkrbf.kernel.LossSums;
import io.sparkrbf.kernel.RbfParameters;
import java.io.Serializable;
import java.util.Iterator;
import org.apache.spark.broadcast.Broadcast;

/**
 * Sums one epoch's loss, counts and gradients (or evaluation sums) over the blocks of a partition:
 * the one array per partition that {@link io.sparkrbf.aggregate.WideSum} adds up across the cluster.
 *
 * <p>The empty aggregator shipped to the partitions carries no array and no kernel (both
 * are created on first use in the task), so shipping it costs almost nothing; each partition fills
 * one flat {@code double[]} laid out as {@link LossSums} describes.
 */
final class EpochAggregator implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Broadcast<RbfParameters> parameters;
  private final double labelSmoothing;
  private final boolean gradients;
  private final boolean withCenters;
  private final BlockSlice slice;
  private double[] sums;
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

  /**
   * Folds in every block of a partition and completes the sums ({@link BlockKernel#finish}).
   *
   * @return the partition's sums, or null when it holds no block
   */
  double[] addAll(Iterator<Block> blocks) {
    while (blocks.hasNext()) {
      add(blocks.next());
    }
    if (kernel != null) {
      kernel.finish(sums);
    }
    return sums;
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
}
