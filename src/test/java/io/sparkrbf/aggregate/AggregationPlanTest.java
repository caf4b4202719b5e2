package io.sparkrbf.aggregate;

import static io.sparkrbf.aggregate.AggregationPlan.AUTO;
import static io.sparkrbf.aggregate.AggregationPlan.DRIVER_BUDGET_CAP;
import static io.sparkrbf.aggregate.AggregationPlan.MAX_FAN_IN;
import static io.sparkrbf.aggregate.AggregationPlan.MAX_REDUCER_BYTES;
import static io.sparkrbf.aggregate.AggregationPlan.MIN_SLICE_VALUES;
import static io.sparkrbf.aggregate.AggregationPlan.TASK_RESULT_OVERHEAD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.config.OptionException;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The aggregation rule over partition counts from 1 to 100,000 and result lengths from 3 to
 * 10^8 values, under no limit, Spark's default limit and smaller and larger ones: the properties
 * the plan promises, checked on every plan rather than recomputed.
 */
class AggregationPlanTest {
  private static final long MIB = 1L << 20;
  private static final long[] LIMITS = {0, 64 * MIB, 1024 * MIB, 8192 * MIB};
  private static final int[] LENGTHS = {3, 10, 103, 1000, 8191, 8192, 16_384, 100_000, 1_628_173, 10_000_000,
      100_000_000};
  private static final int[] PARALLELISM = {2, 400};

  /** 1 to 2048 each, then about 1% apart to 100,000, and both sides of every budget and fan-in boundary. */
  private static TreeSet<Integer> partitionCounts(int length, long limit) {
    TreeSet<Integer> counts = new TreeSet<>();
    for (int p = 1; p <= 2048; p++) {
      counts.add(p);
    }
    for (double p = 2048; p <= 100_000; p *= 1.01) {
      counts.add((int) p);
    }
    counts.add(100_000);
    long atBudget = budget(limit) / (8L * length + TASK_RESULT_OVERHEAD);
    for (long p : new long[] {atBudget, atBudget + 1, MAX_FAN_IN, MAX_FAN_IN + 1}) {
      if (p >= 1 && p <= 100_000) {
        counts.add((int) p);
      }
    }
    return counts;
  }

  private static long budget(long limit) {
    return limit == 0 ? DRIVER_BUDGET_CAP : Math.min(limit / 2, DRIVER_BUDGET_CAP);
  }

  @Test
  void theAutomaticDepthKeepsTheDriverWithinItsBudgetAndEveryReduceTaskWithinItsFanIn() {
    int plans = 0;
    for (long limit : LIMITS) {
      for (int length : LENGTHS) {
        long resultBytes = 8L * length;
        long taskBytes = resultBytes + TASK_RESULT_OVERHEAD;
        if (limit > 0 && taskBytes > limit) {
          continue; // refused: oneResultOverTheLimitIsRefusedNamingTheBytesNeeded
        }
        for (int parallelism : PARALLELISM) {
          for (int p : partitionCounts(length, limit)) {
            AggregationPlan plan = AggregationPlan.of(p, length, limit, parallelism, AUTO);
            Supplier<String> where = () -> plan.partitions() + " partitions x " + length + " values, limit " + limit
                + ": " + plan;
            assertEquals(p * taskBytes <= budget(limit), plan.depth() == 1, where);
            // at depth 2 and more: one array, and at most a quarter more in the slices' overheads
            long oneArray = resultBytes + Math.max(TASK_RESULT_OVERHEAD, 2L * length);
            assertTrue(plan.driverBytes() <= Math.max(budget(limit), oneArray), where);
            assertTrue(limit == 0 || plan.driverBytes() <= limit, where);
            assertTrue(plan.maxFanIn() <= MAX_FAN_IN, where);
            if (plan.depth() >= 3) {
              assertTrue(Math.pow(MAX_FAN_IN, plan.depth() - 2) < p, where);
            }
            assertSlicesWithinBounds(plan, parallelism, limit, where);
            plans++;
          }
        }
      }
    }
    assertTrue(plans > 100_000, plans + " plans");
  }

  /**
   * Slices of at least 64 KiB, at least one per core, and no reduce task fetching over 1 GiB,
   * unless the slices are as small as allowed or one more would not fit the limit.
   */
  private static void assertSlicesWithinBounds(AggregationPlan plan, int parallelism, long limit,
      Supplier<String> where) {
    if (plan.depth() == 1) {
      assertEquals(0, plan.slices(), where);
      return;
    }
    int smallestAllowed = Math.max(1, plan.length() / MIN_SLICE_VALUES);
    assertTrue(plan.slices() >= 1 && plan.slices() <= smallestAllowed, where);
    boolean limitBound = plan.driverBytes() + TASK_RESULT_OVERHEAD > limit && limit > 0;
    assertTrue(plan.slices() >= Math.min(parallelism, smallestAllowed) || limitBound, where);
    long fetched = (long) plan.partitions() * plan.resultBytes() / plan.slices();
    assertTrue(fetched <= MAX_REDUCER_BYTES || plan.slices() == smallestAllowed || limitBound, where);
    assertEquals(0, plan.sliceStart(0));
    assertEquals(plan.length(), plan.sliceStart(plan.slices()));
    // slices differ by at most one value: the smallest has floor(L / C)
    assertTrue(plan.length() / plan.slices() >= MIN_SLICE_VALUES || plan.slices() == 1, where);
    int last = plan.slices() - 1;
    assertTrue(plan.sliceStart(last + 1) - plan.sliceStart(last) >= plan.length() / plan.slices(), where);
  }

