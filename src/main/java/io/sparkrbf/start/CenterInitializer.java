package io.sparkrbf.start;

import io.sparkrbf.config.InitMode;
import io.sparkrbf.config.OptionException;
import io.sparkrbf.config.TrainOptions;
import io.sparkrbf.data.ParsedRow;
import io.sparkrbf.model.InputMap;
import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.numeric.RowHash;
import java.io.Serializable;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.clustering.KMeans;
import org.apache.spark.mllib.clustering.KMeansModel;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.storage.StorageLevel;
import scala.Option;
import scala.Tuple2;

/**
 * Chooses the starting centers from the (scaled) training rows: MLlib's {@link KMeans}
 * seeded by k-means|| ({@code kmeans}) or by random rows ({@code kmeans-random}), a
 * seeded random sample of rows ({@code random}), or class-conditional k-means
 * ({@code kmeans-per-class}, {@link ClassShares}): each class's rows clustered by k-means||
 * on their own into that class's share of the centers, as LeCun et al. (1998) placed the
 * RBF units of LeNet-5's output layer.
 *
 * <p>k-means honours the instance weights: it runs MLlib's weighted k-means
 * ({@code KMeans.runWithWeight}, the method Spark ML's {@code KMeans} with a {@code weightCol}
 * calls, public in the bytecode of Spark 3.5 and 4.x), so a row's pull on its center is its
 * weight and scaling every weight by one factor changes nothing. Rows of weight 0 are never
 * sampled, by k-means or by {@code random}.
 *
 * <p>k-means|| ends with a k-means++ pass over about 2n candidates on the driver, which
 * costs O(n^2 D) per iteration and dominates setup from a few hundred centers on
 * (measured: about a minute for n = 1024 on MNIST); random seeding skips it, and the
 * Lloyd iterations that follow, and the training of the centers after that, make up
 * most of the difference in quality.
 *
 * <p>Both pick rows by {@link RowHash} of their input position, and k-means runs on a
 * canonical partitioning of that sample, so the centers depend on the seed and the data
 * but not on how the data is partitioned. k-means sees at most
 * {@link TrainOptions#kmeansSampleRows()} rows: the centers are trained afterwards anyway,
 * and on large data a sample places them as well at a fraction of the cost.
 */
public final class CenterInitializer {
  private static final int ROWS_PER_KMEANS_PARTITION = 25_000;

  private final TrainOptions config;
  private final InputMap map;
  private final LabelIndex classes;

  /**
   * @param map applied to rows before clustering: from the raw rows to the network's features
   * @param classes the run's classes, which {@code kmeans-per-class} clusters one by one
   */
  public CenterInitializer(TrainOptions config, InputMap map, LabelIndex classes) {
    this.config = config;
    this.map = map;
    this.classes = classes;
  }

  /**
   * n centers in the space the network sees (scaled, and projected with a projection).
   *
   * @param classWeights the total instance weight of each class's rows, which {@code kmeans-per-class}
   *     splits the centers by
   */
  public double[][] choose(JavaRDD<ParsedRow> rows, long rowCount, double[] classWeights) {
    int n = config.centers();
    TrainOptions.requireCentersFit(n, rowCount);
    return switch (config.init()) {
      case RANDOM -> sampleRows(rows);
      case KMEANS_PER_CLASS -> kmeansPerClass(rows, rowCount, ClassShares.of(n, classWeights, classes));
      case KMEANS, KMEANS_RANDOM -> kmeans(rows, rowCount);
    };
  }

  /**
   * The n rows of smallest seeded hash ({@link RowHash#mix} of their ordinals): a uniform sample
   * that does not depend on the partitioning. Two passes keep the driver's share small: the
   * ordinals are chosen first, each partition proposing its n smallest hashes and
   * {@code treeReduce} merging the proposals on the executors (a few ordinal lists reach the
   * driver, not n rows of D values from each of P partitions, which overflowed
   * {@code spark.driver.maxResultSize} on wide rows), then only the n chosen rows are collected.
   */
  private double[][] sampleRows(JavaRDD<ParsedRow> rows) {
    int n = config.centers();
    long seed = config.seed();
    long[] ordinals = rows.filter(r -> r.weight() > 0)
        .mapPartitions(it -> List.of(SmallestHashes.of(it, n, seed)).iterator())
        .treeReduce((a, b) -> a.merge(b, n), 2).ordinals();
    Map<Long, Integer> rank = new HashMap<>();
    for (int j = 0; j < ordinals.length; j++) {
      rank.put(ordinals[j], j);
    }
    double[][] centers = new double[ordinals.length][];
    InputMap m = map;
    for (Tuple2<Long, double[]> row : rows.filter(r -> rank.containsKey(r.ordinal()))
        .map(r -> new Tuple2<>(r.ordinal(), mapped(r, m))).collect()) {
      centers[rank.get(row._1())] = row._2();
    }
    return centers;
  }

  private double[][] kmeans(JavaRDD<ParsedRow> rows, long rowCount) {
    JavaPairRDD<Integer, Tuple2<Vector, Object>> sample = sample(rows, rowCount);
    try {
      String seeding = config.init() == InitMode.KMEANS ? KMeans.K_MEANS_PARALLEL() : KMeans.RANDOM();
      return cluster(sample.values(), config.centers(), seeding, "");
    } finally {
      sample.unpersist(false);
    }
  }

