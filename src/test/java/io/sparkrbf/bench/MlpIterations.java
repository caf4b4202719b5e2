package io.sparkrbf.bench;

import java.util.Locale;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Spark MLlib's {@code MultilayerPerceptronClassifier} [D, h, K] as the benchmarks' peer, and
 * its marginal seconds per L-BFGS iteration: after an untimed warm-up fit,
 * (time of a {@code last}-iteration fit - time of a {@code first}-iteration fit) divided by
 * the iterations between them, so neither its setup (stacking the rows, the first job's
 * compilation) nor a short spread's noise counts. A picocli mixin: the benchmarks share its
 * options.
 */
final class MlpIterations {
  @Spec(Spec.Target.MIXEE)
  CommandSpec benchmark;

  @Option(names = "--mlp-hidden", description = "Hidden units h of the MLP [D, h, K] (default: ${DEFAULT-VALUE}).")
  int hidden = 256;

  @Option(names = "--mlp-first", description = "L-BFGS iterations of the shorter timed fit, also of the "
      + "warm-up fit (default: ${DEFAULT-VALUE}).")
  int first = 5;

  @Option(names = "--mlp-last", description = "L-BFGS iterations of the longer timed fit (default: ${DEFAULT-VALUE}).")
  int last = 25;

  /** Refuses iteration counts that leave nothing to time, before any Spark work. */
  void check() {
    if (first < 1 || last <= first) {
      throw new ParameterException(benchmark.commandLine(),
          "need 1 <= --mlp-first < --mlp-last, got " + first + " and " + last);
    }
  }

  /** The MLP [d, hidden, k] stopping only at {@code maxIter} iterations. */
  MultilayerPerceptronClassifier classifier(int d, int k, int maxIter) {
    return new MultilayerPerceptronClassifier().setLayers(new int[] {d, hidden, k}).setMaxIter(maxIter).setTol(0)
        .setSeed(1);
  }

  /** Marginal seconds per L-BFGS iteration of the MLP [d, hidden, k] on {@code data} (cached). */
  double secondsPerIteration(Dataset<Row> data, int d, int k) {
    classifier(d, k, first).fit(data);
    long start = System.nanoTime();
    int shortRun = classifier(d, k, first).fit(data).summary().totalIterations();
    double shortSeconds = (System.nanoTime() - start) / 1e9;
    start = System.nanoTime();
    MultilayerPerceptronClassificationModel longer = classifier(d, k, last).fit(data);
    double longSeconds = (System.nanoTime() - start) / 1e9;
    int longRun = longer.summary().totalIterations();
    System.out.printf(Locale.ROOT, "MLP [%d, %d, %d]: %d iterations in %.2f s, %d in %.2f s (after a warm-up fit)%n",
        d, hidden, k, shortRun, shortSeconds, longRun, longSeconds);
    if (longRun <= shortRun) {
      throw new IllegalStateException("the MLP stopped after " + longRun + " iterations, no more than the "
          + shortRun + " of the shorter fit: nothing to time between them");
    }
    if (longSeconds <= shortSeconds) {
      System.out.println("MLP timing disturbed: the longer fit was not slower, so its setup varied by more than the "
          + "iterations between the fits cost; widen --mlp-first .. --mlp-last");
    }
    return (longSeconds - shortSeconds) / (longRun - shortRun);
  }
}
