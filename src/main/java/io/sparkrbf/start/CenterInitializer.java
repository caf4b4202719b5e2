package io.sparkrbf.start;

import io.sparkrbf.config.InitMode;
import io.sparkrbf.config.OptionException;
import io.sparkrbf.config.TrainOptions;
import io.sparkrbf.data.ParsedRow;
import io.sparkrbf.model.Standardization;
import io.sparkrbf.numeric.RowHash;
import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.mllib.clustering.KMeans;
import org.apache.spark.mllib.clustering.KMeansModel;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Chooses the starting centers from the (scaled) training rows: MLlib's {@link KMeans}
 * seeded by k-means|| ({@code kmeans}) or by random rows ({@code kmeans-random}), or a
 * seeded random sample of rows ({@code random}).
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
  private final int numFeatures;
  private final Standardization scaling;

  /** @param scaling applied to rows before clustering, or null */
  public CenterInitializer(TrainOptions config, int numFeatures, Standardization scaling) {
    this.config = config;
    this.numFeatures = numFeatures;
    this.scaling = scaling;
  }

  /** n centers of D values, in the scaled space. */
  public double[][] choose(JavaRDD<ParsedRow> rows, long rowCount) {
    int n = config.centers();
    if (n > rowCount) {
      throw new OptionException("--centers " + n + " is more than the " + rowCount + " training rows; use --centers "
          + rowCount + " or fewer");
    }
    return config.init() == InitMode.RANDOM ? sampleRows(rows) : kmeans(rows, rowCount);
  }

  private double[][] sampleRows(JavaRDD<ParsedRow> rows) {
    List<ParsedRow> chosen = rows.takeOrdered(config.centers(), new ByRowHash(config.seed()));
    double[][] centers = new double[chosen.size()][];
    for (int j = 0; j < centers.length; j++) {
      centers[j] = scaledDense(chosen.get(j), numFeatures, scaling);
    }
    return centers;
  }

  private double[][] kmeans(JavaRDD<ParsedRow> rows, long rowCount) {
    long seed = config.seed();
    double fraction = Math.min(1.0, (double) config.kmeansSampleRows() / rowCount);
    long expected = Math.round(fraction * rowCount);
    int partitions = (int) Math.max(1, Math.min(64, expected / ROWS_PER_KMEANS_PARTITION));
    int d = numFeatures;
    Standardization s = scaling;
    JavaRDD<Vector> sample = rows
        .filter(r -> RowHash.uniform(seed ^ 0x5A5A5A5AL, r.ordinal()) < fraction)
        .mapToPair(r -> new Tuple2<>(r.ordinal(), r))
        .repartitionAndSortWithinPartitions(new HashPartitioner(partitions))
        .map(t -> Vectors.dense(scaledDense(t._2(), d, s)))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      KMeansModel model = new KMeans()
          .setK(config.centers())
          .setMaxIterations(config.kmeansIterations())
          .setInitializationMode(config.init() == InitMode.KMEANS ? KMeans.K_MEANS_PARALLEL() : KMeans.RANDOM())
          .setSeed(seed)
          .run(sample.rdd());
      Vector[] found = model.clusterCenters();
      if (found.length < config.centers()) {
        throw new OptionException("k-means found only " + found.length + " distinct centers in the data; use --centers "
            + found.length + " or fewer, or --init random");
      }
      double[][] centers = new double[found.length][];
      for (int j = 0; j < found.length; j++) {
        centers[j] = found[j].toArray();
      }
      return centers;
    } finally {
      sample.unpersist(false);
    }
  }

  static double[] scaledDense(ParsedRow row, int numFeatures, Standardization scaling) {
    double[] x = new double[numFeatures];
    row.densifyInto(x, 0, numFeatures);
    if (scaling != null) {
      scaling.applyInPlace(x, 0);
    }
    return x;
  }

  /** Orders rows by their seeded hash: the first n are a uniform random sample. */
  private record ByRowHash(long seed) implements Comparator<ParsedRow>, Serializable {
    @Override
    public int compare(ParsedRow a, ParsedRow b) {
      return Long.compare(RowHash.mix(seed, a.ordinal()), RowHash.mix(seed, b.ordinal()));
    }
  }
}
