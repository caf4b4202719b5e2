package io.sparkrbf.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.LocalSpark;
import io.sparkrbf.StageRecorder;
import io.sparkrbf.numeric.CompensatedSums;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * WideSum in local Spark: at every depth the sum is, bit for bit, the compensated sum of the
 * partitions' arrays taken in partition order, run after run, with empty partitions among them;
 * and each depth runs the stages its plan describes.
 *
 * <p>The arrays hold Gaussian values scaled by powers of two from 2^-30 to 2^30, so a plain sum
 * depends on the order of the additions ({@link #thePlainSumOfTheseArraysDependsOnTheOrder}),
 * while the compensated sum keeps about 106 bits and rounds once: it could differ between merge
 * orders only where the exact sum lies within about 2^-100 of a rounding boundary, which none of
 * these 50,000 values x 4 partition counts does (the data are fixed by their seeds).
 */
class WideSumIT extends LocalSpark {
  static final int LENGTH = 50_000;
  /** A plan input: 5 slices of 10,000 values (L / 8192 allows 6). */
  static final int PARALLELISM = 5;

  static Stream<Arguments> partitionsAndDepths() {
    return Stream.of(1, 2, 7, 64).flatMap(p -> IntStream.rangeClosed(1, 4).mapToObj(d -> Arguments.of(p, d)));
  }

  @ParameterizedTest(name = "{0} partitions, depth {1}")
  @MethodSource("partitionsAndDepths")
  void theSumIsTheCompensatedSumInPartitionOrderAtEveryDepth(int partitions, int depth) {
    AggregationPlan plan = AggregationPlan.of(partitions, LENGTH, 0, PARALLELISM, depth);
    double[] expected = compensatedSum(partitions);

    assertArrayEquals(expected, WideSum.sum(arrays(sc, partitions), plan));
    assertArrayEquals(expected, WideSum.sum(arrays(sc, partitions), plan), "a second run");
  }

  @Test
  void thePlainSumOfTheseArraysDependsOnTheOrder() {
    double[] forward = new double[LENGTH];
    double[] backward = new double[LENGTH];
    for (int i = 0; i < 64; i++) {
      add(forward, array(i));
      add(backward, array(63 - i));
    }
    int differing = 0;
    for (int k = 0; k < LENGTH; k++) {
      differing += forward[k] == backward[k] ? 0 : 1;
    }
    assertTrue(differing > LENGTH / 10, differing + " of " + LENGTH + " plain sums depend on the order");
  }

  @Test
  void theReferenceIsNotThePlainSum() {
    double[] plain = new double[LENGTH];
    for (int i = 0; i < 64; i++) {
      if (!empty(i)) {
        add(plain, array(i));
      }
    }
    assertFalse(Arrays.equals(plain, compensatedSum(64)), "compensation changes these sums");
  }

  @ParameterizedTest(name = "depth {0}")
  @ValueSource(ints = {1, 2, 3, 4})
  void eachDepthRunsTheStagesOfItsPlan(int depth) throws InterruptedException {
    AggregationPlan plan = AggregationPlan.of(64, LENGTH, 0, PARALLELISM, depth);
    StageRecorder recorder = new StageRecorder();
    sc.sc().addSparkListener(recorder);
    List<StageRecorder.JobRecord> jobs;
    try {
      sc.setJobDescription("wide sum at depth " + depth);
      WideSum.sum(arrays(sc, 64), plan);
      jobs = recorder.jobs("wide sum at depth " + depth); // before the removal, which drops undelivered events
    } finally {
      sc.setJobDescription(null);
      sc.sc().removeSparkListener(recorder);
    }

    assertEquals(1, jobs.size(), "one job");
    List<Integer> expectedTasks = new ArrayList<>(List.of(64));
    expectedTasks.addAll(plan.treeGroups());
    if (depth > 1) {
      expectedTasks.add(PARALLELISM);
    }
    assertEquals(expectedTasks, jobs.get(0).stages().stream().map(List::size).toList(), "tasks of each stage");
    long collected = jobs.get(0).resultTasks().stream().mapToLong(StageRecorder.TaskRecord::resultSize).sum();
    long arrays = IntStream.range(0, 64).filter(i -> !empty(i)).count();
    long values = 8L * LENGTH * (depth == 1 ? arrays : 1);
    assertTrue(collected >= values && collected <= values + 16_384L * expectedTasks.get(expectedTasks.size() - 1),
        collected + " bytes collected for " + values + " bytes of values");
    for (List<StageRecorder.TaskRecord> stage : jobs.get(0).stages().subList(1, expectedTasks.size())) {
      assertTrue(stage.stream().allMatch(t -> t.shuffleRecordsRead() <= plan.maxFanIn()), "fan-in " + stage);
    }
  }

  @ParameterizedTest(name = "depth {0}")
  @ValueSource(ints = {1, 2, 3})
  void noArrayAnywhereSumsToNull(int depth) {
    JavaRDD<double[]> none = sc.parallelize(List.<double[]>of(), 3);
    assertNull(WideSum.sum(none, AggregationPlan.of(3, LENGTH, 0, PARALLELISM, depth)));
  }

  @ParameterizedTest(name = "depth {0}")
  @ValueSource(ints = {1, 2})
  void anArrayOfAnotherLengthFailsTheJob(int depth) {
    JavaRDD<double[]> mixed = sc.parallelize(List.of(0, 1), 2).map(i -> new double[LENGTH + i]);
    SparkException e = assertThrows(SparkException.class,
        () -> WideSum.sum(mixed, AggregationPlan.of(2, LENGTH, 0, PARALLELISM, depth)));
    assertTrue(e.getMessage().contains("java.lang.IllegalStateException: partition 1 holds an array of 50001 values,"
        + " the others 50000"), e.getMessage());
  }

  @Test
  void aPlanForOtherPartitionsIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> WideSum.sum(arrays(sc, 7), AggregationPlan.of(8, LENGTH, 0, PARALLELISM, 2)));
  }

  /** {@code partitions} partitions, one array each except every third (2, 5, ...), which is empty. */
  static JavaRDD<double[]> arrays(JavaSparkContext sc, int partitions) {
    List<Integer> indices = IntStream.range(0, partitions).boxed().toList();
    return sc.parallelize(indices, partitions).mapPartitionsWithIndex((i, it) ->
        empty(i) ? Collections.emptyIterator() : List.of(array(i)).iterator(), false);
  }

  static boolean empty(int partition) {
    return partition % 3 == 2;
  }

  /** Partition i's array: Gaussian values times 2^k, k uniform in [-30, 30], seeded by i. */
  static double[] array(int partition) {
    Random rnd = new Random(1000 + partition);
    double[] a = new double[LENGTH];
    for (int k = 0; k < LENGTH; k++) {
      a[k] = Math.scalb(rnd.nextGaussian(), rnd.nextInt(61) - 30);
    }
    return a;
  }

  /** The reference: CompensatedSums over the non-empty partitions' arrays in partition order. */
  static double[] compensatedSum(int partitions) {
    double[] hi = new double[LENGTH];
    double[] lo = new double[LENGTH];
    for (int i = 0; i < partitions; i++) {
      if (!empty(i)) {
        CompensatedSums.add(hi, lo, array(i));
      }
    }
    return CompensatedSums.resolve(hi, lo);
  }

  private static void add(double[] sum, double[] x) {
    for (int k = 0; k < sum.length; k++) {
      sum[k] += x[k];
    }
  }
}
