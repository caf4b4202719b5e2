package io.sparkrbf.model;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The classes of a data set: the distinct label values in increasing order, so that class
 * id i is the i-th smallest label. The model keeps these values to report labels as the
 * user wrote them.
 */
public final class LabelIndex implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double[] labels;

  /** @param labels distinct label values in increasing order */
  public LabelIndex(double[] labels) {
    for (int i = 1; i < labels.length; i++) {
      if (!(labels[i] > labels[i - 1])) {
        throw new IllegalArgumentException("labels must be distinct and increasing: " + Arrays.toString(labels));
      }
    }
    this.labels = labels.clone();
  }

  public int size() {
    return labels.length;
  }

  /** The class id of a label value, or -1 when the label is not one of the classes. */
  public int classOf(double label) {
    int i = Arrays.binarySearch(labels, label == 0.0 ? 0.0 : label);
    return i >= 0 ? i : -1;
  }

  public double labelOf(int classId) {
    return labels[classId];
  }

  public double[] labels() {
    return labels.clone();
  }

  /** A label as users write it: integral values without ".0". */
  public static String format(double label) {
    return label == Math.rint(label) && Math.abs(label) < 1e15 ? Long.toString((long) label) : Double.toString(label);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < labels.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(format(labels[i]));
    }
    return sb.append(']').toString();
  }
}
