package io.sparkrbf.bench;

import io.sparkrbf.config.InitMode;
import io.sparkrbf.config.TrainOptions;
import io.sparkrbf.data.InputSpec;
import io.sparkrbf.job.TrainJob;
import io.sparkrbf.kernel.Blas;
import io.sparkrbf.kernel.Precision;
import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.model.ScalingMode;
import io.sparkrbf.model.Standardization;
import io.sparkrbf.optim.LearningRateSchedule;
import io.sparkrbf.optim.OptimizerKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.feature.PCA;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * End-to-end MNIST benchmark, everything in one JVM and one run so the ratios compare
 * like with like (same machine state, JVM flags and BLAS): seconds per epoch of our
 * training on Spark, the same pass of the bare kernel over the same blocks without Spark
 * (the Spark overhead), marginal seconds per L-BFGS iteration of Spark MLlib's
 * {@code MultilayerPerceptronClassifier} [784, h, 10] on the same rows scaled the same way
 * ({@link MlpIterations}), and optionally both time-to-accuracy curves. Prints Markdown
 * tables for docs/benchmarks.md.
 */
@Command(name = "bench-mnist", mixinStandardHelpOptions = true, sortOptions = false)
public final class MnistBenchmark implements Callable<Integer> {
  private static final int FEATURES = 784;

  @Option(names = "--data-dir", required = true,
      description = "Folder with mnist.train.libsvm.gz and mnist.test.libsvm.gz.")
  String dataDir;

