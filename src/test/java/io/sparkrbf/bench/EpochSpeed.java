package io.sparkrbf.bench;

import io.sparkrbf.config.InitMode;
import io.sparkrbf.config.TrainOptions;
import io.sparkrbf.job.TrainJob;
import io.sparkrbf.kernel.Block;
import io.sparkrbf.kernel.BlockKernel;
import io.sparkrbf.kernel.LossSums;
import io.sparkrbf.kernel.Precision;
import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.model.ScalingMode;
import io.sparkrbf.optim.OptimizerKind;
import io.sparkrbf.train.EpochStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One row of an end-to-end speed table: the seconds of each of our training epochs on Spark
 * but the first, and of each pass but the first of the bare kernel over the very same blocks
 * without Spark (one thread per partition, a fresh kernel per partition and pass, the
 * partitions' sums added). Their difference is what Spark adds to an epoch: scheduling,
 * broadcasting the parameters, collecting and adding the sums.
 *
 * @param epochs seconds of the timed epochs
 * @param barePasses seconds of the timed bare passes
 */
record EpochSpeed(Precision precision, double[] epochs, double[] barePasses) {
  /**
   * The speed tables' training run: n centers, Adam, full batch, the given input scaling;
   * k-means kept short, since its time is not measured.
   */
  static TrainOptions options(int centers, int epochs, ScalingMode scaling, int blockRows, Precision precision) {
    return TrainOptions.defaults().centers(centers).epochs(epochs).optimizer(OptimizerKind.ADAM).learningRate(0.02)
        .scaling(scaling).init(InitMode.KMEANS).seed(1).blockRows(blockRows).precision(precision)
        .kmeansIterations(1).build();
  }

  /** Trains on {@code data} with {@code options}, then runs the bare kernel as many passes over the same blocks. */
  static EpochSpeed measure(JavaSparkContext sc, BenchRows data, TrainOptions options)
      throws InterruptedException, ExecutionException {
    List<EpochStats> history = new ArrayList<>();
    RbfModel model = new TrainJob(sc, options, history::add).run(data.forTraining(), data.name(),
        data.summary().numFeatures(), data.summary().labels()).model();
    double[] epochs = history.stream().skip(1).mapToDouble(EpochStats::seconds).toArray();
    List<List<Block>> partitions = data.collectBlocks(model.standardization(), model.labels(), options.blockRows(),
        options.precision());
    double[] bare = barePasses(partitions, model.parameters(), options.epochs(), sc.defaultParallelism());
    System.out.printf(Locale.ROOT, "%s, %s: epochs %s s, bare passes %s s%n", data.name(), options.precision().id(),
        Arrays.toString(epochs), Arrays.toString(bare));
    return new EpochSpeed(options.precision(), epochs, bare);
  }

  /** The median epoch after the first. */
  double epochSeconds() {
    return BenchSupport.median(epochs);
  }

  /** The median bare kernel pass after the first. */
  double bareSeconds() {
    return BenchSupport.median(barePasses);
  }

  /** Epoch / bare pass: 1 when Spark adds nothing. */
  double overhead() {
    return epochSeconds() / bareSeconds();
  }

  /** The share of the epoch that is not the bare kernel's pass: Spark's per-epoch work. */
  double overheadShare() {
    return 1 - bareSeconds() / epochSeconds();
  }

  /** Seconds of each pass but the first of the bare kernel over the blocks, one thread per partition. */
  private static double[] barePasses(List<List<Block>> partitions, RbfParameters params, int passes, int threads)
      throws InterruptedException, ExecutionException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      double[] seconds = new double[passes];
      for (int e = 0; e < passes; e++) {
        long start = System.nanoTime();
        List<Future<double[]>> sums = new ArrayList<>();
        for (List<Block> blocks : partitions) {
          sums.add(pool.submit(() -> {
            BlockKernel kernel = new BlockKernel(params.shape(), 0);
            kernel.bind(params);
            double[] acc = LossSums.zeros(params.shape());
            for (Block b : blocks) {
              kernel.accumulate(b, acc, true);
            }
            kernel.finish(acc);
            return acc;
          }));
        }
        double[] total = LossSums.zeros(params.shape());
        for (Future<double[]> f : sums) {
          double[] s = f.get();
          for (int i = 0; i < total.length; i++) {
            total[i] += s[i];
          }
        }
        seconds[e] = (System.nanoTime() - start) / 1e9;
      }
      return Arrays.copyOfRange(seconds, 1, seconds.length);
    } finally {
      pool.shutdown();
    }
  }
}
