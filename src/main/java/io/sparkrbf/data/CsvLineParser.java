package io.sparkrbf.data;

import io.sparkrbf.model.LabelIndex;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses CSV data lines against the file's header: every row must have the header's
 * number of fields, a numeric label in the label column and numbers elsewhere; fields may
 * be surrounded by spaces or double quotes. Blank lines are skipped.
 *
 * <p>A file whose first line is all numbers has no header: it is data like the rest,
 * the label is its first column and the columns are named by position ("column 2").
 */
final class CsvLineParser extends LineContext {
  private static final long serialVersionUID = 1L;

  private final int columns;
  private final int labelColumn;
  private final List<String> featureNames;
  private final boolean hasHeader;

  private CsvLineParser(String fileName, int columns, int labelColumn, List<String> featureNames, boolean hasHeader,
                        LabelIndex knownLabels) {
    super(fileName, knownLabels);
    this.columns = columns;
    this.labelColumn = labelColumn;
    this.featureNames = featureNames;
    this.hasHeader = hasHeader;
  }

  /**
   * @param firstLine line 1 of the file: the header, or the first data row when it is all numbers
   * @param labelCol the label column's name, or null for the first column
   */
  static CsvLineParser fromFirstLine(String fileName, String firstLine, String labelCol, LabelIndex knownLabels) {
    if (firstLine == null || firstLine.isBlank()) {
      throw new InputFormatException(fileName, 1, null, "missing CSV header line");
    }
    List<String> names = fields(firstLine);
    if (names.stream().allMatch(CsvLineParser::isNumber)) {
      return headerless(fileName, firstLine, names.size(), labelCol, knownLabels);
    }
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (!seen.add(name)) {
        throw new InputFormatException(fileName, 1, name, "duplicate column name in the CSV header");
      }
    }
    int label = labelCol == null ? 0 : names.indexOf(labelCol);
    if (label < 0) {
      throw new InputFormatException(fileName, 1, labelCol, "no column named '" + labelCol + "' in the CSV header " + names);
    }
    if (names.size() < 2) {
      throw new InputFormatException(fileName, 1, firstLine, "the CSV header needs a label and at least one feature column");
    }
    List<String> features = new ArrayList<>(names);
    features.remove(label);
    return new CsvLineParser(fileName, names.size(), label, List.copyOf(features), true, knownLabels);
  }

  private static CsvLineParser headerless(String fileName, String firstLine, int columns, String labelCol,
                                          LabelIndex knownLabels) {
    if (labelCol != null) {
      throw new InputFormatException(fileName, 1, labelCol, "the file has no CSV header (its first line is all "
          + "numbers), so no column is named '" + labelCol + "'; the label is the first column");
    }
    if (columns < 2) {
      throw new InputFormatException(fileName, 1, firstLine, "a CSV row needs a label and at least one feature");
    }
    List<String> features = new ArrayList<>();
    for (int c = 2; c <= columns; c++) {
      features.add("column " + c);
    }
    return new CsvLineParser(fileName, columns, 0, List.copyOf(features), false, knownLabels);
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
    return columns - 1;
  }

  List<String> featureNames() {
    return featureNames;
  }

  @Override
  ParsedRow parse(String line, long lineNumber, long ordinal) {
    if (line.isBlank()) {
      return null;
    }
    List<String> fields = fields(line);
    if (fields.size() != columns) {
      throw error(lineNumber, line, "row has " + fields.size() + " fields, " + (hasHeader ? "the header" : "line 1")
          + " has " + columns);
    }
    double label = label(fields.get(labelColumn), lineNumber);
    double[] values = new double[columns - 1];
    int f = 0;
    for (int c = 0; c < columns; c++) {
      if (c != labelColumn) {
        values[f] = number(fields.get(c), lineNumber, "value of column '" + featureNames.get(f) + "'");
        f++;
      }
    }
    return new ParsedRow(label, null, values, ordinal);
  }

  /** Splits on commas, trimming spaces and one pair of surrounding double quotes. */
  static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    int start = 0;
    while (true) {
      int comma = line.indexOf(',', start);
      String field = (comma < 0 ? line.substring(start) : line.substring(start, comma)).strip();
      if (field.length() >= 2 && field.charAt(0) == '"' && field.charAt(field.length() - 1) == '"') {
        field = field.substring(1, field.length() - 1).strip();
      }
      out.add(field);
      if (comma < 0) {
        return out;
      }
      start = comma + 1;
    }
  }
}
