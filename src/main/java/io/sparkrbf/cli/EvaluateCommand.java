package io.sparkrbf.cli;

import io.sparkrbf.model.RbfModel;
import io.sparkrbf.persist.JsonOutput;
import io.sparkrbf.persist.ModelFile;
import io.sparkrbf.predict.Evaluation;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code evaluate}: loss, accuracy and confusion matrix of a model on labelled data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Evaluate a model on labelled data: count, loss, accuracy, confusion matrix (JSON).")
final class EvaluateCommand implements Callable<Integer> {
  @Option(names = "--model", paramLabel = "MODEL", required = true, description = "Model file.")
  String model;

  @Option(names = "--data", paramLabel = "PATH", required = true, description = "Labelled data (file, directory or glob).")
  String data;

  @Option(names = "--metrics-out", paramLabel = "FILE", description = "Also write the metrics JSON to FILE.")
  String metricsOut;

  @Mixin
  InputOptions input;

  @Mixin
  CommonOptions common;

  @Override
  public Integer call() throws Exception {
    new Preflight(common.overwrite).input("--model", model).input("--data", data).output(metricsOut);
    RbfModel rbf = ModelFile.read(model, new Configuration());
    Evaluation result;
    Configuration hadoop;
    try (JavaSparkContext sc = SparkContexts.start("evaluate", common)) {
      result = Evaluation.of(sc, rbf, input.spec(data));
      hadoop = sc.hadoopConfiguration();
    }
    System.out.println(JsonOutput.pretty(result.toMap()));
    if (metricsOut != null) {
      JsonOutput.write(metricsOut, result.toMap(), common.overwrite, hadoop);
    }
    return 0;
  }
}
