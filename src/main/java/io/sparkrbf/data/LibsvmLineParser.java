package io.sparkrbf.data;

import io.sparkrbf.model.LabelIndex;
import java.util.Arrays;

/**
 * Parses LIBSVM lines, {@code label index:value ...} with 1-based strictly increasing
 * indices, checking every token: anything malformed, non-finite, out of range or out of
 * order is an {@link InputFormatException} naming the file, line and token. Blank lines
 * and {@code #} comments are skipped.
 *
 * <p>For {@code predict} ({@link #forScoring}) the label is optional and not read: a line
 * whose first token is {@code index:value} has none. Each row then keeps its file and line
 * ({@link ScoringColumns#ROW_ID}).
 */
final class LibsvmLineParser extends LineContext {
  private static final long serialVersionUID = 2L;

  private final int numFeatures;
  private final boolean scoring;

  /**
   * @param numFeatures the largest allowed index, or 0 for no limit
   * @param knownLabels labels a row may have, or null for any
   */
  LibsvmLineParser(String fileName, int numFeatures, LabelIndex knownLabels) {
    this(fileName, numFeatures, knownLabels, false);
  }

  private LibsvmLineParser(String fileName, int numFeatures, LabelIndex knownLabels, boolean scoring) {
    super(fileName, knownLabels);
    this.numFeatures = numFeatures;
    this.scoring = scoring;
  }

  /** Lines read for {@code predict}: labels optional and ignored, each row with its file and line. */
  static LibsvmLineParser forScoring(String fileName, int numFeatures) {
    return new LibsvmLineParser(fileName, numFeatures, null, true);
  }

  @Override
  ParsedRow parse(String line, long lineNumber, long ordinal) {
    int comment = line.indexOf('#');
    String text = comment >= 0 ? line.substring(0, comment) : line;
    int pos = skipSpace(text, 0);
    if (pos == text.length()) {
      return null;
    }
    int end = tokenEnd(text, pos);
    double label = Double.NaN;
    if (!scoring) {
      label = label(text.substring(pos, end), lineNumber);
      pos = end;
    } else if (text.lastIndexOf(':', end - 1) < pos) {
      pos = end; // a label, not read
    }
    int[] indices = new int[8];
    double[] values = new double[8];
    int count = 0;
    int previous = 0;
    for (pos = skipSpace(text, pos); pos < text.length(); pos = skipSpace(text, end)) {
      end = tokenEnd(text, pos);
      String token = text.substring(pos, end);
      int colon = token.indexOf(':');
      if (colon < 0) {
        throw error(lineNumber, token, "expected index:value");
      }
      int index;
      try {
        index = Integer.parseInt(token, 0, colon, 10);
      } catch (NumberFormatException e) {
        throw error(lineNumber, token, "feature index is not an integer");
      }
      if (index <= 0) {
        throw error(lineNumber, token, "feature index must be >= 1");
      }
      if (numFeatures > 0 && index > numFeatures) {
        throw error(lineNumber, token, "feature index exceeds the number of features " + numFeatures);
      }
      if (index <= previous) {
        throw error(lineNumber, token, "feature indices must increase");
      }
      double value = number(token.substring(colon + 1), lineNumber, "feature value");
      previous = index;
      if (count == indices.length) {
        indices = Arrays.copyOf(indices, 2 * count);
        values = Arrays.copyOf(values, 2 * count);
      }
      indices[count] = index - 1;
      values[count++] = value;
    }
    return scoring ? new ParsedRow(Arrays.copyOf(indices, count), Arrays.copyOf(values, count), ordinal,
        new Object[] {fileName, lineNumber})
        : new ParsedRow(label, Arrays.copyOf(indices, count), Arrays.copyOf(values, count), ordinal);
  }

  private static int skipSpace(String s, int pos) {
    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
      pos++;
    }
    return pos;
  }

  private static int tokenEnd(String s, int pos) {
    while (pos < s.length() && !Character.isWhitespace(s.charAt(pos))) {
      pos++;
    }
    return pos;
  }
}
