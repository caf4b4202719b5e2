package io.sparkrbf.train;

import io.sparkrbf.kernel.Block;
import io.sparkrbf.kernel.BlockKernel;
import io.sparkrbf.kernel.LossSums;
import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.kernel.RbfShape;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Loss and gradient sums of the network over an RDD of blocks: the only place that
 * touches the RDD during training, and the one that scores a model ({@code evaluate}).
 *
 * <p>Each call broadcasts the parameters, runs one Spark job whose description (shown in
 * the Spark UI) is the given one: each partition sums its blocks into one aggregator,
 * completed at the partition's end, and {@code treeReduce} (a {@code treeAggregate})
 * adds the partitions; then the broadcast is destroyed so epochs do not pile up copies
 * of the parameters on the executors.
 */
public final class DistributedLoss {
  private final JavaRDD<Block> blocks;
  private final double labelSmoothing;
  private final int depth;

  /**
   * @param blocks the data, cached by the caller when it makes more than one pass
   * @param labelSmoothing eps of the training targets ({@link #gradientSums}); {@link #lossSums} never smooths
   * @param depth treeAggregate depth (2 suits up to a few hundred partitions)
   */
  public DistributedLoss(JavaRDD<Block> blocks, double labelSmoothing, int depth) {
    this.blocks = blocks;
    this.labelSmoothing = labelSmoothing;
    this.depth = depth;
  }

  /**
   * Loss, count, correct and gradient sums over the rows of {@code slice} in every block,
   * laid out as {@link LossSums} describes.
   *
   * @param withCenters whether to compute the center gradient (left 0 otherwise)
   */
  public double[] gradientSums(RbfParameters parameters, boolean withCenters, BlockSlice slice, String description) {
    return aggregate(parameters, true, withCenters, slice, description);
  }

  /**
   * Evaluation sums over all rows ({@link BlockKernel#accumulateScores}): the loss against the
   * plain labels whatever the label smoothing, weight, correct weight and confusion weights,
   * laid out as {@link LossSums#scoreZeros} describes. Every evaluation loss users see (per-epoch
   * test loss, final metrics, {@code evaluate}) comes from here.
   */
  public double[] lossSums(RbfParameters parameters, String description) {
    return aggregate(parameters, false, false, BlockSlice.WHOLE, description);
  }

  private double[] aggregate(RbfParameters parameters, boolean gradients, boolean withCenters, BlockSlice slice,
      String description) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(blocks.context());
    Broadcast<RbfParameters> broadcast = sc.broadcast(parameters);
    try {
      sc.setJobDescription(description);
      EpochAggregator empty = new EpochAggregator(broadcast, labelSmoothing, gradients, withCenters, slice);
      double[] sums = blocks.mapPartitions(it -> List.of(empty.addAll(it)).iterator())
          .treeReduce(EpochAggregator::merge, depth).sums();
      if (sums != null) {
        return sums;
      }
      // no block anywhere: weight 0, which the callers refuse where they would divide by it
      RbfShape shape = parameters.shape();
      return gradients ? LossSums.zeros(shape) : LossSums.scoreZeros(shape.numClasses());
    } finally {
      sc.setJobDescription(null);
      broadcast.destroy();
    }
  }
}
