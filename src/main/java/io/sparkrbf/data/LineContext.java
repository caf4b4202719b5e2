package io.sparkrbf.data;

import io.sparkrbf.model.LabelIndex;
import java.io.Serializable;

/**
 * What every line parser needs besides the text: the file name for error messages, the
 * known labels to check against, and the number parsing that rejects NaN and infinity.
 */
abstract class LineContext implements Serializable {
  private static final long serialVersionUID = 1L;

  protected final String fileName;
  protected final LabelIndex knownLabels;

  LineContext(String fileName, LabelIndex knownLabels) {
    this.fileName = fileName;
    this.knownLabels = knownLabels;
  }

  /** Parses one data line; null for a line without data (blank or comment). */
  abstract ParsedRow parse(String line, long lineNumber, long ordinal);

  /** A finite number, or an error naming {@code what}, the line and the token. */
  protected double number(String token, long line, String what) {
    double v;
    try {
      v = Double.parseDouble(token);
    } catch (NumberFormatException e) {
      throw error(line, token, what + " is not a number");
    }
    if (!Double.isFinite(v)) {
      throw error(line, token, what + " must be a finite number");
    }
    return v;
  }

  protected double label(String token, long line) {
    if (token.isEmpty()) {
      throw error(line, token, "missing label");
    }
    double label = number(token, line, "label");
    if (knownLabels != null && knownLabels.classOf(label) < 0) {
      throw error(line, token, "label " + LabelIndex.format(label) + " is not one of the model's classes " + knownLabels);
    }
    return label;
  }

  protected InputFormatException error(long line, String token, String problem) {
    return new InputFormatException(fileName, line, token, problem);
  }
}
