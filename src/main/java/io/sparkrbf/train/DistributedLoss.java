package io.sparkrbf.train;

import io.sparkrbf.aggregate.AggregationPlan;
import io.sparkrbf.aggregate.WideSum;
import io.sparkrbf.kernel.Block;
import io.sparkrbf.kernel.BlockKernel;
import io.sparkrbf.kernel.LossSums;
import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.kernel.RbfShape;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loss and gradient sums of the network over an RDD of blocks: the only place that
 * touches the RDD during training, and the one that scores a model ({@code evaluate}).
 *
 * <p>Each call broadcasts the parameters, runs one Spark job whose description (shown in
 * the Spark UI) is the given one: each partition sums its blocks into one array, completed at
 * the partition's end, and {@link WideSum} adds the partitions' arrays as an
 * {@link AggregationPlan} says; then the broadcast is destroyed so epochs do not pile up copies
 * of the parameters on the executors. The plan for each kind of sum (training, evaluation) is
 * made once, from the partition count (fixed for the cached blocks) and the sums' length, and
 * logged.
 */
public final class DistributedLoss {
  private static final Logger LOG = LoggerFactory.getLogger(DistributedLoss.class);

  private final JavaRDD<Block> blocks;
  private final double labelSmoothing;
  private final int depth;
  /** The plans made so far, by the length of the sums they add. */
  private final Map<Integer, AggregationPlan> plans = new HashMap<>();

  /**
   * @param blocks the data, cached by the caller when it makes more than one pass
   * @param labelSmoothing eps of the training targets ({@link #gradientSums}); {@link #lossSums} never smooths
   * @param depth the aggregation depth, or {@link AggregationPlan#AUTO} to choose it from the
   *     partitions and the size of the sums
   */
  public DistributedLoss(JavaRDD<Block> blocks, double labelSmoothing, int depth) {
    this.blocks = blocks;
    this.labelSmoothing = labelSmoothing;
    this.depth = depth;
  }

  /**
   * Makes (and logs) the plan that sums the gradients of networks of this shape: a network too
   * wide for {@code spark.driver.maxResultSize} then fails here, before training starts, rather
   * than in its first epoch.
   */
  public void planGradients(RbfShape shape) {
    gradientPlan(shape);
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
    RbfShape shape = parameters.shape();
    AggregationPlan plan = gradients ? gradientPlan(shape)
        : plan(LossSums.scoreLength(shape.numClasses()), "evaluation sums", false);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(blocks.context());
    Broadcast<RbfParameters> broadcast = sc.broadcast(parameters);
    try {
      sc.setJobDescription(description);
      EpochAggregator empty = new EpochAggregator(broadcast, labelSmoothing, gradients, withCenters, slice);
      JavaRDD<double[]> partitionSums = blocks.mapPartitions(it -> {
        double[] sums = empty.addAll(it);
        return sums == null ? Collections.emptyIterator() : List.of(sums).iterator();
      });
      double[] sums = WideSum.sum(partitionSums, plan);
      if (sums != null) {
        return sums;
      }
      // no block anywhere: weight 0, which the callers refuse where they would divide by it
      return gradients ? LossSums.zeros(shape) : LossSums.scoreZeros(shape.numClasses());
    } finally {
      sc.setJobDescription(null);
      broadcast.destroy();
    }
  }

  private AggregationPlan gradientPlan(RbfShape shape) {
    return plan(LossSums.length(shape), "training sums", true);
  }

  /**
   * The plan for arrays of {@code length}, made once and logged: always at INFO when
   * {@code always}, else (the small evaluation sums) at INFO only when it is not the trivial
   * depth 1, so a run's console has one aggregation line unless another one is news.
   */
  private AggregationPlan plan(int length, String what, boolean always) {
    return plans.computeIfAbsent(length, l -> {
      AggregationPlan plan = WideSum.plan(JavaSparkContext.fromSparkContext(blocks.context()),
          blocks.getNumPartitions(), l, depth);
      if (always || plan.depth() > 1) {
        LOG.info("aggregation of the {} ({} values per partition): {}", what, l, plan.reason());
      } else {
        LOG.debug("aggregation of the {} ({} values per partition): {}", what, l, plan.reason());
      }
      return plan;
    });
  }
}
