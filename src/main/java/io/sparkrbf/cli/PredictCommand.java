package io.sparkrbf.cli;

import io.sparkrbf.model.RbfModel;
import io.sparkrbf.predict.OutputFormat;
import io.sparkrbf.predict.Prediction;
import io.sparkrbf.predict.PredictionOutput;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code predict}: each input row's predicted class and class probabilities, with what identifies the row. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
    customSynopsis = "rbf predict --model MODEL --data PATH --out DIR [OPTIONS]",
    description = {"Predict the class of every row of data, labelled or not, and write them with the class "
        + "probabilities.",
        "Scores data of any size and writes one row per input row: the kept "
        + "columns (--keep-cols), or for LIBSVM input the row's file and 1-based line (columns file, line); "
        + "prediction, the predicted class (a number, or a name for a model trained on names); the class "
        + "probabilities, as a vector column probability in the model's class order (parquet) or one column "
        + "p_<class> per class (csv, json); with --raw-scores the logits, as rawPrediction or raw_<class>.",
        "The executors write --out as a folder of part files through Spark's writer, built under a hidden "
        + "temporary name beside it and moved into place only once the job committed: a failed job leaves nothing "
        + "under that name. An existing --out is replaced only with --overwrite, and only when it is a former "
        + "output (a folder with Spark's _SUCCESS) or empty.",
        "Features of CSV and Parquet input: --feature-cols when given; else the model's own feature columns, by "
        + "name, when it recorded them and the input has them all; else every column but the label (--label-col, "
        + "else a column named label, if any), --ignore-cols and --keep-cols, which must then be the model's "
        + "number of features (or one vector column). A label column is not read unless kept; LIBSVM lines may "
        + "have a label or not."})
final class PredictCommand implements Callable<Integer>, ReadsInput {
  @Mixin
  ScoringInputs inputs;

  @Option(names = "--out", paramLabel = "DIR", required = true,
      description = "Output folder (with --single-file: the CSV file), on any Hadoop file system.")
  String out;

  @Option(names = "--output-format", paramLabel = "parquet|csv|json",
      description = "Format of the output folder's part files; default parquet (csv with --single-file).")
  OutputFormat outputFormat;

  @Option(names = "--keep-cols", paramLabel = "NAME,...", split = ",",
      description = "CSV, Parquet: input columns written first, in this order, with their values as they are "
          + "(text for CSV, the column's own type for Parquet); the label too, if named.")
  List<String> keepCols;

  @Option(names = "--raw-scores", description = "Also write the logits (rawPrediction, or raw_<class> columns).")
  boolean rawScores;

  @Option(names = "--single-file",
      description = "Write one CSV file instead of a folder, rows in input order, streamed through the driver: "
          + "for small outputs.")
  boolean singleFile;

  @Mixin
  CommonOptions common;

  @Override
  public InputOptions input() {
    return inputs.input;
  }

  @Override
  public Integer call() throws Exception {
    SparkContexts spark = SparkContexts.forCommand("predict", common);
    PredictionOutput output = new PredictionOutput(out, outputFormat, singleFile, rawScores, common.overwrite);
    RbfModel model = inputs.check(new Preflight(common.overwrite, spark.hadoopConfiguration()), null);
    Prediction prediction = new Prediction(model, inputs.spec(), keepCols, output);
    prediction.checkWritable(spark.hadoopConfiguration());
    long rows;
    try (JavaSparkContext sc = spark.start()) {
      rows = prediction.write(sc);
    }
    System.out.println(rows + " predictions written to " + out);
    return 0;
  }
}
