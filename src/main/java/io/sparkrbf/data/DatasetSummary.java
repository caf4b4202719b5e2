package io.sparkrbf.data;

import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.model.ScalingMode;
import io.sparkrbf.model.Standardization;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.api.java.JavaRDD;

/**
 * What training needs to know about its data before it starts, from two distributed
 * passes over the (cached) rows: row count, number of features, the classes, and
 * per-feature mean and standard deviation for input scaling, and each class's total weight.
 * The mean is computed first and the deviations about it second, which is accurate where a
 * one-pass sum of squares would cancel.
 *
 * <p>The statistics honour the rows' instance weights: the mean is {@code sum w x / sum w} and
 * the variance {@code sum w (x - mean)^2 / (sum w - sum w^2 / sum w)} (reliability weights), so
 * weights of 1 give the plain mean and the sample variance (n - 1 denominator), multiplying every
 * weight by one factor changes nothing, and a row of weight 0 counts as absent (also for the
 * largest absolute value). Only the row count and the set of classes include rows of weight 0.
 *
 * <p>Both passes keep Spark's {@code treeAggregate} at depth 2 rather than the training sums'
 * {@link io.sparkrbf.aggregate.AggregationPlan}: a partition's result is a few arrays of D values
 * (tens of KB for D in the thousands), so even sqrt(P) of them from 100,000 partitions stay far
 * inside {@code spark.driver.maxResultSize}.
 */
public final class DatasetSummary implements Serializable {
  private static final long serialVersionUID = 1L;
  /** A standard deviation this small relative to the feature's magnitude counts as constant. */
  static final double CONSTANT_RELATIVE_STD = 1e-12;
  /** In zscore mode no feature is divided by less than this fraction of the median feature's std. */
  public static final double STD_FLOOR_FRACTION = 0.1;

  private final long count;
  private final int numFeatures;
  private final LabelIndex labels;
  private final double[] mean;
  private final double[] std;
  private final double maxAbs;
  private final SummaryAccumulator first;

  private DatasetSummary(long count, int numFeatures, LabelIndex labels, double[] mean, double[] std, double maxAbs,
                         SummaryAccumulator first) {
    this.count = count;
    this.numFeatures = numFeatures;
    this.labels = labels;
    this.mean = mean;
    this.std = std;
    this.maxAbs = maxAbs;
    this.first = first;
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
    if (first.weighted == 0) {
      throw new InputFormatException(source, 0, null, "every instance weight is 0: nothing to train on");
    }
    int d = Math.max(numFeatures, first.width);
    if (d == 0) {
      throw new InputFormatException(source, 0, null, "no features in any row");
    }
    double[] weights = first.weightTotals();
    double[] mean = Arrays.copyOf(first.totals(), d);
    for (int f = 0; f < d; f++) {
      mean[f] /= weights[0];
    }
    double[] std = new double[d];
    double dof = weights[0] - weights[1] / weights[0];
    if (first.weighted > 1 && dof > 0) {
      double[] squares = rows.treeAggregate(new SummaryAccumulator(mean), SummaryAccumulator::add,
          SummaryAccumulator::merge, 2).totals();
      for (int f = 0; f < d; f++) {
        std[f] = Math.sqrt(squares[f] / dof);
      }
    }
    double maxAbs = Arrays.stream(first.maxAbs).max().orElse(0);
    return new DatasetSummary(first.count, d, first.classes(source), mean, std, maxAbs, first);
  }

  public long count() {
    return count;
  }

  public int numFeatures() {
    return numFeatures;
  }

  /**
   * The classes: the distinct labels in increasing order, numbers when every label is a
   * finite number (CSV, LIBSVM, numeric Parquet), else names, the labels' exact texts (CSV,
   * a Parquet string column).
   */
  public LabelIndex labels() {
    return labels;
  }

  /**
   * The total instance weight of each of {@code classes}' rows, in class order (the row counts when
   * every row weighs 1); 0 for a class no row has.
   */
  public double[] classWeights(LabelIndex classes) {
    return first.classWeights(classes);
  }

  /** Whether every row's instance weight is a whole number, as a confusion matrix of row counts needs. */
  public boolean wholeWeights() {
    return first.fractional == 0;
  }

  public double[] mean() {
    return mean.clone();
  }

  /** Weighted sample standard deviation (n - 1 denominator for weights of 1; 0 for a single row of positive weight). */
  public double[] std() {
    return std.clone();
  }

  /** The largest absolute feature value in the data. */
  public double maxAbs() {
    return maxAbs;
  }

  /** The scaling of the given mode learned from these statistics, or null for {@link ScalingMode#NONE}. */
  public Standardization scaling(ScalingMode mode) {
    return switch (mode) {
      case ZSCORE -> zscore();
      case GLOBAL -> global();
      case NONE -> null;
    };
  }

  /**
   * Z-scoring with these statistics. Constant features (a standard deviation below 1e-12
   * of their magnitude) keep std 1: centered, not scaled. Every other feature is divided
   * by at least {@link #STD_FLOOR_FRACTION} of the median standard deviation of the
   * non-constant features, so a feature that is almost always the same value (a border
   * pixel) cannot turn its rare other values into huge coordinates that dominate every
   * distance.
   */
  public Standardization zscore() {
    double[] s = new double[numFeatures];
    boolean[] constant = new boolean[numFeatures];
    double[] varying = new double[numFeatures];
    int m = 0;
    for (int f = 0; f < numFeatures; f++) {
      constant[f] = !(std[f] > CONSTANT_RELATIVE_STD * (Math.abs(mean[f]) + 1));
      if (!constant[f]) {
        varying[m++] = std[f];
      }
    }
    Arrays.sort(varying, 0, m);
    double floor = m == 0 ? 0 : STD_FLOOR_FRACTION * varying[m / 2];
    for (int f = 0; f < numFeatures; f++) {
      s[f] = constant[f] ? 1.0 : Math.max(std[f], floor);
    }
    return new Standardization(ScalingMode.ZSCORE, mean, s);
  }

  /**
   * One factor for all features, the largest absolute value, and no centering: the
   * relative geometry of the data is kept, only its unit changes. All-zero data keeps
   * factor 1.
   */
  public Standardization global() {
    double factor = maxAbs > 0 ? maxAbs : 1.0;
    double[] s = new double[numFeatures];
    Arrays.fill(s, factor);
    return new Standardization(ScalingMode.GLOBAL, new double[numFeatures], s);
  }
}
