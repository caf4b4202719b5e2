package io.sparkrbf.data;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.api.java.JavaRDD;

/**
 * What training needs to know about its data before it starts, from two distributed
 * passes over the (cached) rows: row count, number of features, the label set, and
 * per-feature mean and standard deviation for input scaling. The mean is computed first
 * and the deviations about it second, which is accurate where a one-pass sum of squares
 * would cancel.
 */
public final class DatasetSummary implements Serializable {
  private static final long serialVersionUID = 1L;
  /** A standard deviation this small relative to the feature's magnitude counts as constant. */
  static final double CONSTANT_RELATIVE_STD = 1e-12;

  private final long count;
  private final int numFeatures;
  private final LabelIndex labels;
  private final double[] mean;
  private final double[] std;

  private DatasetSummary(long count, int numFeatures, LabelIndex labels, double[] mean, double[] std) {
    this.count = count;
    this.numFeatures = numFeatures;
    this.labels = labels;
    this.mean = mean;
    this.std = std;
  }

  /**
   * @param numFeatures D when known (rows wider than it are already rejected by the
   *     reader), or 0 to take the widest row
   * @param source named in the error for an empty data set
   */
  public static DatasetSummary of(JavaRDD<ParsedRow> rows, int numFeatures, String source) {
    SummaryAccumulator first = rows.treeAggregate(new SummaryAccumulator(null), SummaryAccumulator::add,
        SummaryAccumulator::merge, 2);
    if (first.count == 0) {
      throw new InputFormatException(source, 0, null, "no data rows");
    }
    int d = Math.max(numFeatures, first.width);
    if (d == 0) {
      throw new InputFormatException(source, 0, null, "no features in any row");
    }
    double[] mean = Arrays.copyOf(first.totals(), d);
    for (int f = 0; f < d; f++) {
      mean[f] /= first.count;
    }
    double[] std = new double[d];
    if (first.count > 1) {
      double[] squares = rows.treeAggregate(new SummaryAccumulator(mean), SummaryAccumulator::add,
          SummaryAccumulator::merge, 2).totals();
      for (int f = 0; f < d; f++) {
        std[f] = Math.sqrt(squares[f] / (first.count - 1));
      }
    }
    double[] labels = first.labels.stream().mapToDouble(Double::doubleValue).toArray();
    return new DatasetSummary(first.count, d, new LabelIndex(labels), mean, std);
  }

  public long count() {
    return count;
  }

  public int numFeatures() {
    return numFeatures;
  }

  /** The distinct labels, in increasing order. */
  public LabelIndex labels() {
    return labels;
  }

  public double[] mean() {
    return mean.clone();
  }

  /** Sample standard deviation (n - 1 denominator; 0 for a single row). */
  public double[] std() {
    return std.clone();
  }

  /**
   * Z-scoring with these statistics; features that are constant (a standard deviation
   * below 1e-12 of their magnitude) keep std 1: centered, not scaled.
   */
  public Standardization zscore() {
    double[] s = new double[numFeatures];
    for (int f = 0; f < numFeatures; f++) {
      s[f] = std[f] > CONSTANT_RELATIVE_STD * (Math.abs(mean[f]) + 1) ? std[f] : 1.0;
    }
    return new Standardization(mean, s);
  }
}
