package io.sparkrbf.job;

import io.sparkrbf.checkpoint.CheckpointOptions;
import io.sparkrbf.checkpoint.CheckpointStore;
import io.sparkrbf.data.Blockifier;
import io.sparkrbf.data.DataReader;
import io.sparkrbf.data.DatasetSummary;
import io.sparkrbf.data.InputSpec;
import io.sparkrbf.data.ParsedRow;
import io.sparkrbf.data.RowLocator;
import io.sparkrbf.init.OutputWeights;
import io.sparkrbf.init.Widths;
import io.sparkrbf.kernel.Block;
import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.kernel.RbfShape;
import io.sparkrbf.lbfgs.LbfgsTrainer;
import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.model.Standardization;
import io.sparkrbf.model.Versions;
import io.sparkrbf.optim.Optimizers;
import io.sparkrbf.predict.Evaluation;
import io.sparkrbf.start.CenterInitializer;
import io.sparkrbf.train.Checkpointing;
import io.sparkrbf.train.DistributedLoss;
import io.sparkrbf.train.EpochListener;
import io.sparkrbf.train.StepScales;
import io.sparkrbf.train.TrainConfig;
import io.sparkrbf.train.Trainer;
import io.sparkrbf.train.TrainingResult;
import io.sparkrbf.train.TrainingState;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run from input files to a model: read and check the data, learn the
 * label set and the scaling, stack the rows into cached blocks, choose starting
 * parameters (or take them from a saved model), train, and describe the result.
 *
 * <p>The data path reads in one direction: files, parsed rows (cached while setting up),
 * blocks (cached for all epochs), per-partition sums, the driver's update.
 */
