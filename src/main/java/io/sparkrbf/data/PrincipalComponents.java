package io.sparkrbf.data;

import io.sparkrbf.aggregate.AggregationPlan;
import io.sparkrbf.aggregate.WideSum;
import io.sparkrbf.config.OptionException;
import io.sparkrbf.config.ProjectionSpec;
import io.sparkrbf.kernel.Blas;
import io.sparkrbf.model.InputMap;
import io.sparkrbf.model.Projection;
import io.sparkrbf.model.Standardization;
import io.sparkrbf.numeric.CompensatedSums;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns {@code --projection}'s principal components from the scaled training rows in one
 * distributed pass: each partition sums its rows' deviations from the scaled mean and their D x D
 * Gramian (a matrix product per stack of rows, added with compensated sums), the partitions' arrays
 * are summed as the training sums are ({@link WideSum}: at most {@code spark.driver.maxResultSize}
 * reaches the driver, and the sum does not depend on the order of the merges), and the driver
 * decomposes the covariance ({@link Projection#principalComponents}).
 */
public final class PrincipalComponents {
  private static final Logger LOG = LoggerFactory.getLogger(PrincipalComponents.class);
  /** Rows per matrix product in a partition. */
  private static final int STACK_ROWS = 256;
  /** D x D matrices the driver holds at once: the sum, the covariance, the eigenvectors, LAPACK's work. */
  private static final int DRIVER_MATRICES = 5;

  private PrincipalComponents() {
  }

  /**
   * The projection {@code spec} asks for, learned from {@code rows}, or null for none.
   *
   * @param locator names the file and line of a row that does not fit, for errors
   * @param summary the rows' statistics (count, mean)
   * @param scaling the rows' scaling, or null
   * @param aggregationDepth {@link AggregationPlan#AUTO} or the depth of the sum
   * @throws OptionException when the projection keeps more components than there are features, or
   *     the D x D matrices do not fit the driver's heap
   */
  public static Projection fit(JavaRDD<ParsedRow> rows, RowLocator locator, DatasetSummary summary,
                               Standardization scaling, ProjectionSpec spec, int aggregationDepth) {
    if (!spec.projects()) {
      return null;
    }
    int d = summary.numFeatures();
    requireFitsDriver(spec, d, Runtime.getRuntime().maxMemory());
    Projection all = allComponents(rows, locator, summary, scaling, aggregationDepth);
    Projection kept = all.first(spec.componentsToKeep(all.explainedVariance()));
    LOG.info("--projection {} {}", spec.id(), kept.describe());
    return kept;
  }

  /** Refuses D so wide that the driver cannot hold the matrices of the decomposition in half its heap. */
  static void requireFitsDriver(ProjectionSpec spec, int d, long driverHeap) {
    long matrix = 8L * d * d;
    if ((long) d * d + d > Integer.MAX_VALUE - 8 || DRIVER_MATRICES * matrix > driverHeap / 2) {
      throw new OptionException(String.format(Locale.ROOT, "--projection %s needs %d x %d matrices of %.1f MiB on "
          + "the driver, %d of them at once (%.1f MiB), more than half its heap (%.1f MiB): give the driver more "
          + "memory (spark.driver.memory), or reduce the features before training", spec.id(), d, d,
          matrix / 1048576.0, DRIVER_MATRICES, DRIVER_MATRICES * matrix / 1048576.0, driverHeap / 1048576.0));
    }
  }

  /** Every component of the scaled rows, by decreasing variance. */
  static Projection allComponents(JavaRDD<ParsedRow> rows, RowLocator locator, DatasetSummary summary,
                                  Standardization scaling, int aggregationDepth) {
    int d = summary.numFeatures();
    long n = summary.count();
    InputMap scale = new InputMap(d, scaling, null);
    double[] center = scale.apply(summary.mean()); // the scaling is affine: the scaled rows' mean, to rounding
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(rows.context());
    AggregationPlan plan = WideSum.plan(sc, rows.getNumPartitions(), d + d * d, aggregationDepth);
    LOG.info("aggregation of the projection's D x D Gramian ({} values per partition): {}", d + d * d,
        plan.reason());
    double[] sums;
    sc.setJobDescription("principal components of the scaled rows");
    try {
      sums = WideSum.sum(rows.mapPartitions(it -> partitionSums(it, locator, scale, center)), plan);
    } finally {
      sc.setJobDescription(null);
    }
    double[] mean = new double[d];
    double[] shift = new double[d];
    for (int f = 0; f < d; f++) {
      shift[f] = sums[f] / n;
      mean[f] = center[f] + shift[f];
    }
    double[] covariance = new double[d * d];
    double dof = Math.max(1, n - 1);
    for (int j = 0; j < d; j++) {
      for (int i = 0; i < d; i++) {
        covariance[j * d + i] = (sums[d + j * d + i] - n * shift[i] * shift[j]) / dof;
      }
    }
    return Projection.principalComponents(mean, covariance);
  }

  /**
   * One partition's sums of its scaled rows' deviations from {@code center} (D values) and of
   * their outer products (D x D, column-major), or nothing for an empty partition.
   */
  private static Iterator<double[]> partitionSums(Iterator<ParsedRow> rows, RowLocator locator, InputMap scale,
                                                 double[] center) {
    if (!rows.hasNext()) {
      return Collections.emptyIterator();
    }
    int d = scale.inputFeatures();
    double[] hi = new double[d + d * d];
    double[] lo = new double[hi.length];
    double[] stack = new double[STACK_ROWS * d];
    double[] part = new double[hi.length];
    while (rows.hasNext()) {
      int b = 0;
      while (b < STACK_ROWS && rows.hasNext()) {
        Blockifier.densify(rows.next(), locator, stack, b++, d);
      }
      double[] scaled = scale.applyToRows(stack, b);
      Arrays.fill(part, 0, d, 0.0);
      for (int r = 0; r < b; r++) {
        for (int f = 0; f < d; f++) {
          double x = scaled[r * d + f] - center[f];
          scaled[r * d + f] = x;
          part[f] += x;
        }
      }
      Blas.get().dgemm("N", "T", d, d, b, 1.0, scaled, 0, d, scaled, 0, d, 0.0, part, d, d);
      CompensatedSums.add(hi, lo, part);
    }
    return List.of(CompensatedSums.resolve(hi, lo)).iterator();
  }
}
