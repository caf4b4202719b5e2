package io.sparkrbf.bench;

import io.sparkrbf.config.InitMode;
import io.sparkrbf.config.TrainOptions;
import io.sparkrbf.data.Blockifier;
import io.sparkrbf.data.DataReader;
import io.sparkrbf.data.DatasetSummary;
import io.sparkrbf.data.InputSpec;
import io.sparkrbf.data.ParsedRow;
import io.sparkrbf.job.TrainJob;
import io.sparkrbf.kernel.Blas;
import io.sparkrbf.kernel.Block;
import io.sparkrbf.kernel.BlockKernel;
import io.sparkrbf.kernel.LossSums;
import io.sparkrbf.kernel.Precision;
import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.model.ScalingMode;
import io.sparkrbf.optim.LearningRateSchedule;
import io.sparkrbf.optim.OptimizerKind;
import io.sparkrbf.train.EpochStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.MaxAbsScaler;
import org.apache.spark.ml.feature.MaxAbsScalerModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * End-to-end MNIST benchmark, everything in one JVM and one run so the ratios compare
 * like with like (same machine state, JVM flags and BLAS): seconds per epoch of our
 * training on Spark, the same pass of the bare kernel over the same blocks without Spark
 * (the Spark overhead), seconds per L-BFGS iteration of Spark MLlib's
 * {@code MultilayerPerceptronClassifier} [784, n, 10], and optionally both time-to-accuracy
 * curves. Prints Markdown tables for docs/benchmarks.md.
 */
@Command(name = "bench-mnist", mixinStandardHelpOptions = true, sortOptions = false)
public final class MnistBenchmark implements Callable<Integer> {
  @Option(names = "--data-dir", required = true,
      description = "Folder with mnist.train.libsvm.gz and mnist.test.libsvm.gz.")
  String dataDir;

