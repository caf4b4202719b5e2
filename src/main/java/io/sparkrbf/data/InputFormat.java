package io.sparkrbf.data;

import java.util.Locale;

/** The text formats training and scoring data can come in. */
public enum InputFormat {
  /** {@code label index:value ...}, 1-based increasing indices, zeros may be left out. */
  LIBSVM,
  /** A header row, then one row of numbers per line; one column holds the label. */
  CSV;

  /** CSV for {@code .csv} and {@code .csv.gz} names, LIBSVM for everything else. */
  public static InputFormat fromPath(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    return p.endsWith(".csv") || p.endsWith(".csv.gz") ? CSV : LIBSVM;
  }

  /** The format named on the command line ({@code libsvm} or {@code csv}). */
  public static InputFormat parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "libsvm" -> LIBSVM;
      case "csv" -> CSV;
      default -> throw new IllegalArgumentException("unknown format '" + name + "', expected libsvm or csv");
    };
  }
}