  /** Each class's sampled rows clustered into its share of the centers; the centers of class 0 first. */
  private double[][] kmeansPerClass(JavaRDD<ParsedRow> rows, long rowCount, ClassShares shares) {
    JavaPairRDD<Integer, Tuple2<Vector, Object>> sample = sample(rows, rowCount);
    try {
      double[][] centers = new double[config.centers()][];
      int next = 0;
      for (int c = 0; c < classes.size(); c++) {
        int cls = c;
        String where = " among the rows of class " + classes.name(c);
        double[][] found = cluster(sample.filter(t -> t._1() == cls).values(), shares.of(c), KMeans.K_MEANS_PARALLEL(),
            where);
        System.arraycopy(found, 0, centers, next, found.length);
        next += found.length;
      }
      return centers;
    } finally {
      sample.unpersist(false);
    }
  }

  /**
   * The rows of positive weight k-means sees, scaled, with their weight and keyed by their class id: a seeded
   * sample of at most about {@link TrainOptions#kmeansSampleRows()} rows, canonically partitioned by ordinal
   * (persisted: the caller unpersists it).
   */
  private JavaPairRDD<Integer, Tuple2<Vector, Object>> sample(JavaRDD<ParsedRow> rows, long rowCount) {
    long seed = config.seed();
    double fraction = Math.min(1.0, (double) config.kmeansSampleRows() / rowCount);
    long expected = Math.round(fraction * rowCount);
    int partitions = (int) Math.max(1, Math.min(64, expected / ROWS_PER_KMEANS_PARTITION));
    InputMap m = map;
    LabelIndex labels = classes;
    return rows
        .filter(r -> r.weight() > 0 && RowHash.uniform(seed ^ 0x5A5A5A5AL, r.ordinal()) < fraction)
        .mapToPair(r -> new Tuple2<>(r.ordinal(), r))
        .repartitionAndSortWithinPartitions(new HashPartitioner(partitions))
        .mapToPair(t -> new Tuple2<>(t._2().classIn(labels),
            new Tuple2<Vector, Object>(Vectors.dense(mapped(t._2(), m)), t._2().weight())))
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  /**
   * k centers of the weighted points by MLlib's weighted k-means; fewer distinct centers than k are refused.
   *
   * @param where names the rows in the error, or is empty for all of them
   */
  private double[][] cluster(JavaRDD<Tuple2<Vector, Object>> points, int k, String seeding, String where) {
    KMeansModel model = new KMeans()
        .setK(k)
        .setMaxIterations(config.kmeansIterations())
        .setInitializationMode(seeding)
        .setSeed(config.seed())
        .runWithWeight(points.rdd(), false, Option.empty());
    Vector[] found = model.clusterCenters();
    if (found.length < k) {
      throw new OptionException("k-means found only " + found.length + " distinct centers" + where
          + (where.isEmpty() ? " in the data; use --centers " + found.length + " or fewer, or --init random"
          : ", which needs " + k + "; use fewer --centers or another --init"));
    }
    double[][] centers = new double[found.length][];
    for (int j = 0; j < found.length; j++) {
      centers[j] = found[j].toArray();
    }
    return centers;
  }

  static double[] mapped(ParsedRow row, InputMap map) {
    double[] x = new double[map.inputFeatures()];
    row.densifyInto(x, 0, x.length);
    return map.applyToRows(x, 1);
  }

  /**
   * Up to n row ordinals in increasing order of their seeded hash (ties by ordinal): one
   * partition's proposal, or the merge of several, of which the first n are kept.
   */
  private record SmallestHashes(long seed, long[] ordinals) implements Serializable {
    static SmallestHashes of(Iterator<ParsedRow> rows, int n, long seed) {
      Comparator<Long> byHash = order(seed);
      PriorityQueue<Long> largestFirst = new PriorityQueue<>(n + 1, byHash.reversed());
      while (rows.hasNext()) {
        largestFirst.add(rows.next().ordinal());
        if (largestFirst.size() > n) {
          largestFirst.poll();
        }
      }
      return new SmallestHashes(seed, largestFirst.stream().sorted(byHash).mapToLong(Long::longValue).toArray());
    }

    SmallestHashes merge(SmallestHashes other, int n) {
      Comparator<Long> byHash = order(seed);
      long[] merged = new long[Math.min(n, ordinals.length + other.ordinals.length)];
      for (int k = 0, i = 0, j = 0; k < merged.length; k++) {
        boolean mine = j == other.ordinals.length
            || i < ordinals.length && byHash.compare(ordinals[i], other.ordinals[j]) <= 0;
        merged[k] = mine ? ordinals[i++] : other.ordinals[j++];
      }
      return new SmallestHashes(seed, merged);
    }

    private static Comparator<Long> order(long seed) {
      return Comparator.<Long>comparingLong(ordinal -> RowHash.mix(seed, ordinal)).thenComparing(Long::compare);
    }
  }
}
