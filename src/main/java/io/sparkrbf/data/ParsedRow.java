package io.sparkrbf.data;

import io.sparkrbf.model.LabelIndex;
import java.io.Serializable;

/**
 * One input row as parsed: its label (a number, and its text where the data may name
 * classes: CSV, Parquet string columns), its features (sparse as LIBSVM gives them, or
 * dense from CSV), its instance weight (1 unless the data says otherwise) and its position
 * in the input, which seeds sampling so it does not depend on partitioning. A row read for
 * {@code predict} has no label and carries the values that identify it in the output.
 */
public final class ParsedRow implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double label;
  private final String labelName;
  private final int[] indices;
  private final double[] values;
  private final long ordinal;
  private final double weight;
  private final Object[] kept;

  private static final int POSITION_BITS = 40;

  /**
   * The ordinal of the first row of source {@code source} (a file, a DataFrame partition):
   * the source in the high bits, the row's position within it added in the low 40.
   */
  public static long ordinalBase(int source) {
    return (long) source << POSITION_BITS;
  }

  /** The source (file, DataFrame partition) of a row's ordinal: the inverse of {@link #ordinalBase}. */
  static int source(long ordinal) {
    return (int) (ordinal >>> POSITION_BITS);
  }

  /** The 0-based position of a row within its source, from its ordinal. */
  static long position(long ordinal) {
    return ordinal & ((1L << POSITION_BITS) - 1);
  }

  /**
   * @param indices 0-based, strictly increasing feature indices of {@code values}, or
   *     null when {@code values} holds every feature
   * @param ordinal the row's position in the input (unique, increasing with the input order)
   */
  public ParsedRow(double label, int[] indices, double[] values, long ordinal) {
    this(label, indices, values, ordinal, 1.0);
  }

  /** @param weight the row's instance weight: finite and >= 0, its share in the weighted mean loss */
  public ParsedRow(double label, int[] indices, double[] values, long ordinal, double weight) {
    this(label, null, indices, values, ordinal, weight);
  }

  /**
   * @param label the label as a number, NaN when it is not one
   * @param labelName the label's text, shared by the rows of one class (so cached rows do not
   *     each hold a copy), or null when the data gives labels as numbers only
   */
  ParsedRow(double label, String labelName, int[] indices, double[] values, long ordinal, double weight) {
    this(label, labelName, indices, values, ordinal, weight, null);
  }

  /**
   * An unlabelled row that {@code predict} scores.
   *
   * @param kept the values passed through to the output with the row's scores, as
   *     {@link DataReader#keptFields} describes them
   */
  ParsedRow(int[] indices, double[] values, long ordinal, Object[] kept) {
    this(Double.NaN, null, indices, values, ordinal, 1.0, kept);
  }

  private ParsedRow(double label, String labelName, int[] indices, double[] values, long ordinal, double weight,
                    Object[] kept) {
    this.label = label;
    this.labelName = labelName;
    this.indices = indices;
    this.values = values;
    this.ordinal = ordinal;
    this.weight = weight;
    this.kept = kept;
  }

  /** The label as a number; NaN when it is a name. */
  public double label() {
    return label;
  }

  /** The label's text, or null when the data gave only a number. */
  String labelName() {
    return labelName;
  }

  /** The class id of this row's label among {@code classes}, or -1 when it is none of them. */
  public int classIn(LabelIndex classes) {
    return classes.classOf(label, labelName);
  }

  public long ordinal() {
    return ordinal;
  }

  public double weight() {
    return weight;
  }

  /** This row with its instance weight multiplied by {@code factor}. */
  public ParsedRow reweighted(double factor) {
    return new ParsedRow(label, labelName, indices, values, ordinal, weight * factor, kept);
  }

  /**
   * The values this row passes through to {@code predict}'s output (its kept columns, or a
   * LIBSVM row's file and line); null for a row read for training or evaluation.
   */
  public Object[] kept() {
    return kept;
  }

  /** The number of features this row needs: its largest index + 1, or its dense length. */
  public int width() {
    if (indices == null) {
      return values.length;
    }
    return indices.length == 0 ? 0 : indices[indices.length - 1] + 1;
  }

  /**
   * Whether the row can be written as {@code numFeatures} values: a dense row has exactly
   * that many, a sparse row no index beyond them.
   */
  public boolean fits(int numFeatures) {
    return indices == null ? values.length == numFeatures : width() <= numFeatures;
  }

  /**
   * Writes all {@code numFeatures} values of the row to {@code dst[offset...]}, zeros where
   * absent; the row must {@link #fits fit}.
   */
  public void densifyInto(double[] dst, int offset, int numFeatures) {
    if (indices == null) {
      System.arraycopy(values, 0, dst, offset, numFeatures);
      return;
    }
    java.util.Arrays.fill(dst, offset, offset + numFeatures, 0.0);
    for (int i = 0; i < indices.length; i++) {
      dst[offset + indices[i]] = values[i];
    }
  }

  /** Adds the row's non-zero values to a visitor, with their 0-based feature index. */
  public void forEachValue(FeatureVisitor visitor) {
    for (int i = 0; i < values.length; i++) {
      visitor.accept(indices == null ? i : indices[i], values[i]);
    }
  }

  /** Receives one feature value of a row. */
  @FunctionalInterface
  public interface FeatureVisitor {
    void accept(int index, double value);
  }
}
