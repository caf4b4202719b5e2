package io.sparkrbf.train;

import static io.sparkrbf.kernel.KernelFixtures.randomParameters;
import static io.sparkrbf.kernel.KernelFixtures.randomRows;
import static io.sparkrbf.train.Configs.config;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.Differences;
import io.sparkrbf.LocalSpark;
import io.sparkrbf.config.TrainOptions;
import io.sparkrbf.data.Blockifier;
import io.sparkrbf.data.InputSpec;
import io.sparkrbf.data.ParsedRow;
import io.sparkrbf.data.RowLocator;
import io.sparkrbf.job.TrainJob;
import io.sparkrbf.kernel.Block;
import io.sparkrbf.kernel.LossSums;
import io.sparkrbf.kernel.Precision;
import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.kernel.RbfShape;
import io.sparkrbf.model.InputMap;
import io.sparkrbf.model.LabelIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sums Spark aggregates, and so the trained model, do not depend on the aggregation
 * depth (bit for bit) or on how the rows are partitioned (as Spark's JavaAPISuite checks
 * treeAggregate over depths): partitions are merged with compensated sums, and only the
 * grouping of rows into blocks changes with the partitioning, which moves the sums by rounding.
 */
class AggregationInvarianceIT extends LocalSpark {
  private static final RbfShape SHAPE = new RbfShape(5, 7, 3);
  private static final int ROWS = 300;
  /** Enough partitions that every depth from 1 to 4 builds another tree. */
  private static final int MANY_PARTITIONS = 16;

  private final List<ParsedRow> rows = weightedRows(new Random(17));
  private final RbfParameters parameters = randomParameters(SHAPE, new Random(18), 1.0);

  @ParameterizedTest(name = "depth {0}")
  @ValueSource(ints = {2, 3, 4})
  void lossAndGradientSumsDoNotDependOnTheDepth(int depth) {
    double[] depthOne = data(MANY_PARTITIONS, 1).gradientSums(parameters, true, BlockSlice.WHOLE, "depth 1");
    double[] deeper = data(MANY_PARTITIONS, depth).gradientSums(parameters, true, BlockSlice.WHOLE, "depth " + depth);
    assertArrayEquals(depthOne, deeper);

    assertArrayEquals(data(MANY_PARTITIONS, 1).lossSums(parameters, "depth 1"),
        data(MANY_PARTITIONS, depth).lossSums(parameters, "depth " + depth));
  }

  @Test
  void lossAndGradientSumsDoNotDependOnThePartitioning() {
    DistributedLoss one = data(1, 2);
    DistributedLoss four = data(4, 2);

    assertSameSums(one.gradientSums(parameters, true, BlockSlice.WHOLE, "1 partition"),
        four.gradientSums(parameters, true, BlockSlice.WHOLE, "4 partitions"));
    assertSameSums(one.lossSums(parameters, "1 partition"), four.lossSums(parameters, "4 partitions"));
  }

  /** A few epochs of Adam on iris over 16 partitions, summed at the driver and in two tree levels and a shuffle. */
  @Test
  void trainingDoesNotDependOnTheDepth() {
    TrainOptions config = config(8, 15, "adam", 0.05, "kmeans", 3, true, 0.01, 0.1);
    InputSpec iris = new InputSpec(TrainJobIT.IRIS_TRAIN, null, 0, null, MANY_PARTITIONS);
    RbfParameters depthOne = new TrainJob(sc, Configs.withAggregationDepth(config, 1), stats -> { })
        .run(iris, null, null).model().parameters();
    RbfParameters depthFour = new TrainJob(sc, Configs.withAggregationDepth(config, 4), stats -> { })
        .run(iris, null, null).model().parameters();

    assertArrayEquals(depthOne.values(), depthFour.values());
  }

  /** Loss, weight and correct each, and the rest (gradient or confusion) as one vector, within 1e-12 relative. */
  private static void assertSameSums(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i : new int[] {LossSums.LOSS, LossSums.COUNT, LossSums.CORRECT}) {
      assertEquals(expected[i], actual[i], 1e-12 * Math.abs(expected[i]), "entry " + i);
    }
    double[] restExpected = Arrays.copyOfRange(expected, LossSums.GRADIENT, expected.length);
    double[] restActual = Arrays.copyOfRange(actual, LossSums.GRADIENT, actual.length);
    double difference = Differences.relative(restExpected, restActual);
    assertTrue(difference < 1e-12, "sums differ by " + difference);
  }

  /** The rows in {@code partitions} partitions, stacked into blocks of 16 rows per partition. */
  private DistributedLoss data(int partitions, int depth) {
    JavaRDD<Block> blocks = Blockifier.toBlocks(sc.parallelize(rows, partitions), RowLocator.partitions("rows"),
        new InputMap(SHAPE.numFeatures(), null, null), new LabelIndex(new double[] {0, 1, 2}), 16, Precision.DOUBLE);
    assertEquals(partitions, blocks.getNumPartitions());
    return new DistributedLoss(blocks, 0.1, depth);
  }

  /** Random dense rows and labels; every 11th row weighs 0, every 3rd 1.5, the rest 1. */
  private static List<ParsedRow> weightedRows(Random rnd) {
    double[][] xs = randomRows(ROWS, SHAPE.numFeatures(), rnd);
    List<ParsedRow> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      double weight = i % 11 == 0 ? 0 : i % 3 == 0 ? 1.5 : 1;
      rows.add(new ParsedRow(rnd.nextInt(SHAPE.numClasses()), null, xs[i], i, weight));
    }
    return rows;
  }
}
