package io.sparkrbf.predict;

import io.sparkrbf.config.OptionException;
import java.util.Locale;

/**
 * The formats {@code predict} writes its folder of part files in, each through Spark's own
 * writer of that name. Parquet keeps the class probabilities (and raw scores) as one Spark ML
 * vector column, as Spark ML's models give them; the text formats have one number column per
 * class instead, which any tool reads.
 */
public enum OutputFormat {
  PARQUET,
  CSV,
  JSON;

  /** The name on the command line, which is also Spark's name of the data source. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether probabilities and raw scores are vector columns rather than one column per class. */
  boolean vectorColumns() {
    return this == PARQUET;
  }

  /** {@code parquet}, {@code csv} or {@code json}. */
  public static OutputFormat parse(String name) {
    for (OutputFormat f : values()) {
      if (f.id().equals(name.toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new OptionException("unknown output format '" + name + "', expected parquet, csv or json");
  }
}
