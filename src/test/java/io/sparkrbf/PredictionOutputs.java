package io.sparkrbf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What {@code predict} wrote to a folder, read back with Spark's readers as a user would: a
 * local session of its own for each read, stopped before returning, since the command line
 * under test starts its own Spark context in this JVM.
 */
public final class PredictionOutputs {
  private PredictionOutputs() {
  }

  /**
   * One output row.
   *
   * @param id the values of the identifying columns, as text
   * @param prediction the predicted class as written ("setosa", "2.0")
   * @param probabilities by class, from the vector column or the {@code p_<class>} columns
   * @param logits by class, or null when the output has no raw scores
   */
  public record Scored(List<String> id, String prediction, double[] probabilities, double[] logits) {
  }

  /**
   * @param columns the column names as Spark reads them: in file order for Parquet and CSV, sorted
   *     for JSON (whose reader sorts the fields it infers)
   */
  public record Output(List<String> columns, List<Scored> rows) {
  }

  /**
   * Reads a folder of {@code format} ({@code parquet}, {@code csv} or {@code json}) files.
   *
   * @param idColumns the columns that identify a row (kept columns, or file and line)
   * @param classes the model's classes as column names show them ({@code p_<class>})
   */
  public static Output read(String path, String format, List<String> idColumns, List<String> classes) {
    return withSpark(spark -> read(spark, path, format, idColumns, classes));
  }

  /** What {@code work} makes with a local Spark session, stopped before this returns. */
  public static <T> T withSpark(Function<SparkSession, T> work) {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("PredictionOutputs")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.ui.showConsoleProgress", "false")
        .getOrCreate();
    try {
      return work.apply(spark);
    } finally {
      spark.stop();
    }
  }

  /** As {@link #read(String, String, List, List)} in a running session. */
  public static Output read(SparkSession spark, String path, String format, List<String> idColumns,
                            List<String> classes) {
    Dataset<Row> df = switch (format) {
      case "parquet" -> spark.read().parquet(path);
      case "csv" -> spark.read().option("header", true).csv(path);
      case "json" -> spark.read().json(path);
      default -> throw new IllegalArgumentException(format);
    };
    List<String> columns = Arrays.asList(df.columns());
    List<Scored> rows = new ArrayList<>();
    for (Row row : df.collectAsList()) {
      List<String> id = idColumns.stream().map(c -> String.valueOf((Object) row.getAs(c))).toList();
      String prediction = String.valueOf((Object) row.getAs("prediction"));
      rows.add(format.equals("parquet")
          ? new Scored(id, prediction, ((Vector) row.getAs("probability")).toArray(),
              columns.contains("rawPrediction") ? ((Vector) row.getAs("rawPrediction")).toArray() : null)
          : new Scored(id, prediction, perClass(row, "p_", classes),
              columns.contains("raw_" + classes.get(0)) ? perClass(row, "raw_", classes) : null));
    }
    return new Output(columns, rows);
  }

  private static double[] perClass(Row row, String prefix, List<String> classes) {
    return classes.stream().mapToDouble(c -> Double.parseDouble(String.valueOf((Object) row.getAs(prefix + c))))
        .toArray();
  }
}
