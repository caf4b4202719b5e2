package io.sparkrbf.train;

import io.sparkrbf.data.Block;
import io.sparkrbf.kernel.RbfParameters;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Loss and gradient sums of the network over a cached RDD of blocks: the only place
 * that touches the RDD during training.
 *
 * <p>Each call broadcasts the parameters, runs one {@code treeAggregate} whose Spark job
 * carries the given description (shown in the Spark UI), and destroys the broadcast so
 * epochs do not pile up copies of the parameters on the executors.
 */
public final class DistributedLoss {
  private final JavaRDD<Block> blocks;
  private final double labelSmoothing;
  private final int depth;

  /**
   * @param blocks the data, already cached by the caller
   * @param depth treeAggregate depth (2 suits up to a few hundred partitions)
   */
  public DistributedLoss(JavaRDD<Block> blocks, double labelSmoothing, int depth) {
    this.blocks = blocks;
    this.labelSmoothing = labelSmoothing;
    this.depth = depth;
  }

  /**
   * Sums over all rows, laid out as {@link io.sparkrbf.kernel.LossSums} describes; with
   * {@code gradients} false only the loss, count and correct entries.
   */
  public double[] sums(RbfParameters parameters, boolean gradients, boolean withCenters, String description) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(blocks.context());
    Broadcast<RbfParameters> broadcast = sc.broadcast(parameters);
    try {
      sc.setJobDescription(description);
      EpochAggregator zero = new EpochAggregator(broadcast, labelSmoothing, gradients, withCenters);
      double[] sums = blocks.treeAggregate(zero, EpochAggregator::add, EpochAggregator::merge, depth).sums();
      if (sums == null) {
        throw new IllegalStateException("no data rows to train on");
      }
      return sums;
    } finally {
      sc.setJobDescription(null);
      broadcast.destroy();
    }
  }
}
