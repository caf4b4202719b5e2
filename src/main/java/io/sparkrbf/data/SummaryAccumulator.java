package io.sparkrbf.data;

import java.io.Serializable;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * Running statistics of rows, mergeable across partitions: count, widest row, distinct
 * labels and per-feature mean and sum of squared deviations (Welford's update, Chan's
 * merge), which stay accurate where sums of squares would cancel. Arrays grow to the
 * widest row seen, so the number of features need not be known in advance.
 */
final class SummaryAccumulator implements Serializable {
  private static final long serialVersionUID = 1L;
  static final int MAX_LABELS = 10_000;

  long count;
  int width;
  double[] mean = new double[0];
  double[] m2 = new double[0];
  final TreeSet<Double> labels = new TreeSet<>();
  private transient double[] row;

  SummaryAccumulator add(ParsedRow r) {
    width = Math.max(width, r.width());
    grow(width);
    if (row == null || row.length < mean.length) {
      row = new double[mean.length];
    }
    r.densifyInto(row, 0, r.width());
    Arrays.fill(row, r.width(), mean.length, 0.0);
    count++;
    for (int f = 0; f < mean.length; f++) {
      double delta = row[f] - mean[f];
      mean[f] += delta / count;
      m2[f] += delta * (row[f] - mean[f]);
    }
    addLabel(r.label());
    return this;
  }

  SummaryAccumulator merge(SummaryAccumulator o) {
    if (o.count == 0) {
      return this;
    }
    if (count == 0) {
      return o;
    }
    int w = Math.max(mean.length, o.mean.length);
    grow(w);
    o.grow(w);
    long n = count + o.count;
    for (int f = 0; f < w; f++) {
      double delta = o.mean[f] - mean[f];
      m2[f] += o.m2[f] + delta * delta * ((double) count * o.count / n);
      mean[f] += delta * o.count / n;
    }
    count = n;
    width = Math.max(width, o.width);
    for (double label : o.labels) {
      addLabel(label);
    }
    return this;
  }

  private void addLabel(double label) {
    labels.add(label == 0.0 ? 0.0 : label);
    if (labels.size() > MAX_LABELS) {
      throw new IllegalArgumentException("more than " + MAX_LABELS + " distinct labels: is this a classification data set?");
    }
  }

  /**
   * Widening keeps the statistics exact: rows seen so far had zeros in the new features,
   * so those features' mean and squared deviations are 0.
   */
  private void grow(int w) {
    if (w > mean.length) {
      mean = Arrays.copyOf(mean, w);
      m2 = Arrays.copyOf(m2, w);
    }
  }
}
