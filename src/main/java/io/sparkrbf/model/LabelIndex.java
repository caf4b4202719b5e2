package io.sparkrbf.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The classes of a data set and the labels they stand for, numbers or names: class id i is
 * the i-th smallest label value (numbers in numeric order, names in {@link String#compareTo}
 * order), so the same data always gives the same class ids. The model keeps these labels to
 * report classes as the user wrote them.
 *
 * <p>A parsed row's label is a value (NaN when it is not a number) and, for data whose labels
 * may be names (CSV, Parquet string columns), its text: {@link #classOf} maps that pair to a
 * class id and {@link #name} shows a class, for either kind.
 */
public final class LabelIndex implements Serializable {
  private static final long serialVersionUID = 2L;

  /** The numeric labels in increasing order, or null for named classes. */
  private final double[] values;
  /** The names in increasing order, or null for numeric classes. */
  private final String[] names;

  /**
   * Numeric classes.
   *
   * @param labels distinct label values in increasing order
   */
  public LabelIndex(double[] labels) {
    for (int i = 1; i < labels.length; i++) {
      if (!(labels[i] > labels[i - 1])) {
        throw new IllegalArgumentException("labels must be distinct and increasing: " + Arrays.toString(labels));
      }
    }
    this.values = labels.clone();
    this.names = null;
  }

  private LabelIndex(String[] names) {
    for (int i = 1; i < names.length; i++) {
      if (names[i].compareTo(names[i - 1]) <= 0) {
        throw new IllegalArgumentException("class names must be distinct and increasing: " + Arrays.toString(names));
      }
    }
    this.values = null;
    this.names = names;
  }

  /**
   * Named classes.
   *
   * @param names distinct names in increasing {@link String#compareTo} order
   */
  public static LabelIndex named(List<String> names) {
    return new LabelIndex(names.toArray(String[]::new));
  }

  /** Whether the classes are names rather than numbers. */
  public boolean isNamed() {
    return names != null;
  }

  public int size() {
    return names != null ? names.length : values.length;
  }

  /**
   * The class id of a parsed label, or -1 when it is not one of the classes: numeric classes
   * match {@code value} (so "1" and "1.0" are one class), named classes match {@code name}
   * exactly.
   *
   * @param value the label as a number, NaN when it is not one
   * @param name the label's text, or null when the data gives only a number (LIBSVM)
   */
  public int classOf(double value, String name) {
    if (names != null) {
      return name == null ? -1 : Math.max(-1, Arrays.binarySearch(names, name));
    }
    return Math.max(-1, Arrays.binarySearch(values, value == 0.0 ? 0.0 : value));
  }

  /** A class as users see it: its name, or its number written as {@link #format} does. */
  public String name(int classId) {
    return names != null ? names[classId] : format(values[classId]);
  }

  /** The numeric labels; a model with named classes has none and throws, naming them. */
  public double[] labels() {
    if (names != null) {
      throw new IllegalStateException("the classes are names, not numbers: " + this);
    }
    return values.clone();
  }

  /** The classes as JSON values, in class-id order: numbers (Double) or names (String). */
  public List<Object> jsonValues() {
    List<Object> out = new ArrayList<>(size());
    for (int c = 0; c < size(); c++) {
      out.add(names != null ? names[c] : (Object) values[c]);
    }
    return out;
  }

  /** A numeric label as users write it: integral values without ".0". */
  public static String format(double label) {
    return label == Math.rint(label) && Math.abs(label) < 1e15 ? Long.toString((long) label) : Double.toString(label);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelIndex other && Arrays.equals(values, other.values) && Arrays.equals(names, other.names);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(values) + Arrays.hashCode(names);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int c = 0; c < size(); c++) {
      sb.append(c == 0 ? "" : ", ").append(name(c));
    }
    return sb.append(']').toString();
  }
}
