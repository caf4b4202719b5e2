package io.sparkrbf.aggregate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.HashPartitioner;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * Sums the arrays of an RDD that holds at most one array per partition, as an
 * {@link AggregationPlan} says, into one {@code double[]} on the driver. Partitions are merged
 * with compensated sums ({@link CompensatedArray}), in the driver at depth 1 and in reduce tasks
 * otherwise, so the result is the same double whatever order Spark merges them in and whatever the
 * depth (bar a rounding tie at about 2^-100 relative). Shuffles combine on the reduce side only:
 * a map task sends its own array (or its slices), never a merged pair of arrays.
 */
public final class WideSum {
  private WideSum() {
  }

  /**
   * The plan for {@code length}-value arrays over {@code partitions} partitions under this
   * context's {@code spark.driver.maxResultSize} and default parallelism.
   *
   * @param depth {@link AggregationPlan#AUTO} or the depth to use
   */
  public static AggregationPlan plan(JavaSparkContext sc, int partitions, int length, int depth) {
    SparkConf conf = sc.getConf();
    return AggregationPlan.of(partitions, length, conf.getSizeAsBytes("spark.driver.maxResultSize", "1g"),
        sc.defaultParallelism(), depth);
  }

  /**
   * The sum of the arrays, or null when no partition holds one. Runs one Spark job (with the
   * caller's job description) of {@code plan.depth()} stages.
   *
   * @param arrays at most one array per partition, each of {@code plan.length()} values
   * @throws org.apache.spark.SparkException failing the job with a task's IllegalStateException
   *     for an array of another length, or a partition holding two
   */
  public static double[] sum(JavaRDD<double[]> arrays, AggregationPlan plan) {
    if (arrays.getNumPartitions() != plan.partitions()) {
      throw new IllegalArgumentException("a plan for " + plan.partitions() + " partitions cannot sum "
          + arrays.getNumPartitions());
    }
    int length = plan.length();
    JavaRDD<CompensatedArray> partials = arrays.mapPartitionsWithIndex((i, it) -> single(i, it, length), true);
    if (plan.depth() == 1) {
      CompensatedArray total = null;
      for (CompensatedArray partial : partials.collect()) {
        total = total == null ? partial : total.plus(partial);
      }
      return total == null ? null : total.resolve();
    }
    for (int groups : plan.treeGroups()) {
      JavaPairRDD<Integer, CompensatedArray> byGroup = JavaPairRDD.fromJavaRDD(
          partials.mapPartitionsWithIndex((i, it) -> keyed(i % groups, it), true));
      partials = merged(byGroup, groups).values();
    }
    JavaPairRDD<Integer, CompensatedArray> slices = partials.flatMapToPair(p -> sliced(p, plan));
    List<Tuple2<Integer, double[]>> resolved = merged(slices, plan.slices()).mapValues(CompensatedArray::resolve)
        .collect();
    if (resolved.isEmpty()) {
      return null;
    }
    double[] sum = new double[length];
    for (Tuple2<Integer, double[]> slice : resolved) {
      System.arraycopy(slice._2(), 0, sum, plan.sliceStart(slice._1()), slice._2().length);
    }
    return sum;
  }

  /** The partition's one array, checked, or nothing. */
  private static Iterator<CompensatedArray> single(int partition, Iterator<double[]> it, int length) {
    if (!it.hasNext()) {
      return Collections.emptyIterator();
    }
    double[] values = it.next();
    if (it.hasNext()) {
      throw new IllegalStateException("partition " + partition + " holds more than one array to sum");
    }
    if (values.length != length) {
      throw new IllegalStateException("partition " + partition + " holds an array of " + values.length
          + " values, the others " + length);
    }
    return List.of(CompensatedArray.exact(values)).iterator();
  }

  private static Iterator<Tuple2<Integer, CompensatedArray>> keyed(int key, Iterator<CompensatedArray> it) {
    List<Tuple2<Integer, CompensatedArray>> out = new ArrayList<>(1);
    it.forEachRemaining(p -> out.add(new Tuple2<>(key, p)));
    return out.iterator();
  }

  /** The slices of a partial sum, each copied only when the shuffle writer asks for it. */
  private static Iterator<Tuple2<Integer, CompensatedArray>> sliced(CompensatedArray partial, AggregationPlan plan) {
    return IntStream.range(0, plan.slices())
        .mapToObj(s -> new Tuple2<>(s, partial.slice(plan.sliceStart(s), plan.sliceStart(s + 1)))).iterator();
  }

  /**
   * One shuffle into {@code keys} partitions, key k to partition k, each merging its records
   * (reduce side only: no map-side combine, which would hold merged pairs of arrays in the map task).
   */
  private static JavaPairRDD<Integer, CompensatedArray> merged(JavaPairRDD<Integer, CompensatedArray> keyed,
      int keys) {
    return keyed.combineByKey(p -> p, CompensatedArray::plus, CompensatedArray::plus, new HashPartitioner(keys),
        false, null);
  }
}