  @Option(names = "--master", description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master = "local[2]";

  @Option(names = "--centers", description = "RBF centers n of the speed table (default: ${DEFAULT-VALUE}).")
  int centers = 256;

  @Option(names = "--mlp-hidden", description = "Hidden units of the MLP [784, h, 10] (default: ${DEFAULT-VALUE}).")
  int mlpHidden = 256;

  @Option(names = "--epochs", description = "Timed epochs per precision (default: ${DEFAULT-VALUE}).")
  int epochs = 8;

  @Option(names = "--precisions", split = ",", description = "Precisions to time (default: ${DEFAULT-VALUE}).")
  List<String> precisions = List.of("double", "float");

  @Option(names = "--mlp-iterations", description = "L-BFGS iterations timed, beyond a one-iteration fit that "
      + "measures the MLP's setup (default: ${DEFAULT-VALUE}).")
  int mlpIterations = 8;

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

  @Option(names = "--mlp-curve", split = ",", description = "L-BFGS iteration counts of the MLP curve, each a "
      + "separate fit (default: ${DEFAULT-VALUE}).")
  List<Integer> mlpCurve = List.of(25, 50, 100, 200);

  @Option(names = "--target", description = "Test accuracy whose time to reach is reported (default: ${DEFAULT-VALUE}).")
  double target = 0.97;

  @Option(names = "--block-rows", description = "Rows per block (default: ${DEFAULT-VALUE}).")
  int blockRows = 1024;

  public static void main(String[] args) {
    System.exit(new CommandLine(new MnistBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    String train = dataDir + "/mnist.train.libsvm.gz";
    String test = dataDir + "/mnist.test.libsvm.gz";
    SparkConf conf = BenchSupport.sparkConf("MNIST benchmark", master);
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    try (JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext())) {
      System.out.printf(Locale.ROOT, "Spark %s on %s (parallelism %d), BLAS %s, OPENBLAS_NUM_THREADS=%s%n",
          sc.version(), sc.master(), sc.defaultParallelism(), Blas.describe(), System.getenv("OPENBLAS_NUM_THREADS"));
      InputSpec trainSpec = new InputSpec(train, null, 784, null, sc.defaultParallelism());
      List<String[]> speed = new ArrayList<>();
      double mlpIteration = mlpSecondsPerIteration(spark, train);
      for (String p : precisions) {
        Precision precision = Precision.parse(p);
        List<EpochStats> history = new ArrayList<>();
        TrainJob.Outcome outcome = new TrainJob(sc, speedConfig(precision), history::add)
            .run(trainSpec, null, null);
        double[] epochSeconds = history.stream().skip(1).mapToDouble(EpochStats::seconds).toArray();
        double[] bareSeconds = bareKernelSeconds(sc, trainSpec, precision, outcome.model().parameters());
        System.out.printf(Locale.ROOT, "%s: epochs %s s, bare passes %s s%n", p, Arrays.toString(epochSeconds),
            Arrays.toString(bareSeconds));
        double epoch = BenchSupport.median(epochSeconds);
        double bare = BenchSupport.median(bareSeconds);
        speed.add(new String[] {p, fmt(epoch), fmt(bare), fmt(epoch / bare), fmt(mlpIteration),
            fmt(epoch / mlpIteration)});
      }
      System.out.println();
      System.out.printf(Locale.ROOT, "MNIST 60000 x 784, n = %d trained centers, K = 10, %s; MLlib MLP [784, %d, 10]%n",
          centers, master, mlpHidden);
      System.out.println("| precision | s/epoch (Spark) | s/pass (bare kernel) | Spark overhead | MLP s/iteration "
          + "| epoch / MLP iteration |");
      System.out.println("|---|---|---|---|---|---|");
      for (String[] row : speed) {
        System.out.println("| " + String.join(" | ", row) + " |");
      }
      if (curves.contains("rbf")) {
        rbfCurve(sc, trainSpec, test);
      }
      if (curves.contains("mlp")) {
        mlpCurve(spark, train, test);
      }
    } finally {
      spark.stop();
    }
    return 0;
  }

  /** The speed table's run: n centers, full batch, k-means kept short (its time is not measured). */
  private TrainOptions speedConfig(Precision precision) {
    return TrainOptions.defaults().centers(centers).epochs(epochs).optimizer(OptimizerKind.ADAM).learningRate(0.02)
        .scaling(ScalingMode.GLOBAL).init(InitMode.KMEANS).seed(1).blockRows(blockRows).precision(precision)
        .kmeansIterations(1).build();
  }

  /** The time-to-accuracy run: everything, setup included, counts. */
  private TrainOptions curveConfig() {
    return TrainOptions.defaults().centers(curveCenters).epochs(curveEpochs).optimizer(OptimizerKind.ADAM)
        .learningRate(curveLearningRate).schedule(LearningRateSchedule.parse(curveSchedule))
        .scaling(ScalingMode.GLOBAL).init(InitMode.parse(curveInit)).seed(1).blockRows(blockRows)
        .precision(Precision.parse(curvePrecision)).batchFraction(curveBatchFraction)
        .kmeansIterations(curveKmeansIterations).kmeansSampleRows(curveKmeansSampleRows).build();
  }

  /** Seconds of each pass but the first of the bare kernel over the same blocks, one thread per partition. */
  private double[] bareKernelSeconds(JavaSparkContext sc, InputSpec spec, Precision precision, RbfParameters params)
      throws Exception {
    DataReader reader = new DataReader(sc, spec, null);
    org.apache.spark.api.java.JavaRDD<ParsedRow> rows = reader.read().cache();
    DatasetSummary summary = DatasetSummary.of(rows, 784, spec.path());
    List<List<Block>> partitions = Blockifier.toBlocks(rows, reader.locator(), 784, summary.scaling(ScalingMode.GLOBAL),
        summary.labels(), blockRows, precision).glom().collect();
    rows.unpersist(false);
    ExecutorService pool = Executors.newFixedThreadPool(sc.defaultParallelism());
    try {
      double[] seconds = new double[epochs];
      for (int e = 0; e < epochs; e++) {
        long start = System.nanoTime();
        List<Future<double[]>> sums = new ArrayList<>();
        for (List<Block> blocks : partitions) {
          sums.add(pool.submit(() -> {
            BlockKernel kernel = new BlockKernel(params.shape(), 0);
            kernel.bind(params);
            double[] acc = LossSums.zeros(params.shape());
            for (Block b : blocks) {
              kernel.accumulate(b, acc, true);
            }
            kernel.finish(acc);
            return acc;
          }));
        }
        double[] total = LossSums.zeros(params.shape());
        for (Future<double[]> f : sums) {
          double[] s = f.get();
          for (int i = 0; i < total.length; i++) {
            total[i] += s[i];
          }
        }
        seconds[e] = (System.nanoTime() - start) / 1e9;
      }
      return Arrays.copyOfRange(seconds, 1, seconds.length);
    } finally {
      pool.shutdown();
    }
  }

  /** The MLP's scaled training data, cached: the same global scaling ours uses. */
  private static Dataset<Row> scaledLibsvm(SparkSession spark, String path, MaxAbsScalerModel scaler) {
    Dataset<Row> raw = spark.read().format("libsvm").option("numFeatures", "784").load(path);
    return scaler.transform(raw).select("label", "scaled").withColumnRenamed("scaled", "features")
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  private MaxAbsScalerModel scaler(SparkSession spark, String train) {
    Dataset<Row> raw = spark.read().format("libsvm").option("numFeatures", "784").load(train);
    return new MaxAbsScaler().setInputCol("features").setOutputCol("scaled").fit(raw);
  }

  private MultilayerPerceptronClassifier mlp(int maxIter) {
    return new MultilayerPerceptronClassifier().setLayers(new int[] {784, mlpHidden, 10}).setMaxIter(maxIter)
        .setTol(0).setSeed(1);
  }

  /** (time of a (1 + I)-iteration fit - time of a 1-iteration fit) / I: setup and stacking excluded. */
  private double mlpSecondsPerIteration(SparkSession spark, String train) {
    Dataset<Row> data = scaledLibsvm(spark, train, scaler(spark, train));
    data.count();
    double[] seconds = new double[2];
    int[] iterations = new int[2];
    int[] maxIters = {1, 1 + mlpIterations};
    for (int i = 0; i < 2; i++) {
      long start = System.nanoTime();
      MultilayerPerceptronClassificationModel model = mlp(maxIters[i]).fit(data);
      seconds[i] = (System.nanoTime() - start) / 1e9;
      iterations[i] = model.summary().totalIterations();
    }
    data.unpersist();
    System.out.printf(Locale.ROOT, "MLP: %d iterations in %.2f s, %d in %.2f s%n", iterations[0], seconds[0],
        iterations[1], seconds[1]);
    return (seconds[1] - seconds[0]) / (iterations[1] - iterations[0]);
  }

  /** Test accuracy against wall time (setup included), epoch by epoch. */
  private void rbfCurve(JavaSparkContext sc, InputSpec trainSpec, String test) {
    System.out.println();
    System.out.printf(Locale.ROOT, "Time to accuracy: RBF n = %d, adam lr %s, batch fraction %s, %s, "
        + "init %s (%d iterations on %d rows), %s schedule; test evaluated every epoch%n", curveCenters,
        curveLearningRate,
        curveBatchFraction, curvePrecision, curveInit, curveKmeansIterations, curveKmeansSampleRows, curveSchedule);
    System.out.println("| epochs done | seconds since start | test accuracy |");
    System.out.println("|---|---|---|");
    long start = System.nanoTime();
    double[] reached = {Double.NaN};
    // An epoch reports the test accuracy of the parameters it started from, i.e. the
    // model after the previous epoch, which existed when that epoch ended.
    double[] previousEnd = {Double.NaN};
    TrainJob.Outcome outcome = new TrainJob(sc, curveConfig(), stats -> {
      int done = stats.epoch() - 1;
      if (done > 0) {
        curvePoint(done, previousEnd[0], stats.testAccuracy(), reached);
      }
      previousEnd[0] = (System.nanoTime() - start) / 1e9;
    }).run(trainSpec, trainSpec.withPath(test), null);
    curvePoint(curveEpochs, previousEnd[0], outcome.result().test().accuracy(), reached);
    System.out.printf(Locale.ROOT, "RBF reached %.1f%% after %s s%n", 100 * target,
        Double.isNaN(reached[0]) ? "(not reached)" : fmt(reached[0]));
  }

  private void curvePoint(int epochsDone, double seconds, double accuracy, double[] reached) {
    if (Double.isNaN(reached[0]) && accuracy >= target) {
      reached[0] = seconds;
    }
    if (epochsDone % 5 == 0 || epochsDone == curveEpochs) {
      System.out.printf(Locale.ROOT, "| %d | %.1f | %.2f%% |%n", epochsDone, seconds, 100 * accuracy);
    }
  }

  /** Test accuracy against wall time (setup included), one fit per iteration count. */
  private void mlpCurve(SparkSession spark, String train, String test) {
    MaxAbsScalerModel scaler = scaler(spark, train);
    Dataset<Row> trainData = scaledLibsvm(spark, train, scaler);
    Dataset<Row> testData = scaledLibsvm(spark, test, scaler);
    trainData.count();
    testData.count();
    MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy");
    System.out.println();
    System.out.printf(Locale.ROOT, "MLlib MLP [784, %d, 10], L-BFGS, one fit per row (setup included)%n", mlpHidden);
    System.out.println("| iterations | seconds | test accuracy |");
    System.out.println("|---|---|---|");
    double best = 0;
    double bestSeconds = 0;
    for (int maxIter : mlpCurve) {
      long t0 = System.nanoTime();
      MultilayerPerceptronClassificationModel model = mlp(maxIter).fit(trainData);
      double seconds = (System.nanoTime() - t0) / 1e9;
      double acc = accuracy.evaluate(model.transform(testData));
      System.out.printf(Locale.ROOT, "| %d | %.1f | %.2f%% |%n", model.summary().totalIterations(), seconds, 100 * acc);
      if (acc > best) {
        best = acc;
        bestSeconds = seconds;
      }
    }
    System.out.printf(Locale.ROOT, "MLP best %.2f%% after %.1f s%n", 100 * best, bestSeconds);
  }


  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
