package io.sparkrbf.cli;

import io.sparkrbf.model.RbfModel;
import io.sparkrbf.persist.JsonOutput;
import io.sparkrbf.predict.Evaluation;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code evaluate}: loss, accuracy and confusion matrix of a model on labelled data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
    customSynopsis = "rbf evaluate --model MODEL --data PATH [OPTIONS]",
    description = "Evaluate a model on labelled data: count, loss, accuracy, confusion matrix (JSON).")
final class EvaluateCommand implements Callable<Integer>, ReadsInput {
  @Mixin
  ScoringInputs inputs;

  @Option(names = "--metrics-out", paramLabel = "FILE", description = "Also write the metrics JSON to FILE.")
  String metricsOut;

  @Mixin
  CommonOptions common;

  @Override
  public InputOptions input() {
    return inputs.input;
  }

  @Override
  public Integer call() throws Exception {
    SparkContexts spark = SparkContexts.forCommand("evaluate", common);
    RbfModel model = inputs.check(new Preflight(common.overwrite, spark.hadoopConfiguration()), metricsOut);
    Evaluation result;
    Configuration hadoop;
    try (JavaSparkContext sc = spark.start()) {
      result = Evaluation.of(sc, model, inputs.spec());
      hadoop = sc.hadoopConfiguration();
    }
    System.out.println(JsonOutput.pretty(result.toMap()));
    if (metricsOut != null) {
      JsonOutput.write(metricsOut, result.toMap(), common.overwrite, hadoop);
    }
    return 0;
  }
}