  @Test
  void theIssuesCaseIsSummedInOneShuffleOfFiveSlices() {
    // 2048 centers x 784 features, 10 classes: 1,628,170 parameters and the loss, weight and correct sums
    AggregationPlan plan = AggregationPlan.of(400, 1_628_173, 64 * MIB, 2, AUTO);

    assertEquals("depth 2 chosen: 400 partitions x 12.4 MiB = 4.9 GiB over the driver budget of 32.0 MiB"
        + " (spark.driver.maxResultSize 64.0 MiB / 2); 5 slices, the driver collects 12.5 MiB", plan.reason());
    assertEquals(2, plan.depth());
    assertEquals(5, plan.slices(), "ceil(400 x 13,025,384 B / 1 GiB) = 5 reduce tasks, more than the 2 cores");
    assertEquals(13_025_384 + 5 * TASK_RESULT_OVERHEAD, plan.driverBytes());
  }

  @Test
  void fewPartitionsGoToTheDriverDirectly() {
    AggregationPlan plan = AggregationPlan.of(4, 1_628_173, 1024 * MIB, 2, AUTO);

    assertEquals("depth 1 chosen: 4 partitions x 12.4 MiB = 49.8 MiB within the driver budget of 128.0 MiB"
        + " (at most 128.0 MiB; spark.driver.maxResultSize 1.0 GiB); the driver merges them", plan.reason());
    assertEquals(4 * (13_025_384L + TASK_RESULT_OVERHEAD), plan.driverBytes());
  }

  @Test
  void beyondTheFanInATreeLevelComesFirst() {
    AggregationPlan plan = AggregationPlan.of(5000, 1_628_173, 0, 2, AUTO);

    assertEquals(3, plan.depth());
    assertEquals(List.of(71), plan.treeGroups(), "f = 71 (71^2 >= 5000): ceil(5000 / 71) groups");
    assertEquals(71, plan.maxFanIn());
    assertEquals("depth 3 chosen: 5000 partitions x 12.4 MiB = 60.7 GiB over the driver budget of 128.0 MiB"
        + " (at most 128.0 MiB; spark.driver.maxResultSize unlimited), more than 1024 map outputs per reduce task"
        + " at depth 2; tree levels of 71 groups, then 61 slices, the driver collects 13.4 MiB", plan.reason());
  }

  @Test
  void aGivenDepthIsObeyedWithTheSameSlices() {
    for (int depth = 1; depth <= 5; depth++) {
      AggregationPlan plan = AggregationPlan.of(64, 100_000, 1024 * MIB, 2, depth);
      assertEquals(depth, plan.depth());
      assertEquals(Math.max(0, depth - 2), plan.treeGroups().size());
      assertEquals(depth == 1 ? 0 : 2, plan.slices(), "min(100,000 / 8192, max(2 cores, 1)) = 2 slices");
      assertTrue(plan.reason().startsWith("depth " + depth + " given (--aggregation-depth): 64 partitions x 797.3 KiB"
          + " = 49.8 MiB;"), plan.reason());
    }
    AggregationPlan four = AggregationPlan.of(64, 100_000, 1024 * MIB, 2, 4);
    assertEquals(List.of(16, 4), four.treeGroups(), "f = 4 (4^3 >= 64): 64 / 4, 64 / 16 groups");
    assertEquals(4, four.maxFanIn());
  }

  @Test
  void oneResultOverTheLimitIsRefusedNamingTheBytesNeeded() {
    OptionException e = assertThrows(OptionException.class,
        () -> AggregationPlan.of(400, 1_628_173, 8 * MIB, 2, AUTO));
    assertEquals("the driver must collect at least one summed result of 1628173 values, 12.4 MiB as a task result,"
        + " more than spark.driver.maxResultSize (8.0 MiB): set spark.driver.maxResultSize to 25m or more"
        + " (0: no limit), or train a smaller network", e.getMessage());
    assertEquals(2, AggregationPlan.of(400, 1_628_173, 25 * MIB, 2, AUTO).depth(), "the suggested limit works");
    assertThrows(OptionException.class, () -> AggregationPlan.of(1, 1_628_173, 8 * MIB, 2, 2), "whatever the depth");
  }

  @Test
  void aGivenDepthOfOneOverTheLimitIsRefused() {
    OptionException e = assertThrows(OptionException.class,
        () -> AggregationPlan.of(400, 1_628_173, 64 * MIB, 2, 1));
    assertEquals("--aggregation-depth 1 collects 400 partitions x 12.4 MiB = 4.9 GiB at the driver, more than"
        + " spark.driver.maxResultSize (64.0 MiB): use --aggregation-depth 0 (chosen from the partitions and the"
        + " result size)", e.getMessage());
    assertEquals(1, AggregationPlan.of(4, 1_628_173, 64 * MIB, 2, 1).depth(), "within the limit it is obeyed");
  }

  @Test
  void thousandsOfSmallResultsCountTheirTaskOverhead() {
    AggregationPlan plan = AggregationPlan.of(600, 103, 16 * MIB, 2, AUTO);
    assertEquals(2, plan.depth(), "600 x 824 B of values fit 8 MiB, but not 600 task results of 16.8 KiB");
    assertEquals(1, plan.slices(), "103 values: one slice");
    assertEquals(1, AggregationPlan.of(400, 103, 16 * MIB, 2, AUTO).depth());
  }

  @Test
  void noPartitionsIsAnEmptySumAtTheDriver() {
    assertEquals(1, AggregationPlan.of(0, 1000, 64 * MIB, 2, AUTO).depth());
    assertEquals(List.of(1), AggregationPlan.of(0, 1000, 64 * MIB, 2, 3).treeGroups());
  }
}
