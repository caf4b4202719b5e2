package io.sparkrbf.cli;

import io.sparkrbf.data.InputFormat;
import io.sparkrbf.data.InputSpec;
import java.util.List;
import picocli.CommandLine.Option;

/** How input files are read: format, feature count, label column, feature columns, partitions. */
final class InputOptions {
  @Option(names = "--format", paramLabel = "libsvm|csv|parquet",
      description = "Input format; default by file extension (.csv, .csv.gz = csv, .parquet = parquet, else libsvm).")
  String format;

  @Option(names = "--num-features", paramLabel = "D",
      description = "Number of features; 0 infers it from the data (default: ${DEFAULT-VALUE}).")
  int numFeatures;

  @Option(names = "--label-col", paramLabel = "NAME",
      description = "Label column by name, of numbers or names; default the first column (CSV) or \"label\" (Parquet).")
  String labelCol;

  @Option(names = "--feature-cols", paramLabel = "NAME,...", split = ",",
      description = "CSV, Parquet: the feature columns, exactly these in this order; other columns are not read "
          + "(default: every column but the label).")
  List<String> featureCols;

  @Option(names = "--ignore-cols", paramLabel = "NAME,...", split = ",",
      description = "CSV, Parquet: columns that are not features (ids, strings, timestamps), not read; every other "
          + "column but the label is a feature.")
  List<String> ignoreCols;

  @Option(names = "--partitions", paramLabel = "P",
      description = "Partitions to spread the rows over; 0 keeps the input splits, but at least "
          + "Spark's default parallelism (default: ${DEFAULT-VALUE}).")
  int partitions;

  InputSpec spec(String path) {
    return new InputSpec(path, format == null ? null : InputFormat.parse(format), numFeatures, labelCol, partitions,
        featureCols, ignoreCols);
  }
}
