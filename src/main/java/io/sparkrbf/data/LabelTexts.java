package io.sparkrbf.data;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * The label texts of one task's rows, each distinct text read once: the rows of a class
 * share one String (a cached row holds a reference to it, not a copy of its own), and a
 * column of names is not parsed as a number, failing with an exception, on every row. Each
 * task works on its own deserialized copy, so there is no locking; past
 * {@link SummaryAccumulator#MAX_LABELS} distinct texts (not a classification data set, which
 * the summary refuses) it stops remembering new ones.
 */
final class LabelTexts implements Serializable {
  private static final long serialVersionUID = 1L;

  private final boolean numbersCount;
  private transient Map<String, Label> seen;

  /** A label as rows carry it: its number, NaN when it is not one, and its text. */
  record Label(double value, String name) {
  }

  /**
   * @param numbersCount whether a text that is a finite number is that number (CSV) or
   *     only a name (a Parquet string column)
   */
  LabelTexts(boolean numbersCount) {
    this.numbersCount = numbersCount;
  }

  /** The label a (non-empty) text stands for. */
  Label of(String text) {
    if (seen == null) {
      seen = new HashMap<>();
    }
    Label label = seen.get(text);
    if (label == null) {
      label = new Label(numbersCount ? finiteOrNaN(text) : Double.NaN, text);
      if (seen.size() <= SummaryAccumulator.MAX_LABELS) {
        seen.put(text, label);
      }
    }
    return label;
  }

  private static double finiteOrNaN(String text) {
    try {
      double v = Double.parseDouble(text);
      return Double.isFinite(v) ? v : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
