package io.sparkrbf.data;

import java.util.Optional;

/**
 * Bad input data: names the file, the 1-based line number and the offending token, so
 * the message alone tells the user what to fix.
 */
public final class InputFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final long line;
  private final String token;

  /**
   * @param file the input file as the user named it
   * @param line 1-based line number, or 0 when the problem is not on one line
   * @param token the offending text, or null
   * @param problem what is wrong, e.g. "feature index must be > 0"
   */
  public InputFormatException(String file, long line, String token, String problem) {
    this(file, line, token, problem, null);
  }

  /** As {@link #InputFormatException(String, long, String, String)}, caused by {@code cause} (a read failure). */
  public InputFormatException(String file, long line, String token, String problem, Throwable cause) {
    super(format(file, line, token, problem), cause);
    this.file = file;
    this.line = line;
    this.token = token;
  }

  /**
   * A problem with row {@code row} (1-based) of a file or data set that has rows rather
   * than lines (Parquet, a DataFrame): "file: row r: problem".
   */
  static InputFormatException atRow(String file, long row, String token, String problem) {
    return new InputFormatException(file, 0, token, "row " + row + ": " + problem);
  }

  /** This exception among {@code t} and its causes (Spark wraps task failures), if there. */
  public static Optional<InputFormatException> findCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof InputFormatException e) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  public String file() {
    return file;
  }

  public long line() {
    return line;
  }

  public String token() {
    return token;
  }

  private static String format(String file, long line, String token, String problem) {
    StringBuilder sb = new StringBuilder(file);
    if (line > 0) {
      sb.append(':').append(line);
    }
    sb.append(": ").append(problem);
    if (token != null) {
      sb.append(" (token '").append(token.length() > 60 ? token.substring(0, 57) + "..." : token).append("')");
    }
    return sb.toString();
  }
}
