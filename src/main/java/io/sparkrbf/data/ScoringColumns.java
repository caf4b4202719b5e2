package io.sparkrbf.data;

import io.sparkrbf.config.OptionException;
import java.io.Serializable;
import java.util.List;

/**
 * How {@code predict} reads a data set that may have no label, besides its {@link InputSpec}:
 * the columns passed through to the output, and the feature column names the model recorded
 * in training. A label column, when there is one, is not read unless kept.
 *
 * <p>The feature columns of a CSV or Parquet file are, in this order of precedence: the
 * spec's {@code --feature-cols}; else {@code modelFeatures} when the file has every one of
 * them, by name; else every column but the label ({@code --label-col}, else a column named
 * {@code label} if there is one), the spec's {@code --ignore-cols} and the kept columns, which
 * must then be exactly the model's number of features, or one vector column (Parquet). LIBSVM
 * rows keep their file and 1-based line instead of named columns ({@link #ROW_ID}).
 *
 * @param keep columns passed through to the output as they are, in this order (CSV, Parquet)
 * @param modelFeatures the feature column names the model was trained on, or null when it
 *     recorded none (LIBSVM training data, a model older than the record)
 */
public record ScoringColumns(List<String> keep, List<String> modelFeatures) implements Serializable {
  /** What identifies a LIBSVM row in the output: the file as listed, and the 1-based line in it. */
  public static final List<String> ROW_ID = List.of("file", "line");

  public ScoringColumns {
    keep = InputSpec.columnNames("--keep-cols", keep);
    modelFeatures = modelFeatures == null ? null : List.copyOf(modelFeatures);
  }

  /** Refuses kept columns for LIBSVM input, which has no named columns (exit 2, before Spark starts). */
  public void requireColumnsIn(InputSpec spec) {
    if (!keep.isEmpty() && spec.effectiveFormat() == InputFormat.LIBSVM) {
      throw new OptionException("--keep-cols passes CSV or Parquet columns through, but " + spec.path() + " is read "
          + "as LIBSVM, which has none: its rows are identified by the columns " + String.join(" and ", ROW_ID)
          + " (give --format csv or parquet if it is one of those)");
    }
  }

  /** The label column a scored file is taken to have, if it has a column of that name. */
  static String labelColumn(InputSpec spec) {
    return spec.labelCol() != null ? spec.labelCol() : ParquetRows.DEFAULT_LABEL;
  }
}
