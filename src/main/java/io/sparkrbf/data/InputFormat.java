package io.sparkrbf.data;

import io.sparkrbf.config.OptionException;
import java.util.Locale;

/** The formats training and scoring data can come in. */
public enum InputFormat {
  /** {@code label index:value ...}, 1-based increasing indices, zeros may be left out. */
  LIBSVM,
  /** A header row, then one row of numbers per line; one column holds the label. */
  CSV,
  /** Parquet: a label column and a Spark ML vector column {@code features}, or numeric feature columns. */
  PARQUET;

  /** The format the file name says (see {@link #byExtension}), LIBSVM for any other name. */
  public static InputFormat fromPath(String path) {
    InputFormat named = byExtension(path);
    return named == null ? LIBSVM : named;
  }

  /**
   * The format the file name says, with or without {@code .gz}: CSV for {@code .csv}, Parquet for
   * {@code .parquet}, LIBSVM for {@code .libsvm} and {@code .svm}; null for any other name ({@code .txt},
   * {@code .data}, none), whose content says ({@link InputFormatDetector}).
   */
  public static InputFormat byExtension(String path) {
    String p = path.toLowerCase(Locale.ROOT).replaceAll("/+$", "").replaceAll("\\.gz$", "");
    if (p.endsWith(".parquet")) {
      return PARQUET;
    }
    if (p.endsWith(".csv")) {
      return CSV;
    }
    return p.endsWith(".libsvm") || p.endsWith(".svm") ? LIBSVM : null;
  }

  /** The option value that names this format: {@code libsvm}, {@code csv} or {@code parquet}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format named on the command line ({@code libsvm}, {@code csv} or {@code parquet}). */
  public static InputFormat parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "libsvm" -> LIBSVM;
      case "csv" -> CSV;
      case "parquet" -> PARQUET;
      default -> throw new OptionException("unknown format '" + name + "', expected libsvm, csv or parquet");
    };
  }
}
