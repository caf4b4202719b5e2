package io.sparkrbf.cli;

import io.sparkrbf.model.RbfModel;
import io.sparkrbf.persist.ModelFile;
import io.sparkrbf.predict.Prediction;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code predict}: predicted label and class probabilities per input row, as CSV. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Predict: write a CSV with the predicted label and each class's probability, one row per input row,"
        + " in input order. The input has the training layout; its label column is ignored.")
final class PredictCommand implements Callable<Integer> {
  @Option(names = "--model", paramLabel = "MODEL", required = true, description = "Model file.")
  String model;

  @Option(names = "--data", paramLabel = "PATH", required = true, description = "Data to score (file, directory or glob).")
  String data;

  @Option(names = "--out", paramLabel = "PATH", required = true, description = "CSV file to write.")
  String out;

  @Mixin
  InputOptions input;

  @Mixin
  CommonOptions common;

  @Override
  public Integer call() throws Exception {
    new Preflight(common.overwrite).input("--model", model).input("--data", data).output(out);
    RbfModel rbf = ModelFile.read(model, new Configuration());
    long rows;
    try (JavaSparkContext sc = SparkContexts.start("predict", common)) {
      rows = Prediction.writeCsv(sc, rbf, input.spec(data), out, common.overwrite);
    }
    System.out.println(rows + " predictions written to " + out);
    return 0;
  }
}