  @Option(names = "--master", description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master = "local[2]";

  @Option(names = "--centers", description = "RBF centers n of the speed table (default: ${DEFAULT-VALUE}).")
  int centers = 256;

  @Option(names = "--epochs", description = "Timed epochs per precision (default: ${DEFAULT-VALUE}).")
  int epochs = 8;

  @Option(names = "--precisions", split = ",", description = "Precisions to time (default: ${DEFAULT-VALUE}).")
  List<String> precisions = List.of("double", "float");

  @Option(names = "--no-speed-table", description = "Skip the speed table (and its MLP iteration timing): only "
      + "the --curves.")
  boolean noSpeedTable;

  @Mixin
  MlpIterations mlp;

  @Option(names = "--mlp-iterations", description = "Sets --mlp-last to --mlp-first + this (an older option).")
  Integer mlpIterations;

  @Option(names = "--curve-epochs", description = "Epochs of the RBF time-to-accuracy run (default: ${DEFAULT-VALUE}).")
  int curveEpochs = 45;

  @Option(names = "--curves", split = ",", description = "Time-to-accuracy curves to run after the speed table: "
      + "rbf, mlp or both (default: none).")
  List<String> curves = List.of();

  @Option(names = "--curve-centers", description = "RBF centers of the time-to-accuracy run (default: ${DEFAULT-VALUE}).")
  int curveCenters = 1024;

  @Option(names = "--curve-precision", description = "Precision of the time-to-accuracy run (default: ${DEFAULT-VALUE}).")
  String curvePrecision = "float";

  @Option(names = "--curve-learning-rate", description = "Adam learning rate of the time-to-accuracy run "
      + "(default: ${DEFAULT-VALUE}).")
  double curveLearningRate = 0.05;

  @Option(names = "--curve-lr-schedule", description = "Learning rate schedule of the time-to-accuracy run "
      + "(default: ${DEFAULT-VALUE}).")
  String curveSchedule = "cosine";

  @Option(names = "--curve-batch-fraction", description = "Batch fraction of the time-to-accuracy run "
      + "(default: ${DEFAULT-VALUE}).")
  double curveBatchFraction = 0.05;

  @Option(names = "--curve-init", description = "Center initialization of the time-to-accuracy run "
      + "(default: ${DEFAULT-VALUE}).")
  String curveInit = "kmeans-random";

  @Option(names = "--curve-kmeans-iterations", description = "k-means iterations of the time-to-accuracy run "
      + "(default: ${DEFAULT-VALUE}).")
  int curveKmeansIterations = 3;

  @Option(names = "--curve-kmeans-sample-rows", description = "Rows feeding k-means in the time-to-accuracy run "
      + "(default: ${DEFAULT-VALUE}).")
  int curveKmeansSampleRows = 10_000;

  @Option(names = "--curve-option", description = "Any training option of the time-to-accuracy run as KEY=VALUE, "
      + "KEY as in conf/rbf.properties (e.g. projection=pca:64); repeatable; overrides the --curve-* options.")
  Map<String, String> curveOptions = new LinkedHashMap<>();

  @Option(names = "--mlp-curve", split = ",", description = "L-BFGS iteration counts of the MLP curve, each a "
      + "separate fit (default: ${DEFAULT-VALUE}).")
  List<Integer> mlpCurve = List.of(25, 50, 100, 200);

  @Option(names = "--mlp-pca", split = ",", description = "Also run the MLP curve on the top k principal components "
      + "(Spark ML's PCA then the MLP [k, h, 10] in one Pipeline, the PCA's fit timed with the MLP's), for each k "
      + "given (default: none).")
  List<Integer> mlpPca = List.of();

  @Option(names = "--target", description = "Test accuracy whose time to reach is reported (default: ${DEFAULT-VALUE}).")
  double target = 0.97;

  @Option(names = "--block-rows", description = "Rows per block (default: ${DEFAULT-VALUE}).")
  int blockRows = 1024;

  public static void main(String[] args) {
    System.exit(new CommandLine(new MnistBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (mlpIterations != null) {
      mlp.last = mlp.first + mlpIterations;
    }
    mlp.check();
    String train = dataDir + "/mnist.train.libsvm.gz";
    String test = dataDir + "/mnist.test.libsvm.gz";
    SparkConf conf = BenchSupport.sparkConf("MNIST benchmark", master);
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    try (JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext())) {
      System.out.printf(Locale.ROOT, "Spark %s on %s (parallelism %d), BLAS %s, OPENBLAS_NUM_THREADS=%s%n",
          sc.version(), sc.master(), sc.defaultParallelism(), Blas.describe(), System.getenv("OPENBLAS_NUM_THREADS"));
      InputSpec trainSpec = new InputSpec(train, null, FEATURES, null, sc.defaultParallelism());
      try (BenchRows trainRows = BenchRows.read(sc, trainSpec, null)) {
        Standardization scaling = trainRows.summary().scaling(ScalingMode.GLOBAL);
        LabelIndex classes = trainRows.summary().labels();
        if (!noSpeedTable) {
          speedTable(spark, sc, trainRows, scaling, classes);
        }
        if (curves.contains("rbf")) {
          rbfCurve(sc, trainSpec, test);
        }
        if (curves.contains("mlp")) {
          mlpCurve(spark, sc, trainRows, scaling, trainSpec.withPath(test), 0);
          for (int k : mlpPca) {
            mlpCurve(spark, sc, trainRows, scaling, trainSpec.withPath(test), k);
          }
        }
      }
    } finally {
      spark.stop();
    }
    return 0;
  }

  /** Seconds per epoch (Spark and bare kernel) against the MLP's marginal seconds per iteration. */
  private void speedTable(SparkSession spark, JavaSparkContext sc, BenchRows trainRows, Standardization scaling,
                          LabelIndex classes) throws Exception {
    Dataset<Row> frame = trainRows.scaledFrame(spark, scaling, classes);
    double mlpIteration = mlp.secondsPerIteration(frame, FEATURES, classes.size());
    frame.unpersist();
    List<String[]> speed = new ArrayList<>();
    for (String p : precisions) {
      EpochSpeed measured = EpochSpeed.measure(sc, trainRows,
          EpochSpeed.options(centers, epochs, ScalingMode.GLOBAL, blockRows, Precision.parse(p)));
      speed.add(new String[] {p, fmt(measured.epochSeconds()), fmt(measured.bareSeconds()),
          fmt(measured.overhead()), fmt(mlpIteration), fmt(measured.epochSeconds() / mlpIteration)});
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "MNIST 60000 x 784, n = %d trained centers, K = 10, %s; "
        + "MLlib MLP [784, %d, 10], marginal s/iteration over fits of %d and %d iterations%n", centers, master,
        mlp.hidden, mlp.first, mlp.last);
    System.out.println("| precision | s/epoch (Spark) | s/pass (bare kernel) | Spark overhead | MLP s/iteration "
        + "| epoch / MLP iteration |");
    System.out.println("|---|---|---|---|---|---|");
    for (String[] row : speed) {
      System.out.println("| " + String.join(" | ", row) + " |");
    }
  }

  /** The time-to-accuracy run: everything, setup included, counts. */
  private TrainOptions curveConfig() {
    TrainOptions chosen = TrainOptions.defaults().centers(curveCenters).epochs(curveEpochs).optimizer(OptimizerKind.ADAM)
        .learningRate(curveLearningRate).schedule(LearningRateSchedule.parse(curveSchedule))
        .scaling(ScalingMode.GLOBAL).init(InitMode.parse(curveInit)).seed(1).blockRows(blockRows)
        .precision(Precision.parse(curvePrecision)).batchFraction(curveBatchFraction)
        .kmeansIterations(curveKmeansIterations).kmeansSampleRows(curveKmeansSampleRows).build();
    if (curveOptions.isEmpty()) {
      return chosen;
    }
    Properties keys = new Properties();
    chosen.toFlagMap().forEach((flag, value) -> keys.setProperty(flag.substring(2), String.valueOf(value)));
    keys.putAll(curveOptions);
    return TrainOptions.builder(keys).build();
  }

  /** Test accuracy against wall time (setup included), epoch by epoch. */
  private void rbfCurve(JavaSparkContext sc, InputSpec trainSpec, String test) {
    System.out.println();
    TrainOptions config = curveConfig();
    System.out.println("Time to accuracy: RBF " + config.toFlags() + "; test evaluated every epoch");
    System.out.println("| epochs done | seconds since start | test accuracy |");
    System.out.println("|---|---|---|");
    long start = System.nanoTime();
    Curve curve = new Curve(config.epochs());
    // An epoch reports the test accuracy of the parameters it started from, i.e. the
    // model after the previous epoch, which existed when that epoch ended.
    double[] previousEnd = {Double.NaN};
    TrainJob.Outcome outcome = new TrainJob(sc, config, stats -> {
      int done = stats.epoch() - 1;
      if (done > 0) {
        curve.point(done, previousEnd[0], stats.testAccuracy());
      }
      previousEnd[0] = (System.nanoTime() - start) / 1e9;
    }).run(trainSpec, trainSpec.withPath(test), null);
    curve.point(config.epochs(), previousEnd[0], outcome.result().test().accuracy());
    System.out.printf(Locale.ROOT, "RBF reached %.1f%% after %s s; best %.2f%% after %.1f s; final %.2f%%%n",
        100 * target, Double.isNaN(curve.reached) ? "(not reached)" : fmt(curve.reached), 100 * curve.best,
        curve.bestSeconds, 100 * outcome.result().test().accuracy());
  }

  /** The RBF curve's rows: every fifth epoch, the last and the first at the target; and its best. */
  private final class Curve {
    final int epochs;
    double reached = Double.NaN;
    double best;
    double bestSeconds;

    Curve(int epochs) {
      this.epochs = epochs;
    }

    void point(int epochsDone, double seconds, double accuracy) {
      boolean first = Double.isNaN(reached) && accuracy >= target;
      if (first) {
        reached = seconds;
      }
      if (accuracy > best) {
        best = accuracy;
        bestSeconds = seconds;
      }
      if (epochsDone % 5 == 0 || epochsDone == epochs || first) {
        System.out.printf(Locale.ROOT, "| %d | %.1f | %.2f%% |%n", epochsDone, seconds, 100 * accuracy);
      }
    }
  }

  /**
   * Test accuracy against wall time (setup included), one fit per iteration count; with
   * {@code pca} &gt; 0 each fit is a Pipeline of Spark ML's PCA to that many components and
   * the MLP [pca, h, 10], so the time includes the PCA's fit.
   */
  private void mlpCurve(SparkSession spark, JavaSparkContext sc, BenchRows trainRows, Standardization scaling,
                        InputSpec testSpec, int pca) {
    LabelIndex classes = trainRows.summary().labels();
    Dataset<Row> trainData = trainRows.scaledFrame(spark, scaling, classes);
    Dataset<Row> testData;
    try (BenchRows testRows = BenchRows.read(sc, testSpec, classes)) {
      testData = testRows.scaledFrame(spark, scaling, classes);
    }
    MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy");
    int inputs = pca > 0 ? pca : FEATURES;
    System.out.println();
    System.out.printf(Locale.ROOT, "MLlib MLP [%d, %d, 10]%s, L-BFGS, one fit per row (setup included)%n", inputs,
        mlp.hidden, pca > 0 ? " after Spark ML's PCA to " + pca + " components in one Pipeline" : "");
    System.out.println("| iterations | seconds | test accuracy |");
    System.out.println("|---|---|---|");
    double best = 0;
    double bestSeconds = 0;
    double reached = Double.NaN;
    for (int maxIter : mlpCurve) {
      long t0 = System.nanoTime();
      MultilayerPerceptronClassifier classifier = mlp.classifier(inputs, classes.size(), maxIter);
      Transformer model = pca > 0
          ? new Pipeline().setStages(new PipelineStage[] {
              new PCA().setInputCol("features").setOutputCol("projected").setK(pca),
              classifier.setFeaturesCol("projected")}).fit(trainData)
          : classifier.fit(trainData);
      double seconds = (System.nanoTime() - t0) / 1e9;
      double acc = accuracy.evaluate(model.transform(testData));
      MultilayerPerceptronClassificationModel fitted = model instanceof PipelineModel p
          ? (MultilayerPerceptronClassificationModel) p.stages()[1] : (MultilayerPerceptronClassificationModel) model;
      System.out.printf(Locale.ROOT, "| %d | %.1f | %.2f%% |%n", fitted.summary().totalIterations(), seconds,
          100 * acc);
      if (acc > best) {
        best = acc;
        bestSeconds = seconds;
      }
      if (Double.isNaN(reached) && acc >= target) {
        reached = seconds;
      }
    }
    System.out.printf(Locale.ROOT, "MLP best %.2f%% after %.1f s; %.1f%% first reached by the fit of %s s%n",
        100 * best, bestSeconds, 100 * target, Double.isNaN(reached) ? "(not reached)" : fmt(reached));
    trainData.unpersist();
    testData.unpersist();
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
