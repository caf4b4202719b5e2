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

  /** CSV for {@code .csv} and {@code .csv.gz} names, Parquet for {@code .parquet}, LIBSVM for everything else. */
  public static InputFormat fromPath(String path) {
    String p = path.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
    if (p.endsWith(".parquet")) {
      return PARQUET;
    }
    return p.endsWith(".csv") || p.endsWith(".csv.gz") ? CSV : LIBSVM;
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
