package io.sparkrbf.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Which of a file's columns are its features, as the user chose them: {@code --feature-cols}
 * (exactly these, in this order), {@code --ignore-cols} (every column but these and the
 * label, in file order) or neither (every column but the label). The readers never parse a
 * column that is not a feature, so ids, strings or timestamps may sit beside the features.
 */
final class FeatureColumns {
  private FeatureColumns() {
  }

  /**
   * The positions in {@code columns} of the feature columns, in feature order; a name the
   * spec gives that is not a column, or is the label's, is an error naming the file.
   *
   * @param line the line that names the columns (1 for a CSV header), or 0 (Parquet), for errors
   * @param columns every column of the file, the label's included, in file order
   * @param labelColumn the label's position in {@code columns}
   */
  static int[] select(String file, long line, List<String> columns, int labelColumn, InputSpec spec) {
    List<Integer> named = new ArrayList<>();
    String option = spec.featureCols().isEmpty() ? "--ignore-cols" : "--feature-cols";
    for (String name : spec.featureCols().isEmpty() ? spec.ignoreCols() : spec.featureCols()) {
      int c = columns.indexOf(name);
      if (c < 0) {
        throw new InputFormatException(file, line, name, "no column named '" + name + "' (" + option
            + "); the columns are " + columns);
      }
      if (c == labelColumn) {
        throw new InputFormatException(file, line, name, option + " names the label column");
      }
      named.add(c);
    }
    if (!spec.featureCols().isEmpty()) {
      return named.stream().mapToInt(Integer::intValue).toArray();
    }
    List<Integer> features = new ArrayList<>();
    for (int c = 0; c < columns.size(); c++) {
      if (c != labelColumn && !named.contains(c)) {
        features.add(c);
      }
    }
    if (features.isEmpty()) {
      throw new InputFormatException(file, line, null, "no feature columns: the file has only the label"
          + (named.isEmpty() ? "" : " and the columns of --ignore-cols"));
    }
    return features.stream().mapToInt(Integer::intValue).toArray();
  }
}
