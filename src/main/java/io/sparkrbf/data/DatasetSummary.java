package io.sparkrbf.data;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.api.java.JavaRDD;

/**
 * What training needs to know about its data before it starts, from one distributed
 * pass: row count, number of features, the label set, and per-feature mean and standard
 * deviation for input scaling.
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
    SummaryAccumulator acc = rows.treeAggregate(new SummaryAccumulator(), SummaryAccumulator::add,
        SummaryAccumulator::merge, 2);
    if (acc.count == 0) {
      throw new InputFormatException(source, 0, null, "no data rows");
    }
    int d = Math.max(numFeatures, acc.width);
    if (d == 0) {
      throw new InputFormatException(source, 0, null, "no features in any row");
    }
    double[] mean = Arrays.copyOf(acc.mean, d);
    double[] std = new double[d];
    double[] m2 = Arrays.copyOf(acc.m2, d);
    for (int f = 0; f < d; f++) {
      std[f] = acc.count > 1 ? Math.sqrt(Math.max(0, m2[f]) / (acc.count - 1)) : 0.0;
    }
    double[] labels = acc.labels.stream().mapToDouble(Double::doubleValue).toArray();
    return new DatasetSummary(acc.count, d, new LabelIndex(labels), mean, std);
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
