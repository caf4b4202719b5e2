package io.sparkrbf.cli;

import io.sparkrbf.checkpoint.CheckpointOptions;
import io.sparkrbf.config.InitMode;
import io.sparkrbf.config.OptionException;
import io.sparkrbf.config.ProjectionSpec;
import io.sparkrbf.config.TrainOptions;
import io.sparkrbf.data.InputSpec;
import io.sparkrbf.data.RowCount;
import io.sparkrbf.init.WeightInit;
import io.sparkrbf.job.TrainJob;
import io.sparkrbf.kernel.Precision;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.model.ScalingMode;
import io.sparkrbf.optim.LearningRateSchedule;
import io.sparkrbf.optim.OptimizerKind;
import io.sparkrbf.persist.JsonOutput;
import io.sparkrbf.persist.ModelFile;
import io.sparkrbf.report.ReportWriter;
import io.sparkrbf.report.TrainingReport;
import io.sparkrbf.start.StartingPoint;
import io.sparkrbf.train.Checkpointing;
import io.sparkrbf.train.EpochStats;
import io.sparkrbf.train.Metrics;
import io.sparkrbf.train.TrainingResult;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train}: fits a model on a data set and writes it. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    customSynopsis = "rbf train --data PATH [--test PATH] [OPTIONS]",
    description = "Train an RBF network classifier and write the model file.",
    footer = {"", "Defaults come from conf/rbf.properties (or --config FILE); flags override them."})
final class TrainCommand implements Callable<Integer>, ReadsInput {
  @Option(names = "--data", paramLabel = "PATH", required = true, description = "Training data (file, directory or glob).")
  String data;

  @Option(names = "--test", paramLabel = "PATH", description = "Test data, evaluated every epoch.")
  String test;

  @Option(names = "--centers", paramLabel = "n", description = "Gaussian hidden units (default: ${DEFAULT-VALUE}).")
  int centers;

  @Option(names = "--epochs", paramLabel = "E",
      description = "Full passes, one update each; with lbfgs the most L-BFGS iterations (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--evaluate-start",
      description = "With --epochs 0: write the starting point (the centers chosen and the initial widths and weights, "
          + "or --init-model) as the model, evaluated, without training; --epochs 0 is refused without it.")
  boolean evaluateStart;

  @Option(names = "--optimizer", paramLabel = "gd|momentum|adam|lbfgs",
      description = "Update rule, or lbfgs: full-batch L-BFGS, one iteration per epoch (default: ${DEFAULT-VALUE}).")
  OptimizerKind optimizer;

  @Option(names = "--learning-rate", paramLabel = "r",
      description = "Step size; ignored by lbfgs, whose line search finds the steps (default: ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(names = "--tol", paramLabel = "t",
      description = "lbfgs: Breeze's relative convergence tolerance; training stops early when the loss improved "
          + "by at most t x the starting loss over 20 iterations or the gradient norm fell to t x the loss "
          + "(default: ${DEFAULT-VALUE}).")
  double tolerance;

  @Option(names = "--train-centers", arity = "1", paramLabel = "true|false",
      description = "Train the centers too (default: ${DEFAULT-VALUE}).")
  boolean trainCenters;

  @Option(names = "--standardize", paramLabel = "zscore|global|none",
      description = {"Input scaling learned on the training data (default: ${DEFAULT-VALUE}):",
          "zscore per feature, global one factor (largest |value|), none.",
          "Image-like data (pixels, coordinates: features in one unit): try global (docs/scaling.md).",
          "true and false still work as aliases of zscore and none."})
  ScalingMode standardize;

  @Option(names = "--init", paramLabel = "kmeans|kmeans-random|random|kmeans-per-class",
      description = "Starting centers: k-means seeded by k-means||, k-means seeded by random rows (faster for "
          + "hundreds of centers), random rows, or k-means on each class's rows, the centers split among the "
          + "classes by their weight (default: ${DEFAULT-VALUE}).")
  InitMode init;

  @Option(names = "--init-weights", paramLabel = "zero|random",
      description = "Starting W (default: ${DEFAULT-VALUE}).")
  WeightInit initWeights;

  @Option(names = "--init-model", paramLabel = "MODEL",
      description = "Start from a saved model: its classes, scaling, projection and parameters.")
  String initModel;

