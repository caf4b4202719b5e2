package io.sparkrbf.data;

import io.sparkrbf.model.LabelIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses CSV data lines against the file's header, fields separated by the spec's
 * {@link InputSpec#csvSeparator} (a comma unless told): every row must have the header's
 * number of fields, a label in the label column and numbers in the feature columns; fields
 * may be surrounded by spaces or double quotes. Blank lines are skipped. The feature columns
 * are every column but the label, or those an {@link InputSpec} selects ({@link FeatureColumns});
 * the others are not parsed.
 *
 * <p>Training reads any non-empty label: the rows keep its text and, when it is a finite
 * number, its value, and the {@link DatasetSummary} decides from all of them whether the
 * classes are numbers or names. Scoring reads labels as the model's classes are: numbers
 * (checked as LIBSVM labels are) or one of its names.
 *
 * <p>A file whose first line is all numbers has no header: it is data like the rest,
 * the label is its first column and the columns are named by position ("column 2").
 *
 * <p>{@code predict} reads rows without their label ({@link #forScoring}): its features
 * are chosen by the rule of {@link ScoringColumns}, and its kept columns are passed through
 * as the text of their fields.
 */
final class CsvLineParser extends LineContext {
  private static final long serialVersionUID = 2L;

  private final int columns;
  private final int labelColumn;
  /** The column of the instance weights, or -1 when every row weighs 1. */
  private final int weightColumn;
  private final int[] featureColumns;
  private final List<String> featureNames;
  /** What each feature's value is called in errors: "value of column 'x'". */
  private final String[] valueNames;
  private final boolean hasHeader;
  /** The columns passed through to {@code predict}'s output, or none. */
  private final int[] keptColumns;
  private final LabelTexts labelTexts = new LabelTexts(true);
  private final char separator;

  /**
   * @param labelColumn the label's column, or -1 for rows read without their label ({@code predict})
   * @param weightColumn the instance weights' column, or -1 when every row weighs 1
   */
  private CsvLineParser(String fileName, char separator, List<String> names, int labelColumn, int weightColumn,
                        int[] featureColumns, boolean hasHeader, LabelIndex knownLabels, int[] keptColumns) {
    super(fileName, knownLabels);
    this.separator = separator;
    this.columns = names.size();
    this.labelColumn = labelColumn;
    this.weightColumn = weightColumn;
    this.featureColumns = featureColumns;
    this.featureNames = Arrays.stream(featureColumns).mapToObj(names::get).toList();
    this.valueNames = featureNames.stream().map(name -> "value of column '" + name + "'").toArray(String[]::new);
    this.hasHeader = hasHeader;
    this.keptColumns = keptColumns;
  }

  private CsvLineParser(String fileName, char separator, List<String> names, int labelColumn, int[] featureColumns,
                        boolean hasHeader, LabelIndex knownLabels, InputSpec spec) {
    this(fileName, separator, names, labelColumn,
        spec.weightCol() == null ? -1 : FeatureColumns.weightColumn(fileName, 1, names, spec), featureColumns,
        hasHeader, knownLabels, new int[0]);
  }

  /**
   * @param firstLine line 1 of the file: the header, or the first data row when it is all numbers
   * @param spec names the label column (null for the first column) and which columns are features
   * @param knownLabels the classes labels must be, or null for any label (training)
   */
  static CsvLineParser fromFirstLine(String fileName, String firstLine, InputSpec spec, LabelIndex knownLabels) {
    List<String> names = columnNames(fileName, firstLine, spec.csvSeparator());
    if (names.stream().allMatch(CsvLineParser::isNumber)) {
      return headerless(fileName, firstLine, names.size(), spec, knownLabels);
    }
    String labelCol = spec.labelCol();
    int label = labelCol == null ? 0 : names.indexOf(labelCol);
    if (label < 0) {
      throw new InputFormatException(fileName, 1, labelCol, "no column named '" + labelCol + "' in the CSV header "
          + names + (names.size() == 1 ? separatorHint(firstLine, spec.csvSeparator()) : ""));
    }
    if (names.size() < 2) {
      throw new InputFormatException(fileName, 1, firstLine, "the CSV header needs a label and at least one feature "
          + "column" + separatorHint(firstLine, spec.csvSeparator()));
    }
    return new CsvLineParser(fileName, spec.csvSeparator(), names, label,
        FeatureColumns.select(fileName, 1, names, label, spec), true, knownLabels, spec);
  }

  private static CsvLineParser headerless(String fileName, String firstLine, int columns, InputSpec spec,
                                          LabelIndex knownLabels) {
    if (spec.labelCol() != null) {
      throw new InputFormatException(fileName, 1, spec.labelCol(), "the file has no CSV header (its first line is all "
          + "numbers), so no column is named '" + spec.labelCol() + "'; the label is the first column");
    }
    if (columns < 2) {
      throw new InputFormatException(fileName, 1, firstLine, "a CSV row needs a label and at least one feature"
          + separatorHint(firstLine, spec.csvSeparator()));
    }
    List<String> names = positionalNames(columns);
    return new CsvLineParser(fileName, spec.csvSeparator(), names, 0,
        FeatureColumns.select(fileName, 1, names, 0, spec), false, knownLabels, spec);
  }

  /**
   * A parser of rows for {@code predict}: no label is read, the feature and kept columns are
   * those {@link FeatureColumns#forScoring} chooses, and each row keeps its kept fields as text.
   *
   * @param numFeatures the model's number of features
   */
  static CsvLineParser forScoring(String fileName, String firstLine, InputSpec spec, ScoringColumns scoring,
                                  int numFeatures) {
    List<String> fields = columnNames(fileName, firstLine, spec.csvSeparator());
    boolean hasHeader = isHeader(firstLine, spec.csvSeparator());
    List<String> names = hasHeader ? fields : positionalNames(fields.size());
    FeatureColumns.Selected selected = FeatureColumns.forScoring(fileName, 1, names, spec, scoring, numFeatures,
        c -> false);
    return new CsvLineParser(fileName, spec.csvSeparator(), names, -1, -1, selected.features(), hasHeader, null,
        selected.kept());
  }

  /**
   * The fields of line 1, the header's names or a first data row's values; a header must
   * name each column once.
   */
  private static List<String> columnNames(String fileName, String firstLine, char separator) {
    if (firstLine == null || firstLine.isBlank()) {
      throw new InputFormatException(fileName, 1, null, "missing CSV header line");
    }
    List<String> names = fields(firstLine, separator);
    if (names.stream().allMatch(CsvLineParser::isNumber)) {
      return names;
    }
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (!seen.add(name)) {
        throw new InputFormatException(fileName, 1, name, "duplicate column name in the CSV header");
      }
    }
    return names;
  }

  /** The names of the columns of a file without a header: "column 1", "column 2", ... */
  private static List<String> positionalNames(int columns) {
    List<String> names = new ArrayList<>();
    for (int c = 1; c <= columns; c++) {
      names.add("column " + c);
    }
    return names;
  }

  /** Whether line 1 of a CSV file is a header (has a field that is not a number) rather than data. */
  static boolean isHeader(String firstLine, char separator) {
    return !fields(firstLine, separator).stream().allMatch(CsvLineParser::isNumber);
  }

  private static boolean isNumber(String field) {
    try {
      Double.parseDouble(field);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Whether line 1 is a header (skipped) rather than data. */
  boolean hasHeader() {
    return hasHeader;
  }

  int numFeatures() {
    return featureColumns.length;
  }

  /** The feature columns' names, in feature order. */
  List<String> featureNames() {
    return featureNames;
  }

  @Override
  ParsedRow parse(String line, long lineNumber, long ordinal) {
    if (line.isBlank()) {
      return null;
    }
    List<String> fields = fields(line, separator);
    if (fields.size() != columns) {
      throw error(lineNumber, line, "row has " + fields.size() + " fields, " + (hasHeader ? "the header" : "line 1")
          + " has " + columns);
    }
    if (labelColumn < 0) {
      Object[] kept = new Object[keptColumns.length];
      for (int k = 0; k < kept.length; k++) {
        kept[k] = fields.get(keptColumns[k]);
      }
      return new ParsedRow(null, features(fields, lineNumber), ordinal, kept);
    }
    String token = fields.get(labelColumn);
    if (knownLabels != null && !knownLabels.isNamed()) {
      return new ParsedRow(label(token, lineNumber), null, features(fields, lineNumber), ordinal,
          weight(fields, lineNumber));
    }
    requirePresent(token, lineNumber);
    LabelTexts.Label label = labelTexts.of(token);
    requireKnown(label.value(), label.name(), token, lineNumber);
    return new ParsedRow(label.value(), label.name(), null, features(fields, lineNumber), ordinal,
        weight(fields, lineNumber));
  }

  private double weight(List<String> fields, long lineNumber) {
    return weightColumn < 0 ? 1.0 : weight(fields.get(weightColumn), lineNumber);
  }

  private double[] features(List<String> fields, long lineNumber) {
    double[] values = new double[featureColumns.length];
    for (int f = 0; f < values.length; f++) {
      values[f] = number(fields.get(featureColumns[f]), lineNumber, valueNames[f]);
    }
    return values;
  }

  /**
   * What to add to an error about a line 1 of one field: the separator it seems to use instead
   * ({@code ;}, a tab or {@code |}) and the option that reads it; empty when none shows.
   */
  static String separatorHint(String firstLine, char separator) {
    for (char other : new char[] {';', '\t', '|', ','}) {
      if (other != separator && firstLine.indexOf(other) >= 0) {
        return "; its fields seem separated by " + separatorName(other) + ", not " + separatorName(separator)
            + ": give --csv-separator " + (other == '\t' ? "tab" : "'" + other + "'");
      }
    }
    return "";
  }

  private static String separatorName(char c) {
    return c == '\t' ? "tabs" : "'" + c + "'";
  }

  /** Splits on {@code separator}, trimming spaces and one pair of surrounding double quotes. */
  static List<String> fields(String line, char separator) {
    List<String> out = new ArrayList<>();
    int start = 0;
    while (true) {
      int end = line.indexOf(separator, start);
      String field = (end < 0 ? line.substring(start) : line.substring(start, end)).strip();
      if (field.length() >= 2 && field.charAt(0) == '"' && field.charAt(field.length() - 1) == '"') {
        field = field.substring(1, field.length() - 1).strip();
      }
      out.add(field);
      if (end < 0) {
        return out;
      }
      start = end + 1;
    }
  }
}
