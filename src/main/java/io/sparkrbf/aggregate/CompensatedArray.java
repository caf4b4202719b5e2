package io.sparkrbf.aggregate;

import io.sparkrbf.numeric.CompensatedSums;
import java.io.Serializable;
import java.util.Arrays;

/**
 * A sum of arrays as {@link CompensatedSums} keeps it: the rounded values and their rounding
 * errors, which stay null while nothing has been added (one partition's array is exact). The
 * records {@link WideSum} shuffles, whole or cut into slices, and the reduce tasks' combiners,
 * which merge into themselves.
 */
final class CompensatedArray implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double[] hi;
  private double[] lo;

  private CompensatedArray(double[] hi, double[] lo) {
    this.hi = hi;
    this.lo = lo;
  }

  /** One partition's array, taken as it is (not copied). */
  static CompensatedArray exact(double[] values) {
    return new CompensatedArray(values, null);
  }

  /** Values {@code from} (inclusive) to {@code to} (exclusive), copied. */
  CompensatedArray slice(int from, int to) {
    return new CompensatedArray(Arrays.copyOfRange(hi, from, to), lo == null ? null : Arrays.copyOfRange(lo, from, to));
  }

  /** Adds {@code other} into this sum (which it changes and returns); the lengths must match. */
  CompensatedArray plus(CompensatedArray other) {
    if (other.hi.length != hi.length) {
      throw new IllegalStateException("cannot add an array of " + other.hi.length + " values to one of " + hi.length);
    }
    if (lo == null) {
      lo = new double[hi.length];
    }
    if (other.lo == null) {
      CompensatedSums.add(hi, lo, other.hi);
    } else {
      CompensatedSums.merge(hi, lo, other.hi, other.lo);
    }
    return this;
  }

  /** The sum rounded to doubles: the values themselves when nothing was added to them. */
  double[] resolve() {
    return lo == null ? hi : CompensatedSums.resolve(hi, lo);
  }
}
