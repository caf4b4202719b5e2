package io.sparkrbf.cli;

import io.sparkrbf.model.RbfModel;
import io.sparkrbf.predict.Prediction;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code predict}: predicted label and class probabilities per input row, as CSV. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Predict: write a CSV with the predicted label and each class's probability, one row per input row,"
        + " in input order. The input has the training layout; its label column is ignored.")
final class PredictCommand implements Callable<Integer> {
  @Mixin
  ScoringInputs inputs;

  @Option(names = "--out", paramLabel = "PATH", required = true, description = "CSV file to write.")
  String out;

  @Mixin
  CommonOptions common;

  @Override
  public Integer call() throws Exception {
    SparkContexts spark = SparkContexts.forCommand("predict", common);
    RbfModel model = inputs.check(new Preflight(common.overwrite, spark.hadoopConfiguration()), out);
    long rows;
    try (JavaSparkContext sc = spark.start()) {
      rows = Prediction.writeCsv(sc, model, inputs.spec(), out, common.overwrite);
    }
    System.out.println(rows + " predictions written to " + out);
    return 0;
  }
}
