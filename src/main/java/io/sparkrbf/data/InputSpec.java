package io.sparkrbf.data;

import io.sparkrbf.config.OptionException;
import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a data set is and how to read it, as the user gave it.
 *
 * @param path a file, a directory or a glob, on any Hadoop file system
 * @param format LIBSVM, CSV or Parquet; null picks by the file extension (LIBSVM for a name that says none)
 * @param numFeatures D; 0 infers it from the data (LIBSVM) or the header (CSV)
 * @param labelCol the CSV or Parquet label column; null means the first column (CSV) or "label" (Parquet)
 * @param partitions partitions to spread the rows over; 0 keeps Spark's input splits
 * @param featureCols the CSV or Parquet feature columns, exactly these in this order; empty
 *     for every column but the label and {@code ignoreCols}
 * @param ignoreCols CSV or Parquet columns that are not features (ids, strings, timestamps);
 *     at most one of {@code featureCols} and {@code ignoreCols} is not empty
 * @param csvSeparator the character between CSV fields: a comma, or another one such as {@code ;} or a tab
 * @param weightCol the CSV or Parquet column of the rows' instance weights (finite, >= 0), which is then not a
 *     feature; null when every row weighs 1
 */
public record InputSpec(String path, InputFormat format, int numFeatures, String labelCol, int partitions,
                        List<String> featureCols, List<String> ignoreCols, char csvSeparator, String weightCol)
    implements Serializable {

  public InputSpec {
    if (path == null || path.isBlank()) {
      throw new OptionException("no input path given");
    }
    if (numFeatures < 0) {
      throw new OptionException("--num-features must be >= 1, got " + numFeatures);
    }
    if (partitions < 0) {
      throw new OptionException("--partitions must be >= 1, got " + partitions);
    }
    featureCols = columnNames("--feature-cols", featureCols);
    ignoreCols = columnNames("--ignore-cols", ignoreCols);
    if (Character.isLetterOrDigit(csvSeparator) || "\".+-\r\n".indexOf(csvSeparator) >= 0) {
      throw new OptionException("--csv-separator cannot be '" + csvSeparator
          + "': give a character such as , ; | or tab");
    }
    if (!featureCols.isEmpty() && !ignoreCols.isEmpty()) {
      throw new OptionException("--feature-cols and --ignore-cols exclude each other: give the feature columns or "
          + "the columns to ignore");
    }
    if (weightCol != null && weightCol.isBlank()) {
      throw new OptionException("--weight-col needs a column name");
    }
    if (weightCol != null && (featureCols.contains(weightCol) || weightCol.equals(labelCol))) {
      throw new OptionException("--weight-col " + weightCol + " is also named as the "
          + (weightCol.equals(labelCol) ? "label column (--label-col)" : "feature column (--feature-cols)"));
    }
    if ((format != null ? format : InputFormat.byExtension(path)) == InputFormat.LIBSVM && weightCol != null) {
      throw new OptionException("--weight-col names a CSV or Parquet column, but " + path + " is read as LIBSVM, "
          + "which has no columns (give --format csv or parquet if it is one of those)");
    }
    if ((format != null ? format : InputFormat.byExtension(path)) == InputFormat.LIBSVM
        && !(featureCols.isEmpty() && ignoreCols.isEmpty())) {
      throw new OptionException((featureCols.isEmpty() ? "--ignore-cols" : "--feature-cols") + " selects CSV or "
          + "Parquet columns, but " + path + " is read as LIBSVM, which has none (give --format csv or parquet if "
          + "it is one of those)");
    }
  }

  /** Every row weighs 1. */
  public InputSpec(String path, InputFormat format, int numFeatures, String labelCol, int partitions,
                   List<String> featureCols, List<String> ignoreCols, char csvSeparator) {
    this(path, format, numFeatures, labelCol, partitions, featureCols, ignoreCols, csvSeparator, null);
  }

  /** Every column but the label is a feature. */
  public InputSpec(String path, InputFormat format, int numFeatures, String labelCol, int partitions) {
    this(path, format, numFeatures, labelCol, partitions, List.of(), List.of());
  }

  /** CSV fields separated by commas. */
  public InputSpec(String path, InputFormat format, int numFeatures, String labelCol, int partitions,
                   List<String> featureCols, List<String> ignoreCols) {
    this(path, format, numFeatures, labelCol, partitions, featureCols, ignoreCols, ',');
  }

  /** The format to read: the given one, else by the file extension. */
  public InputFormat effectiveFormat() {
    return format != null ? format : InputFormat.fromPath(path);
  }

  /** Whether the user chose the feature columns (by {@code featureCols} or {@code ignoreCols}). */
  public boolean selectsColumns() {
    return !featureCols.isEmpty() || !ignoreCols.isEmpty();
  }

  /** The same input read with a known number of features. */
  public InputSpec withNumFeatures(int d) {
    return new InputSpec(path, format, d, labelCol, partitions, featureCols, ignoreCols, csvSeparator, weightCol);
  }

  /** Another data set read the same way. */
  public InputSpec withPath(String otherPath) {
    return new InputSpec(otherPath, format, numFeatures, labelCol, partitions, featureCols, ignoreCols, csvSeparator,
        weightCol);
  }

  /** The same input read as {@code readAs}. */
  public InputSpec withFormat(InputFormat readAs) {
    return new InputSpec(path, readAs, numFeatures, labelCol, partitions, featureCols, ignoreCols, csvSeparator,
        weightCol);
  }

  /** The same input with its rows' instance weights in column {@code name} (null: every row weighs 1). */
  public InputSpec withWeightCol(String name) {
    return new InputSpec(path, format, numFeatures, labelCol, partitions, featureCols, ignoreCols, csvSeparator, name);
  }

  /** The names as given, trimmed, each once; null is none. */
  static List<String> columnNames(String option, List<String> names) {
    if (names == null) {
      return List.of();
    }
    List<String> trimmed = names.stream().map(String::strip).toList();
    Set<String> seen = new HashSet<>();
    for (String name : trimmed) {
      if (name.isEmpty()) {
        throw new OptionException(option + " has an empty column name: " + String.join(",", names));
      }
      if (!seen.add(name)) {
        throw new OptionException(option + " names the column '" + name + "' twice");
      }
    }
    return trimmed;
  }
}