public final class TrainJob {
  private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);
  private final JavaSparkContext sc;
  private final TrainConfig config;
  private final EpochListener listener;
  private final CheckpointOptions checkpoints;

  public TrainJob(JavaSparkContext sc, TrainConfig config, EpochListener listener) {
    this(sc, config, listener, null);
  }

  /** @param checkpoints where to save checkpoints and whether to resume, or null for neither */
  public TrainJob(JavaSparkContext sc, TrainConfig config, EpochListener listener, CheckpointOptions checkpoints) {
    this.sc = sc;
    this.config = config;
    this.listener = listener;
    this.checkpoints = checkpoints;
  }

  /**
   * Trains on {@code train}, reporting on {@code test} when not null.
   *
   * @param initModel a saved model to start from (its classes, scaling and parameters), or
   *     null to start from k-means or random centers
   */
  public Outcome run(InputSpec train, InputSpec test, RbfModel initModel) {
    return run(train, test, initModel, false);
  }

  /**
   * As {@link #run(InputSpec, InputSpec, RbfModel)}; with {@code scoreFinalModel} the
   * outcome also has the final model's {@link Evaluation} (confusion matrix included) on
   * the cached test blocks, else the training blocks: no second read of the files.
   */
  public Outcome run(InputSpec train, InputSpec test, RbfModel initModel, boolean scoreFinalModel) {
    int numFeatures = initModel != null ? initModel.numFeatures() : train.numFeatures();
    LabelIndex knownLabels = initModel != null ? new LabelIndex(initModel.classes()) : null;
    DataReader reader = new DataReader(sc, train.withNumFeatures(numFeatures), knownLabels);
    return train(reader.read(), reader.locator(), train.path(),
        numFeatures, knownLabels, test, initModel, scoreFinalModel);
  }

  /**
   * Trains on rows the caller has read (the Spark ML API's DataFrame), with no test set.
   *
   * @param name names the data in messages and provenance
   * @param numFeatures D, or 0 to take the widest row
   * @param classes the classes, which may include labels no row has, or null for the labels
   *     the rows have
   */
  public Outcome run(JavaRDD<ParsedRow> rows, String name, int numFeatures, LabelIndex classes) {
    return train(rows, RowLocator.partitions(name), name, numFeatures, classes, null, null, false);
  }

  private Outcome train(JavaRDD<ParsedRow> trainRows, RowLocator locator, String trainName, int numFeatures,
                        LabelIndex knownLabels, InputSpec test, RbfModel initModel, boolean scoreFinalModel) {
    JavaRDD<ParsedRow> rows = trainRows.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      DatasetSummary summary = DatasetSummary.of(rows, numFeatures, trainName);
      LabelIndex labels = knownLabels != null ? knownLabels : summary.labels();
      if (labels.size() < 2) {
        throw new IllegalArgumentException(trainName + ": the training data has only one class (label "
            + labels + "); a classifier needs at least two");
      }
      int d = summary.numFeatures();
      Standardization scaling = initModel != null ? initModel.standardization()
          : summary.scaling(config.scaling());
      JavaRDD<Block> trainBlocks = cache(Blockifier.toBlocks(rows, locator, d, scaling, labels, config.blockRows(),
          config.precision()));
      JavaRDD<Block> testBlocks = test == null ? null
          : cache(Blockifier.toBlocks(new DataReader(sc, test.withNumFeatures(d), labels),
              d, scaling, labels, config.blockRows(), config.precision()));
      CheckpointStore store = checkpoints == null ? null : new CheckpointStore(checkpoints.dir(), checkpoints.keep(),
          fingerprint(summary, scaling, labels, initModel != null), sc.hadoopConfiguration());
      TrainingState resume = store != null && checkpoints.resume() ? store.newest().orElse(null) : null;
      if (resume != null) {
        LOG.info("resuming from the checkpoint of epoch {}/{} in {}", resume.epoch(), config.epochs(),
            checkpoints.dir());
      } else if (store != null && checkpoints.resume()) {
        LOG.info("no checkpoint in {} yet: starting from the beginning", checkpoints.dir());
      }
      RbfParameters initial = resume != null ? RbfParameters.zeros(new RbfShape(d, config.centers(), labels.size()))
          : initModel != null ? initModel.parameters()
          : initialParameters(rows, summary, d, labels.size(), scaling);
      double[] startBetas = resume != null ? resume.startBetas() : initial.betas();
      rows.unpersist(false); // the blocks are cached; free the parsed rows before the epochs
      try {
        DistributedLoss trainLoss = new DistributedLoss(trainBlocks, config.labelSmoothing(), config.aggregationDepth());
        DistributedLoss testLoss = testBlocks == null ? null
            : new DistributedLoss(testBlocks, config.labelSmoothing(), config.aggregationDepth());
        Checkpointing checkpointing = store == null ? Checkpointing.NONE
            : new Checkpointing(checkpoints.every(), store::save);
        TrainingResult result = config.usesLbfgs()
            ? new LbfgsTrainer(trainLoss, testLoss, config, listener).train(initial, resume, checkpointing)
            : new Trainer(trainLoss, testLoss, config, listener)
                .train(initial, Optimizers.create(config.optimizer(), config.learningRate(),
                    StepScales.of(initial.shape(), startBetas, Math.sqrt(scaledSpread(summary, scaling) / d))),
                    resume, checkpointing);
        RbfModel model = new RbfModel(labels.labels(), scaling, result.parameters(),
            provenance(trainName, test, summary, result, initModel != null));
        Evaluation scored = !scoreFinalModel ? null : testBlocks != null
            ? Evaluation.of(sc, model, testBlocks, test.path()) : Evaluation.of(sc, model, trainBlocks, trainName);
        return new Outcome(model, result, scored);
      } finally {
        trainBlocks.unpersist(false);
        if (testBlocks != null) {
          testBlocks.unpersist(false);
        }
      }
    } finally {
      rows.unpersist(false);
    }
  }

  /**
   * The trained model and how training went.
   *
   * @param scored the final model evaluated on the test (else training) data, or null when not asked for
   */
  public record Outcome(RbfModel model, TrainingResult result, Evaluation scored) {
  }

  private static JavaRDD<Block> cache(JavaRDD<Block> blocks) {
    JavaRDD<Block> cached = blocks.persist(StorageLevel.MEMORY_AND_DISK());
    cached.count();
    return cached;
  }

  private RbfParameters initialParameters(JavaRDD<ParsedRow> rows, DatasetSummary summary, int d, int k,
                                          Standardization scaling) {
    double[][] centers = new CenterInitializer(config, d, scaling).choose(rows, summary.count());
    double[] betas = Widths.fromNeighbours(centers, scaledSpread(summary, scaling));
    RbfShape shape = new RbfShape(d, centers.length, k);
    double[][] weights = new double[k][shape.weightColumns()];
    RbfParameters params = RbfParameters.of(weights, betas, centers);
    OutputWeights.initialize(config.initWeights(), params.values(), shape.betasOffset(), config.seed());
    return params;
  }

  /** Mean squared distance of the scaled rows to their mean: the sum of scaled variances. */
  private static double scaledSpread(DatasetSummary summary, Standardization scaling) {
    double[] std = summary.std();
    double[] scale = scaling == null ? null : scaling.std();
    double spread = 0;
    for (int f = 0; f < std.length; f++) {
      double s = scale == null ? std[f] : std[f] / scale[f];
      spread += s * s;
    }
    return spread;
  }

  /** What a checkpoint must match to be continued: the configuration and the training data's statistics. */
  private Map<String, Object> fingerprint(DatasetSummary summary, Standardization scaling, LabelIndex labels,
                                          boolean fromModel) {
    Map<String, Object> f = new LinkedHashMap<>(config.toMap());
    f.put("startedFrom", fromModel ? "model" : config.init());
    f.put("rows", summary.count());
    f.put("numFeatures", summary.numFeatures());
    f.put("classes", Arrays.stream(labels.labels()).boxed().toList());
    f.put("scaling", scaling == null ? null : Arrays.hashCode(scaling.mean()) * 31 + Arrays.hashCode(scaling.std()));
    return f;
  }

  private Map<String, Object> provenance(String trainName, InputSpec test, DatasetSummary summary,
                                         TrainingResult result, boolean fromModel) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("train", trainName);
    data.put("trainRows", summary.count());
    data.put("test", test == null ? null : test.path());
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("train", result.train().toMap());
    metrics.put("test", result.test() == null ? null : result.test().toMap());
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("config", config.toMap());
    p.put("startedFrom", fromModel ? "model" : config.init());
    p.put("data", data);
    p.put("finalMetrics", metrics);
    p.put("versions", Versions.all(sc.version()));
    return p;
  }
}
