package io.sparkrbf.data;

import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.numeric.CompensatedSums;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Per-partition statistics of rows, mergeable across partitions: count, rows of positive
 * weight, the sums of the weights and of their squares, widest row, and per-feature sums of
 * either the weighted values (with the largest absolute value among rows of positive weight
 * and the distinct labels, as numbers and as texts, each with its rows' total weight) or,
 * given the mean, their weighted squared deviations. A row of weight 0 changes no sum and no
 * largest value. The sums are compensated, so the merged result is the same double
 * however the rows are partitioned or merged, which keeps input scaling (and with it
 * k-means and the whole run) independent of the partition count. Arrays grow to the
 * widest row seen, so the number of features need not be known in advance.
 */
final class SummaryAccumulator implements Serializable {
  private static final long serialVersionUID = 1L;
  static final int MAX_LABELS = 10_000;

  private final double[] mean;
  long count;
  long weighted;
  /** Rows whose weight is not a whole number. */
  long fractional;
  /** Compensated sums of the weights and of their squares: {@code {sum w, sum w^2}} and their errors. */
  private final double[] weightSums = new double[2];
  private final double[] weightErrors = new double[2];
  int width;
  double[] sums = new double[0];
  private double[] errors = new double[0];
  /** Largest absolute value per feature (first pass only). */
  double[] maxAbs = new double[0];
  /** The distinct labels that are numbers, with their rows' total weight. */
  final TreeMap<Double, Double> labels = new TreeMap<>();
  /** The distinct label texts (CSV, Parquet strings), numbers among them, with their rows' total weight. */
  final TreeMap<String, Double> names = new TreeMap<>();
  /** Rows whose label is not a number: only a text. */
  long nonNumeric;
  /** Rows whose label has no text: only a number (LIBSVM, numeric Parquet). */
  long unnamed;
  private transient double[] row;

  /** @param mean null to sum the values, else the mean whose squared deviations are summed */
  SummaryAccumulator(double[] mean) {
    this.mean = mean;
  }

  SummaryAccumulator add(ParsedRow r) {
    width = Math.max(width, r.width());
    grow(mean == null ? width : mean.length);
    if (row == null || row.length != sums.length) {
      row = new double[sums.length];
    }
    r.densifyInto(row, 0, r.width());
    Arrays.fill(row, r.width(), row.length, 0.0);
    double w = r.weight();
    if (mean != null) {
      for (int f = 0; f < row.length; f++) {
        double d = row[f] - mean[f];
        row[f] = w * (d * d);
      }
    } else {
      for (int f = 0; f < row.length; f++) {
        maxAbs[f] = w > 0 ? Math.max(maxAbs[f], Math.abs(row[f])) : maxAbs[f];
        row[f] *= w;
      }
      addLabel(r);
    }
    CompensatedSums.add(sums, errors, row);
    CompensatedSums.add(weightSums, weightErrors, 0, w);
    CompensatedSums.add(weightSums, weightErrors, 1, w * w);
    count++;
    weighted += w > 0 ? 1 : 0;
    fractional += w == Math.rint(w) ? 0 : 1;
    return this;
  }

  SummaryAccumulator merge(SummaryAccumulator o) {
    if (o.count == 0) {
      return this;
    }
    if (count == 0) {
      return o;
    }
    int w = Math.max(sums.length, o.sums.length);
    grow(w);
    o.grow(w);
    CompensatedSums.merge(sums, errors, o.sums, o.errors);
    CompensatedSums.merge(weightSums, weightErrors, o.weightSums, o.weightErrors);
    for (int f = 0; f < w; f++) {
      maxAbs[f] = Math.max(maxAbs[f], o.maxAbs[f]);
    }
    count += o.count;
    weighted += o.weighted;
    fractional += o.fractional;
    width = Math.max(width, o.width);
    nonNumeric += o.nonNumeric;
    unnamed += o.unnamed;
    o.labels.forEach(this::addNumber);
    o.names.forEach(this::addName);
    return this;
  }

  /** The per-feature sums, rounded. */
  double[] totals() {
    return CompensatedSums.resolve(sums, errors);
  }

  /** The sum of the weights and the sum of their squares, rounded. */
  double[] weightTotals() {
    return CompensatedSums.resolve(weightSums, weightErrors);
  }

  /**
   * The total weight of the rows of each of {@code classes}, in class order; 0 for a class no row has
   * (classes given by a saved model or the caller may include such labels).
   */
  double[] classWeights(LabelIndex classes) {
    double[] w = new double[classes.size()];
    for (int c = 0; c < w.length; c++) {
      w[c] = classes.isNamed() ? names.getOrDefault(classes.name(c), 0.0)
          : labels.getOrDefault(classes.labels()[c], 0.0);
    }
    return w;
  }

  /**
   * The classes of the labels seen (first pass): numbers when every label is one, else the
   * texts, which every row must then have.
   *
   * @param source names the data in the error for labels of both kinds
   */
  LabelIndex classes(String source) {
    if (nonNumeric == 0) {
      return new LabelIndex(labels.keySet().stream().mapToDouble(Double::doubleValue).toArray());
    }
    if (unnamed > 0) {
      throw new InputFormatException(source, 0, null, "the label column holds strings in some files and numbers "
          + "in others");
    }
    return LabelIndex.named(List.copyOf(names.keySet()));
  }

  private void addLabel(ParsedRow r) {
    if (Double.isNaN(r.label())) {
      nonNumeric++;
    } else {
      addNumber(r.label(), r.weight());
    }
    if (r.labelName() == null) {
      unnamed++;
    } else {
      addName(r.labelName(), r.weight());
    }
  }

  private void addNumber(double label, double weight) {
    labels.merge(label == 0.0 ? 0.0 : label, weight, Double::sum);
    requireFewLabels(labels.size());
  }

  private void addName(String name, double weight) {
    names.merge(name, weight, Double::sum);
    requireFewLabels(names.size());
  }

  private static void requireFewLabels(int distinct) {
    if (distinct > MAX_LABELS) {
      throw new IllegalArgumentException("more than " + MAX_LABELS + " distinct labels: is this a classification data set?");
    }
  }

  /** Rows seen before had zeros in features beyond their width, so widening keeps the sums exact. */
  private void grow(int w) {
    if (w > sums.length) {
      sums = Arrays.copyOf(sums, w);
      errors = Arrays.copyOf(errors, w);
      maxAbs = Arrays.copyOf(maxAbs, w);
    }
  }
}
