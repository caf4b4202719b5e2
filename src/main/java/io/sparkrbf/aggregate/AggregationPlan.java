package io.sparkrbf.aggregate;

import io.sparkrbf.config.OptionException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How one array per partition is summed across the cluster so that what the driver collects
 * fits {@code spark.driver.maxResultSize}, chosen from the partition count P, the array length L
 * and that limit ({@link #of}); {@link WideSum} runs it. The depth is the number of task levels a
 * value passes through before the driver:
 *
 * <ul>
 *   <li>1: every partition's array goes to the driver, which merges them: no shuffle, P x 8L bytes
 *       collected.
 *   <li>2: one shuffle that is a reduce-scatter: each array is cut into {@link #slices} contiguous
 *       slices, one reduce task per slice merges that slice of every partition and resolves it to
 *       plain doubles, and the driver collects the resolved slices: 8L bytes whatever P is.
 *   <li>d &gt;= 3: d - 2 tree levels first merge whole arrays by partition index modulo
 *       {@link #treeGroups} (fewer groups at each level), so no reduce task fetches more than
 *       about P^(1/(d-1)) map outputs, then the reduce-scatter.
 * </ul>
 *
 * <p>Chosen automatically (depth 0 asked), the depth is 1 while the P task results fit the
 * driver's budget, {@code min(spark.driver.maxResultSize / 2, }{@link #DRIVER_BUDGET_CAP}{@code )},
 * else 2 up to {@link #MAX_FAN_IN} partitions, else the smallest depth whose tree keeps every reduce
 * task within that fan-in. A task result is its values, 8 bytes each, and Spark's metrics
 * ({@link #TASK_RESULT_OVERHEAD}), which count against the limit too. Plain Java, so the rule is
 * tested over partition counts and lengths no machine here could run.
 *
 * @param partitions P, the partitions holding (at most) one array each
 * @param length L, the values of each array
 * @param depth the task levels, as in the class comment
 * @param slices reduce tasks of the reduce-scatter, each merging one contiguous slice (0 at depth 1)
 * @param treeGroups the groups of each tree level before the reduce-scatter, one entry per level
 *     (empty below depth 3)
 * @param reason one line for the log: the depth, whether chosen or given, and why
 */
public record AggregationPlan(int partitions, int length, int depth, int slices, List<Integer> treeGroups,
                              String reason) implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The depth that asks for the automatic choice. */
  public static final int AUTO = 0;
  /**
   * Most bytes the driver collects per sum when {@code spark.driver.maxResultSize} allows more:
   * the driver merges what it collects on one thread while every executor waits for the next
   * epoch, so beyond this a reduce-scatter, whose merging runs on the executors, is faster.
   */
  public static final long DRIVER_BUDGET_CAP = 128L << 20;
  /**
   * Most map outputs one reduce task fetches at the automatic depth: each is a fetch request and
   * an entry in the map-output statuses the driver serves, so beyond about a thousand the
   * per-output overhead outweighs one more (tree) level. Depth 2 serves up to this many
   * partitions: 128 GB of input in Spark's 128 MB splits.
   */
  public static final int MAX_FAN_IN = 1024;
  /**
   * Fewest values in a slice of the reduce-scatter (64 KiB): a smaller slice makes a task whose
   * scheduling and fetch overhead outweighs its merging.
   */
  public static final int MIN_SLICE_VALUES = 8192;
  /**
   * Most bytes one reduce task of the reduce-scatter should fetch and merge (1 GiB), so slices
   * stay seconds of work each however many partitions send them; the slice count grows instead.
   */
  public static final long MAX_REDUCER_BYTES = 1L << 30;
  /**
   * Bytes Spark adds to every task result, which count against {@code spark.driver.maxResultSize}
   * as the values do: the task's metrics, measured at 1 to 3 KiB in local runs and up to 15 KiB
   * for a reduce task of a 400-partition shuffle. Counted per task, they keep thousands of small
   * results (evaluation sums) from overflowing the limit at depth 1.
   */
  public static final long TASK_RESULT_OVERHEAD = 16L << 10;

  private static final long BYTES_PER_VALUE = Double.BYTES;

  public AggregationPlan {
    treeGroups = List.copyOf(treeGroups);
  }

  /**
   * The plan for {@code partitions} arrays of {@code length} values. Sizes compared with the
   * driver's budget and limit are those of task results as Spark counts them: 8 bytes per value
   * plus {@link #TASK_RESULT_OVERHEAD} per task.
   *
   * @param maxResultSize {@code spark.driver.maxResultSize} in bytes, 0 for no limit
   * @param parallelism Spark's default parallelism: the reduce-scatter makes at least this many
   *     slices (when they hold {@link #MIN_SLICE_VALUES} each), so every core merges
   * @param requestedDepth {@link #AUTO}, or the depth to use
   * @throws OptionException when the driver cannot take even one summed array, or a requested
   *     depth of 1 would collect more than the limit: no depth or setting of the run makes these work
   */
  public static AggregationPlan of(int partitions, int length, long maxResultSize, int parallelism,
      int requestedDepth) {
    if (partitions < 0 || length < 1 || maxResultSize < 0 || parallelism < 1 || requestedDepth < 0) {
      throw new IllegalArgumentException("partitions " + partitions + ", length " + length + ", maxResultSize "
          + maxResultSize + ", parallelism " + parallelism + ", depth " + requestedDepth);
    }
    long taskBytes = BYTES_PER_VALUE * length + TASK_RESULT_OVERHEAD;
    long total = times(taskBytes, partitions);
    if (maxResultSize > 0 && taskBytes > maxResultSize) {
      throw new OptionException("the driver must collect at least one summed result of " + length + " values, "
          + bytes(taskBytes) + " as a task result, more than spark.driver.maxResultSize (" + bytes(maxResultSize)
          + "): set spark.driver.maxResultSize to " + suggestedLimit(taskBytes)
          + " or more (0: no limit), or train a smaller network");
    }
    if (requestedDepth == 1 && maxResultSize > 0 && total > maxResultSize) {
      throw new OptionException("--aggregation-depth 1 collects " + partitions + " partitions x " + bytes(taskBytes)
          + " = " + bytes(total) + " at the driver, more than spark.driver.maxResultSize (" + bytes(maxResultSize)
          + "): use --aggregation-depth 0 (chosen from the partitions and the result size)");
    }
    long budget = maxResultSize == 0 ? DRIVER_BUDGET_CAP : Math.min(maxResultSize / 2, DRIVER_BUDGET_CAP);
    int depth = requestedDepth != AUTO ? requestedDepth : total <= budget ? 1 : depthWithinFanIn(partitions);
    int slices = depth == 1 ? 0 : slices(partitions, length, parallelism, maxResultSize);
    List<Integer> groups = treeGroups(partitions, depth);
    String why = (requestedDepth != AUTO ? "given (--aggregation-depth)" : "chosen") + ": " + partitions
        + " partitions x " + bytes(taskBytes) + " = " + bytes(total)
        + (requestedDepth != AUTO ? "" : (total <= budget ? " within " : " over ") + budgetText(budget, maxResultSize))
        + (requestedDepth == AUTO && depth > 2 ? ", more than " + MAX_FAN_IN + " map outputs per reduce task at depth 2"
            : "");
    return new AggregationPlan(partitions, length, depth, slices, groups, "depth " + depth + " " + why + "; "
        + shapeText(depth, slices, groups, driverBytes(depth, partitions, length, slices)));
  }

  /** The bytes of one summed array: 8 per value. */
  public long resultBytes() {
    return BYTES_PER_VALUE * length;
  }

  /**
   * The bytes of task results the driver collects, as Spark counts them against its limit: all P
   * arrays at depth 1, else one array in {@link #slices} results.
   */
  public long driverBytes() {
    return driverBytes(depth, partitions, length, slices);
  }

  private static long driverBytes(int depth, int partitions, int length, int slices) {
    long resultBytes = BYTES_PER_VALUE * length;
    return depth == 1 ? times(resultBytes + TASK_RESULT_OVERHEAD, partitions)
        : resultBytes + slices * TASK_RESULT_OVERHEAD;
  }

  /**
   * The most map outputs one reduce task fetches, over the tree levels and the reduce-scatter
   * (0 at depth 1, which has no reduce task).
   */
  public int maxFanIn() {
    if (depth == 1) {
      return 0;
    }
    int most = 0;
    int inputs = partitions;
    for (int groups : treeGroups) {
      most = Math.max(most, ceilDiv(inputs, groups));
      inputs = groups;
    }
    return Math.max(most, inputs);
  }

  /** Index of the first value of slice {@code s} of the reduce-scatter; {@code sliceStart(slices)} is L. */
  public int sliceStart(int s) {
    return (int) ((long) s * length / slices);
  }

  /** Depth 2 up to {@link #MAX_FAN_IN} partitions, else the smallest depth d with MAX_FAN_IN^(d-1) >= P. */
  private static int depthWithinFanIn(int partitions) {
    int depth = 2;
    while (!powerAtLeast(MAX_FAN_IN, depth - 1, partitions)) {
      depth++;
    }
    return depth;
  }

  /**
   * max(1, min(L / MIN_SLICE_VALUES, max(parallelism, ceil(P x 8L / MAX_REDUCER_BYTES)))), and no
   * more than the limit has room for: each slice is a task result carrying its own overhead.
   */
  private static int slices(int partitions, int length, int parallelism, long maxResultSize) {
    long forReducers = ceilDiv(times(BYTES_PER_VALUE * length, partitions), MAX_REDUCER_BYTES);
    long slices = Math.max(1, Math.min(length / MIN_SLICE_VALUES, Math.max(parallelism, forReducers)));
    if (maxResultSize > 0) {
      slices = Math.min(slices, (maxResultSize - BYTES_PER_VALUE * length) / TASK_RESULT_OVERHEAD);
    }
    return (int) slices;
  }

  /** {@code a x b} for b >= 0, at most Long.MAX_VALUE. */
  private static long times(long a, int b) {
    return b == 0 ? 0 : Math.min(a, Long.MAX_VALUE / b) * b;
  }

  /**
   * The groups of each of the d - 2 tree levels: with f the smallest integer whose (d-1)th power
   * reaches P, level k has ceil(P / f^k) groups, so each level's reduce tasks, and the
   * reduce-scatter's after them, fetch at most f outputs.
   */
  private static List<Integer> treeGroups(int partitions, int depth) {
    List<Integer> groups = new ArrayList<>();
    if (depth < 3) {
      return groups;
    }
    int p = Math.max(1, partitions);
    int f = 1;
    while (!powerAtLeast(f, depth - 1, p)) {
      f++;
    }
    long divisor = 1;
    for (int level = 1; level <= depth - 2; level++) {
      divisor = Math.min(divisor * f, p);
      groups.add((int) ceilDiv(p, divisor));
    }
    return groups;
  }

  /** Whether base^exponent >= target, without overflow. */
  private static boolean powerAtLeast(long base, int exponent, long target) {
    long power = 1;
    for (int i = 0; i < exponent && power < target; i++) {
      power *= base;
    }
    return power >= target;
  }

  private static String budgetText(long budget, long maxResultSize) {
    String limit = "spark.driver.maxResultSize " + (maxResultSize == 0 ? "unlimited" : bytes(maxResultSize));
    return "the driver budget of " + bytes(budget) + " ("
        + (maxResultSize > 0 && maxResultSize / 2 <= DRIVER_BUDGET_CAP ? limit + " / 2" : "at most " + bytes(
            DRIVER_BUDGET_CAP) + "; " + limit) + ")";
  }

  private static String shapeText(int depth, int slices, List<Integer> groups, long driverBytes) {
    if (depth == 1) {
      return "the driver merges them";
    }
    String tree = groups.isEmpty() ? "" : "tree levels of " + groups.stream().map(String::valueOf)
        .reduce((a, b) -> a + ", " + b).orElseThrow() + " groups, then ";
    return tree + slices + (slices == 1 ? " slice" : " slices") + ", the driver collects " + bytes(driverBytes);
  }

  /** A limit with room for one result twice over, in whole MiB as Spark's settings are written ({@code 25m}). */
  private static String suggestedLimit(long taskBytes) {
    return ceilDiv(2 * taskBytes, 1L << 20) + "m";
  }

  /** Bytes as Spark prints them in its messages: {@code 64.0 MiB}. */
  static String bytes(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  private static long ceilDiv(long a, long b) {
    return a / b + (a % b == 0 ? 0 : 1);
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
