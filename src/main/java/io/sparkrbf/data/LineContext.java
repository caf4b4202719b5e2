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

  /** An instance weight: a finite number >= 0. */
  protected double weight(String token, long line) {
    double w = number(token, line, "weight");
    if (w < 0) {
      throw error(line, token, "weight must be >= 0");
    }
    return w;
  }

  /** A numeric label, one of the known classes when they are known. */
  protected double label(String token, long line) {
    requirePresent(token, line);
    double label = number(token, line, "label");
    requireKnown(label, null, token, line);
    return label;
  }

  protected void requirePresent(String labelToken, long line) {
    if (labelToken.isEmpty()) {
      throw error(line, labelToken, "missing label");
    }
  }

  /** Refuses a label (value and text, as {@link LabelIndex#classOf} takes them) that is none of the known classes. */
  protected void requireKnown(double value, String name, String token, long line) {
    if (knownLabels != null && knownLabels.classOf(value, name) < 0) {
      throw error(line, token, "label " + (name != null ? name : LabelIndex.format(value))
          + " is not one of the model's classes " + knownLabels);
    }
  }

  protected InputFormatException error(long line, String token, String problem) {
    return new InputFormatException(fileName, line, token, problem);
  }
}
