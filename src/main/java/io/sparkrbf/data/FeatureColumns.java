package io.sparkrbf.data;

import java.util.List;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * Which of a file's columns are its features, as the user chose them: {@code --feature-cols}
 * (exactly these, in this order), {@code --ignore-cols} (every column but these and the
 * label, in file order) or neither (every column but the label). The readers never parse a
 * column that is not a feature, so ids, strings or timestamps may sit beside the features.
 * {@code predict}, whose data may have no label, chooses by the rule of {@link ScoringColumns}
 * ({@link #forScoring}).
 */
final class FeatureColumns {
  private FeatureColumns() {
  }

  /**
   * The positions in {@code columns} of the feature columns, in feature order; a name the
   * spec gives that is not a column, or is the label's, is an error naming the file. The
   * weight column ({@link InputSpec#weightCol}) is never a feature.
   *
   * @param line the line that names the columns (1 for a CSV header), or 0 (Parquet), for errors
   * @param columns every column of the file, the label's included, in file order
   * @param labelColumn the label's position in {@code columns}
   */
  static int[] select(String file, long line, List<String> columns, int labelColumn, InputSpec spec) {
    String option = spec.featureCols().isEmpty() ? "--ignore-cols" : "--feature-cols";
    List<String> names = spec.featureCols().isEmpty() ? spec.ignoreCols() : spec.featureCols();
    int[] named = new int[names.size()];
    for (int i = 0; i < named.length; i++) {
      named[i] = position(file, line, columns, names.get(i), option);
      if (named[i] == labelColumn) {
        throw new InputFormatException(file, line, names.get(i), option + " names the label column");
      }
    }
    if (!spec.featureCols().isEmpty()) {
      return named;
    }
    int[] notFeatures = spec.weightCol() == null ? named
        : IntStream.concat(IntStream.of(named), IntStream.of(weightColumn(file, line, columns, spec))).toArray();
    int[] features = allBut(columns.size(), labelColumn, notFeatures);
    if (features.length == 0) {
      throw new InputFormatException(file, line, null, "no feature columns: the file has only the label"
          + (named.length == 0 ? "" : " and the columns of --ignore-cols"));
    }
    return features;
  }

  /** The position of the spec's weight column in {@code columns}, or an error naming the file when it has none. */
  static int weightColumn(String file, long line, List<String> columns, InputSpec spec) {
    return position(file, line, columns, spec.weightCol(), "--weight-col");
  }

  /**
   * The columns {@code predict} reads from a file, by the rule {@link ScoringColumns} states: the
   * features' positions in {@code columns}, in feature order, and the kept columns' positions, in
   * the order given. A name the options or {@code scoring} give that is not a column, or features
   * that are not the model's number (nor a single vector column), are errors naming the file and
   * the columns.
   *
   * @param numFeatures the model's number of features
   * @param vector whether the column at a position holds feature vectors (Parquet)
   */
  static Selected forScoring(String file, long line, List<String> columns, InputSpec spec, ScoringColumns scoring,
                             int numFeatures, IntPredicate vector) {
    int[] kept = positions(file, line, columns, scoring.keep(), "--keep-cols");
    if (!spec.featureCols().isEmpty()) {
      int label = spec.labelCol() == null ? -1 : columns.indexOf(spec.labelCol());
      return new Selected(select(file, line, columns, label, spec), kept);
    }
    int[] ignored = positions(file, line, columns, spec.ignoreCols(), "--ignore-cols");
    List<String> recorded = scoring.modelFeatures();
    if (recorded != null && columns.containsAll(recorded)) {
      return new Selected(recorded.stream().mapToInt(columns::indexOf).toArray(), kept);
    }
    int[] leftOut = IntStream.concat(IntStream.of(ignored), IntStream.of(kept)).toArray();
    int[] features = allBut(columns.size(), columns.indexOf(ScoringColumns.labelColumn(spec)), leftOut);
    if (features.length != numFeatures && !(features.length == 1 && vector.test(features[0]))) {
      List<String> names = IntStream.of(features).mapToObj(columns::get).toList();
      throw new InputFormatException(file, line, null, "the columns left as features are " + names + ", "
          + features.length + " of them, but the model takes " + numFeatures + " features"
          + (recorded == null ? "" : " (it was trained on " + recorded + ")") + ": name them with --feature-cols, "
          + "or leave columns out with --ignore-cols or --label-col");
    }
    return new Selected(features, kept);
  }

  /**
   * The feature and kept columns of a scored file.
   *
   * @param features positions of the feature columns, in feature order
   * @param kept positions of the columns passed through, in the order given
   */
  record Selected(int[] features, int[] kept) {
  }

  /** The positions of {@code names} in {@code columns}, each as {@link #position} finds it. */
  private static int[] positions(String file, long line, List<String> columns, List<String> names, String option) {
    return names.stream().mapToInt(name -> position(file, line, columns, name, option)).toArray();
  }

  /** The position of {@code name} in {@code columns}; a name that is not a column is an error naming it. */
  private static int position(String file, long line, List<String> columns, String name, String option) {
    int c = columns.indexOf(name);
    if (c < 0) {
      throw new InputFormatException(file, line, name, "no column named '" + name + "' (" + option
          + "); the columns are " + columns);
    }
    return c;
  }

  /** Every position below {@code count} but {@code label} and those of {@code others}, in order. */
  private static int[] allBut(int count, int label, int[] others) {
    return IntStream.range(0, count).filter(c -> c != label && IntStream.of(others).noneMatch(o -> o == c)).toArray();
  }
}