  @Option(names = "--seed", paramLabel = "S", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--l2", paramLabel = "lambda", description = "L2 penalty on W, bias excluded (default: ${DEFAULT-VALUE}).")
  double l2;

  @Option(names = "--label-smoothing", paramLabel = "eps", description = "Label smoothing in [0, 1) (default: ${DEFAULT-VALUE}).")
  double labelSmoothing;

  @Option(names = "--block-rows", paramLabel = "B", description = "Rows per BLAS block (default: ${DEFAULT-VALUE}).")
  int blockRows;

  @Option(names = "--precision", paramLabel = "double|float",
      description = "Precision of the cached blocks and of the kernel's work on them (loss, sums and parameters stay "
          + "double); float halves the memory and runs about twice as fast (docs/benchmarks.md) "
          + "(default: ${DEFAULT-VALUE}).")
  Precision precision;

  @Option(names = "--lr-schedule", paramLabel = "constant|cosine",
      description = "Learning rate over the run: constant, or cosine from the rate down to 0 at the last update; "
          + "ignored by lbfgs (default: ${DEFAULT-VALUE}).")
  LearningRateSchedule schedule;

  @Option(names = "--batch-fraction", paramLabel = "f",
      description = "Share of the rows per update, in (0, 1]: 1 is full batch, f < 1 makes ceil(1/f) mini-batch "
          + "updates per epoch, each on a seeded slice of every block; lbfgs needs 1 (default: ${DEFAULT-VALUE}).")
  double batchFraction;

  @Option(names = "--kmeans-iterations", paramLabel = "I", description = "k-means iterations (default: ${DEFAULT-VALUE}).")
  int kmeansIterations;

  @Option(names = "--kmeans-sample-rows", paramLabel = "R", description = "Rows sampled for k-means (default: ${DEFAULT-VALUE}).")
  int kmeansSampleRows;

  @Option(names = "--aggregation-depth", paramLabel = "d",
      description = "Task levels that add up the partitions' sums: 1 at the driver, 2 in one shuffle, d >= 3 with d - 2 "
          + "tree levels first; 0 = chosen from the partitions and the result size (default: ${DEFAULT-VALUE}).")
  int aggregationDepth;

  @Option(names = "--projection", paramLabel = "none|pca:k|pcaVariance:f",
      description = {"Project the scaled inputs onto their leading principal components, learned on the training",
          "data and stored in the model: pca:k keeps k, pcaVariance:f the fewest that keep the share f of the",
          "variance (default: ${DEFAULT-VALUE}; docs/scaling.md)."})
  ProjectionSpec projection;

  @Option(names = "--model-out", paramLabel = "PATH", description = "Model file to write (default: ${DEFAULT-VALUE}).")
  String modelOut;

  @Option(names = "--history-out", paramLabel = "FILE", description = "Per-epoch JSON lines to write.")
  String historyOut;

  @Option(names = "--report", paramLabel = "DIR",
      description = {"Write a training report to the folder DIR (any Hadoop file system): index.html with the "
          + "final metrics, per-class precision/recall/F1, data and configuration; loss.png, accuracy.png and "
          + "confusion.png; history.jsonl. The final model is scored once more on the cached --test (else --data) rows "
          + "for the confusion matrix. An existing DIR is refused unless --overwrite, which replaces only a former report."})
  String report;

  @Option(names = "--checkpoint-dir", paramLabel = "DIR",
      description = "Save checkpoints (parameters, optimizer state, epoch) here, on any Hadoop file system.")
  String checkpointDir;

  @Option(names = "--checkpoint-every", paramLabel = "k",
      description = "Save a checkpoint after every k-th epoch and after the last (default: ${DEFAULT-VALUE}).")
  int checkpointEvery;

  @Option(names = "--keep-checkpoints", paramLabel = "N",
      description = "Keep N checkpoints: the one just written and the newest N-1 before it "
          + "(default: ${DEFAULT-VALUE}).")
  int keepCheckpoints;

  @Option(names = "--resume", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
      description = "Continue from the newest intact checkpoint in --checkpoint-dir, if there is one; it must come "
          + "from the same data and options. Without it, a --checkpoint-dir holding checkpoints is refused "
          + "(--overwrite starts afresh there) (default: ${DEFAULT-VALUE}).")
  boolean resume;

  @Option(names = "--validation", paramLabel = "PATH",
      description = "Validation data, read like --test and evaluated after every epoch; the model written is the "
          + "epoch with the lowest validation loss.")
  String validation;

  @Option(names = "--validation-fraction", paramLabel = "f",
      description = "Hold out this share of the --data rows, in (0, 0.5], as validation data (a seeded split, the "
          + "same for any partitioning); 0: none (default: ${DEFAULT-VALUE}).")
  double validationFraction;

  @Option(names = "--early-stopping-patience", paramLabel = "p",
      description = "Stop after p epochs without a lower validation loss; needs --validation or "
          + "--validation-fraction; 0: never stop early (default: ${DEFAULT-VALUE}).")
  int earlyStoppingPatience;

  @Option(names = "--weight-col", paramLabel = "NAME",
      description = "CSV (with a header), Parquet: the column of each row's instance weight (finite, >= 0), not a "
          + "feature; --test data must have it too, and its loss and accuracy are weighted.")
  String weightCol;

  @Option(names = "--class-weight", paramLabel = "balanced|c1:w1,...",
      description = "Weights per class that multiply the instance weights: balanced (N / (K * N_c)) or "
          + "label:weight,... (others 1); the loss, the scaling and the k-means start see them.")
  String classWeight;

  @Mixin
  InputOptions input;

  @Mixin
  CommonOptions common;

  @Spec
  CommandSpec spec;

  @Override
  public InputOptions input() {
    return input;
  }

  @Override
  public Integer call() throws Exception {
    long started = System.nanoTime();
    TrainOptions config = options();
    input.spec(data).withWeightCol(weightCol); // bad input options fail before anything is read
    if (historyOut != null && historyOut.equals(modelOut)) {
      throw new OptionException("--history-out and --model-out are the same file: " + modelOut);
    }
    CheckpointOptions checkpoints = checkpointDir == null || checkpointDir.isBlank()
        ? requireNoResume() : new CheckpointOptions(checkpointDir, checkpointEvery, keepCheckpoints, resume,
            common.overwrite);
    SparkContexts spark = SparkContexts.forCommand("train", common);
    Preflight preflight = new Preflight(common.overwrite, spark.hadoopConfiguration());
    preflight.input("--data", data).input("--test", test).input("--validation", validation)
        .input("--init-model", initModel).output(modelOut)
        .report(report, modelOut, historyOut).checkpoints(checkpoints);
    boolean replaceHistory = preflight.history(historyOut, checkpoints != null && resume);
    Configuration hadoop = spark.hadoopConfiguration();
    InputSpec trainSpec = input.resolve(data, hadoop).withWeightCol(weightCol);
    InputSpec testSpec = test == null ? null : input.resolve(test, hadoop).withWeightCol(weightCol);
    InputSpec validationSpec = validation == null ? null : input.resolve(validation, hadoop).withWeightCol(weightCol);
    RbfModel start = initModel == null ? null : ModelFile.read(initModel, hadoop);
    StartingPoint.shapedBy(config, start); // a --centers the model cannot have fails before Spark starts
    OptionalLong rows = start == null ? RowCount.ifCheap(trainSpec, hadoop) : OptionalLong.empty();
    if (rows.isPresent()) {
      config = config.fittedTo(rows.getAsLong()); // the centers fit small data before Spark starts
    }

    TrainJob.Outcome outcome;
    try (Interruption interruption = Interruption.install()) {
      RunHistory history = new RunHistory(common.quiet ? stats -> { } : new ProgressPrinter(System.out), interruption);
      try (JavaSparkContext sc = spark.start()) {
        interruption.watch(sc.sc());
        outcome = new TrainJob(sc, config, history, checkpoints)
            .run(trainSpec, testSpec, validationSpec, start, report != null);
        hadoop = sc.hadoopConfiguration();
      } catch (Exception e) {
        if (!interruption.interrupted()) {
          throw e;
        }
        System.err.println(interrupted(config, history, checkpoints, replaceHistory, hadoop));
        return interruption.exitCode();
      }
    }
    ModelFile.write(outcome.model(), modelOut, common.overwrite, hadoop);
    if (historyOut != null) {
      writeHistory(outcome.result().history(), replaceHistory, hadoop);
    }
    if (report != null) {
      TrainOptions trained = config.withCenters(outcome.model().shape().numCenters());
      ReportWriter.write(new TrainingReport(trained, preflight.absolute(data),
          test == null ? null : preflight.absolute(test), outcome.model().numFeatures(), outcome.result(),
          outcome.scored(), preflight.absolute(modelOut), (System.nanoTime() - started) / 1e9,
          outcome.model().projection()), report,
          common.overwrite, hadoop);
    }
    printFinal(outcome.result());
    if (!common.quiet) {
      System.out.println("model written to " + modelOut);
      if (report != null) {
        System.out.println("report written to " + report);
      }
    }
    return 0;
  }

  private void writeHistory(List<EpochStats> epochs, boolean replace, Configuration hadoop) throws IOException {
    JsonOutput.writeLines(historyOut, epochs.stream().map(EpochStats::toMap).toList(), replace, hadoop);
  }

  /**
   * The one line an interrupted run ends with: where it stopped, the history written so far,
   * and what {@code --resume} can continue from.
   */
  private String interrupted(TrainOptions config, RunHistory history, CheckpointOptions checkpoints,
                             boolean replaceHistory, Configuration hadoop) throws IOException {
    List<EpochStats> done = history.done();
    int epochs = config.epochs();
    StringBuilder line = new StringBuilder("interrupted ")
        .append(history.current() == 0 ? "before the first epoch" : "at epoch " + history.current() + "/" + epochs);
    if (historyOut != null && !done.isEmpty()) {
      writeHistory(done, replaceHistory, hadoop);
      line.append("; history of epochs 1-").append(done.get(done.size() - 1).epoch()).append(" in ").append(historyOut);
    }
    if (checkpoints == null) {
      return line.append("; without --checkpoint-dir there is nothing to resume from").toString();
    }
    Checkpointing saved = new Checkpointing(checkpoints.every(), state -> { });
    int last = done.stream().mapToInt(EpochStats::epoch).filter(e -> saved.due(e, epochs)).max().orElse(0);
    return line.append(last == 0 ? "; no checkpoint saved yet: --resume starts from the beginning"
        : "; checkpoint of epoch " + last + " kept; --resume continues").toString();
  }

  /**
   * The training options: the defaults (conf/rbf.properties, or --config) with the flags on
   * top; --centers counts as the user's choice only when it is on the command line.
   */
  private TrainOptions options() {
    ConfigDefaults defaults = (ConfigDefaults) spec.defaultValueProvider();
    TrainOptions.Builder b = TrainOptions.builder(defaults.properties())
        .epochs(epochs).optimizer(optimizer).learningRate(learningRate).tolerance(tolerance).trainCenters(trainCenters)
        .scaling(standardize).init(init).initWeights(initWeights).seed(seed).l2(l2).labelSmoothing(labelSmoothing)
        .blockRows(blockRows).precision(precision).schedule(schedule).batchFraction(batchFraction)
        .kmeansIterations(kmeansIterations).kmeansSampleRows(kmeansSampleRows).aggregationDepth(aggregationDepth)
        .validationFraction(validationFraction).earlyStoppingPatience(earlyStoppingPatience)
        .classWeights(classWeight).projection(projection);
    if (epochs == 0 && !evaluateStart) {
      throw new OptionException("--epochs 0 would write an untrained model; give --epochs 1 or more, or "
          + "--evaluate-start to write and evaluate the starting point on purpose (rbf evaluate scores a saved model)");
    }
    if (epochs > 0 && evaluateStart) {
      throw new OptionException("--evaluate-start trains nothing: give it with --epochs 0, or leave it out");
    }
    if (spec.commandLine().getParseResult().hasMatchedOption("--centers")) {
      b.centers(centers);
    }
    TrainOptions built = b.build();
    if (validation != null && built.validationFraction() > 0) {
      throw new OptionException("--validation and --validation-fraction both choose the validation data: give one");
    }
    built.requireValidationFor(validation != null || built.validationFraction() > 0);
    return built;
  }

  private CheckpointOptions requireNoResume() {
    if (resume) {
      throw new OptionException("--resume needs --checkpoint-dir: the folder to resume from");
    }
    return null;
  }

  private static void printFinal(TrainingResult result) {
    Metrics train = result.train();
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "final: train loss %.5f  train accuracy %.2f%%",
        train.loss(), 100 * train.accuracy()));
    if (result.test() != null) {
      line.append(String.format(Locale.ROOT, "  test loss %.5f  test accuracy %.2f%%",
          result.test().loss(), 100 * result.test().accuracy()));
    }
    System.out.println(line);
  }
}
