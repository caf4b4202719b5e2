package io.sparkrbf.cli;

import io.sparkrbf.config.OptionException;
import io.sparkrbf.data.InputFormat;
import io.sparkrbf.data.InputFormatDetector;
import io.sparkrbf.data.InputSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * How input files are read: format, CSV separator, feature count, label column, feature columns,
 * partitions. The format of each input is decided before Spark starts ({@link #resolve}):
 * {@code --format}, else the file names, else the content; an input error then says which was
 * assumed and which {@code --format} would read the file otherwise ({@link #formatHint}).
 */
final class InputOptions {
  private static final Logger LOG = LoggerFactory.getLogger(InputOptions.class);

  @Option(names = "--format", paramLabel = "libsvm|csv|parquet",
      description = "Input format; default by the file name (.csv, .csv.gz = csv, .parquet = parquet, .libsvm, .svm "
          + "= libsvm) or the names of a folder's files, else by the content (Parquet's magic bytes; csv when the "
          + "first line has , ; tab or | and is not LIBSVM's index:value pairs; else libsvm).")
  String format;

  @Option(names = "--csv-separator", paramLabel = "CHAR",
      description = "CSV: the character between fields, e.g. ';' or tab (default: ,).")
  String csvSeparator;

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

  /** How the format of each input not read by --format was chosen, by path. */
  private final Map<String, Assumed> assumed = new LinkedHashMap<>();
  private Configuration conf;

  /** The input at {@code path} as the options say; a null format picks by the file name. */
  InputSpec spec(String path) {
    return new InputSpec(path, format == null ? null : InputFormat.parse(format), numFeatures, labelCol, partitions,
        featureCols, ignoreCols, separator());
  }

  /** The input at {@code path} with its format decided: {@code --format}, else the file names, else the content. */
  InputSpec resolve(String path, Configuration hadoop) {
    InputSpec spec = spec(path);
    if (spec.format() != null) {
      return spec;
    }
    conf = hadoop;
    InputFormat named = InputFormat.byExtension(path) != null ? InputFormat.byExtension(path)
        : InputFormatDetector.byFileNames(path, hadoop);
    InputFormat chosen = named != null ? named : InputFormatDetector.byContent(path, hadoop);
    if (named == null) {
      LOG.info("{}: read as {}, as its content looks (--format chooses)", path, chosen.id());
    }
    assumed.put(path, new Assumed(chosen, named != null));
    return spec.withFormat(chosen);
  }

  /**
   * What an input error in {@code file} adds: the format assumed for it and the {@code --format}
   * that reads it otherwise; empty when --format chose, or when the name said a format the
   * content agrees with (the error is then about the data, not the format).
   */
  String formatHint(String file) {
    for (Map.Entry<String, Assumed> e : assumed.entrySet()) {
      String path = e.getKey();
      if (!file.equals(path) && !file.contains(new Path(path).getName())) {
        continue;
      }
      Assumed a = e.getValue();
      if (!a.byName()) {
        return " (read as " + a.format().id() + ", as its content looked; --format " + others(a.format())
            + " reads it otherwise)";
      }
      InputFormat content = contentFormat(path);
      return content == null || content == a.format() ? "" : " (read as " + a.format().id() + " by its name, but "
          + "its content looks like " + content.id() + ": --format " + content.id() + ")";
    }
    return "";
  }

  private InputFormat contentFormat(String path) {
    try {
      return InputFormatDetector.byContent(path, conf);
    } catch (RuntimeException unreadable) {
      return null;
    }
  }

  private static String others(InputFormat format) {
    return String.join("|", Arrays.stream(InputFormat.values()).filter(f -> f != format)
        .map(InputFormat::id).toList());
  }

  private char separator() {
    if (csvSeparator == null || csvSeparator.isEmpty()) {
      return ',';
    }
    if (csvSeparator.equals("tab") || csvSeparator.equals("\\t") || csvSeparator.equals("\t")) {
      return '\t';
    }
    if (csvSeparator.length() != 1) {
      throw new OptionException("--csv-separator takes one character or tab, got '" + csvSeparator + "'");
    }
    return csvSeparator.charAt(0);
  }

  /** A format chosen without --format, and whether by the file name (else by the content). */
  private record Assumed(InputFormat format, boolean byName) {
  }
}
