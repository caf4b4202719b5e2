package io.sparkrbf.predict;

import io.sparkrbf.config.OptionException;
import io.sparkrbf.model.LabelIndex;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns {@code predict} writes, in this order: the input's passed-through columns (kept
 * columns with their values as read, or a LIBSVM row's {@code file} and {@code line});
 * {@code prediction}, the predicted class as the model has it (a string for named classes, a
 * double for numbered ones); the class probabilities, as one Spark ML vector column
 * {@code probability} in the model's class order (Parquet) or one double column
 * {@code p_<class>} per class (CSV, JSON); and with raw scores the logits the same way, as
 * {@code rawPrediction} or {@code raw_<class>}. One row of output per scored input row, as a
 * Spark row ({@link #row}) or a line of the single CSV file ({@link #csvLine}).
 */
final class PredictionColumns implements Serializable {
  private static final long serialVersionUID = 1L;

  static final String PREDICTION = "prediction";
  static final String PROBABILITY = "probability";
  static final String RAW_PREDICTION = "rawPrediction";
  private static final Pattern NEEDS_QUOTES = Pattern.compile("[,\"\r\n]");

  private final List<StructField> kept;
  private final LabelIndex classes;
  /** Each class's prediction value, by class id: its name (String) or its number (Double). */
  private final List<Object> predictions;
  private final boolean vectors;
  private final boolean raw;

  /**
   * @param kept the passed-through columns, as the reader gives them
   * @param vectors whether probabilities and raw scores are vector columns (else one column per class)
   * @param raw whether the raw scores (logits) are written
   */
  PredictionColumns(List<StructField> kept, LabelIndex classes, boolean vectors, boolean raw) {
    this.kept = List.copyOf(kept);
    this.classes = classes;
    this.predictions = classes.jsonValues();
    this.vectors = vectors;
    this.raw = raw;
    requireDistinct(kept.stream().map(StructField::name).toList(), classes, vectors, raw);
  }

  /**
   * Refuses passed-through columns whose names the output columns take (exit 2): checked
   * before Spark starts, from the names alone.
   */
  static void requireDistinct(List<String> kept, LabelIndex classes, boolean vectors, boolean raw) {
    Set<String> taken = new HashSet<>(kept);
    for (String name : scoreNames(classes, vectors, raw)) {
      if (!taken.add(name)) {
        throw new OptionException("--keep-cols: the output has a column '" + name + "' of its own; the kept "
            + "columns are " + kept);
      }
    }
  }

  /** The names of the columns after the kept ones. */
  private static List<String> scoreNames(LabelIndex classes, boolean vectors, boolean raw) {
    List<String> names = new ArrayList<>(List.of(PREDICTION));
    if (vectors) {
      names.add(PROBABILITY);
      if (raw) {
        names.add(RAW_PREDICTION);
      }
      return names;
    }
    for (int c = 0; c < classes.size(); c++) {
      names.add("p_" + classes.name(c));
    }
    for (int c = 0; raw && c < classes.size(); c++) {
      names.add("raw_" + classes.name(c));
    }
    return names;
  }

  /** Every column's name and Spark type. */
  StructType schema() {
    List<StructField> fields = new ArrayList<>();
    kept.forEach(f -> fields.add(DataTypes.createStructField(f.name(), f.dataType(), true)));
    List<String> names = scoreNames(classes, vectors, raw);
    fields.add(DataTypes.createStructField(PREDICTION, classes.isNamed() ? DataTypes.StringType
        : DataTypes.DoubleType, false));
    DataType scores = vectors ? SQLDataTypes.VectorType() : DataTypes.DoubleType;
    for (String name : names.subList(1, names.size())) {
      fields.add(DataTypes.createStructField(name, scores, false));
    }
    return DataTypes.createStructType(fields);
  }

  /**
   * One row of output.
   *
   * @param keptValues the row's passed-through values
   * @param predicted the predicted class id
   * @param probabilities the class probabilities, by class id (kept, not copied)
   * @param logits the raw scores by class id, or null when they are not written
   */
  Row row(Object[] keptValues, int predicted, double[] probabilities, double[] logits) {
    List<Object> values = new ArrayList<>(keptValues.length + 1 + 2 * probabilities.length);
    values.addAll(List.of(keptValues));
    values.add(predictions.get(predicted));
    addScores(values, probabilities);
    if (raw) {
      addScores(values, logits);
    }
    return RowFactory.create(values.toArray());
  }

  private void addScores(List<Object> values, double[] scores) {
    if (vectors) {
      values.add(Vectors.dense(scores));
      return;
    }
    for (double s : scores) {
      values.add(s);
    }
  }

  /** The header line of the single CSV file, with its line break. */
  String csvHeader() {
    List<String> names = new ArrayList<>(kept.stream().map(StructField::name).toList());
    names.addAll(scoreNames(classes, false, raw));
    return String.join(",", names.stream().map(PredictionColumns::csvField).toList()) + "\n";
  }

  /**
   * One line of the single CSV file, as {@link #row} without vectors, with its line break:
   * kept values as text (empty for null), the class as users write it ({@link LabelIndex#name}).
   */
  String csvLine(Object[] keptValues, int predicted, double[] probabilities, double[] logits) {
    StringBuilder sb = new StringBuilder(16 * (keptValues.length + 1 + 2 * probabilities.length));
    for (Object value : keptValues) {
      sb.append(value == null ? "" : csvField(value.toString())).append(',');
    }
    sb.append(csvField(classes.name(predicted)));
    for (double p : probabilities) {
      sb.append(',').append(p);
    }
    for (int c = 0; raw && c < logits.length; c++) {
      sb.append(',').append(logits[c]);
    }
    return sb.append('\n').toString();
  }

  /** A text as one CSV field: quoted (quotes doubled) when it holds a comma, a quote or a line break. */
  private static String csvField(String text) {
    return NEEDS_QUOTES.matcher(text).find() ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }
}
