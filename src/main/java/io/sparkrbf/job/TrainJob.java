package io.sparkrbf.job;

import io.sparkrbf.checkpoint.CheckpointOptions;
import io.sparkrbf.checkpoint.CheckpointStore;
import io.sparkrbf.config.OptionException;
import io.sparkrbf.config.TrainOptions;
import io.sparkrbf.data.InputSpec;
import io.sparkrbf.data.ParsedRow;
import io.sparkrbf.data.TrainingData;
import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.kernel.RbfShape;
import io.sparkrbf.lbfgs.LbfgsRule;
import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.model.Projection;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.model.Versions;
import io.sparkrbf.optim.Optimizers;
import io.sparkrbf.predict.Evaluation;
import io.sparkrbf.start.StartingPoint;
import io.sparkrbf.train.Checkpointing;
import io.sparkrbf.train.DistributedLoss;
import io.sparkrbf.train.EpochListener;
import io.sparkrbf.train.EpochLoop;
import io.sparkrbf.train.EpochRule;
import io.sparkrbf.train.StepRule;
import io.sparkrbf.train.StepScales;
import io.sparkrbf.train.TrainingObjective;
import io.sparkrbf.train.TrainingResult;
import io.sparkrbf.train.TrainingState;
import io.sparkrbf.train.ValidationWatch;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run from input to model: read and cache the data ({@link TrainingData}, which
 * releases its cache however the run ends), decide where the parameters start
 * ({@link StartingPoint}), run the {@link EpochLoop} with the step rule or L-BFGS, and
 * describe the result in the model's provenance.
 */
public final class TrainJob {
  private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);
  private final JavaSparkContext sc;
  private final TrainOptions options;
  private final EpochListener listener;
  private final CheckpointOptions checkpoints;

  public TrainJob(JavaSparkContext sc, TrainOptions options, EpochListener listener) {
    this(sc, options, listener, null);
  }

  /** @param checkpoints where to save checkpoints and whether to resume, or null for neither */
  public TrainJob(JavaSparkContext sc, TrainOptions options, EpochListener listener, CheckpointOptions checkpoints) {
    this.sc = sc;
    this.options = options;
    this.listener = listener;
    this.checkpoints = checkpoints;
  }

  /**
   * Trains on {@code train}, reporting on {@code test} when not null.
   *
   * @param initModel a saved model to start from (its classes, scaling, projection and parameters), or
   *     null to start from the data
   */
  public Outcome run(InputSpec train, InputSpec test, RbfModel initModel) {
    return run(train, test, null, initModel, false);
  }

  /**
   * As {@link #run(InputSpec, InputSpec, RbfModel)}, with the validation data at {@code validation} when not
   * null (else, with a validation fraction, held out of {@code train}); with {@code scoreFinalModel} the
   * outcome also has the final model's {@link Evaluation} (confusion matrix included) on
   * the cached test blocks, else the training blocks: no second read of the files.
   */
  public Outcome run(InputSpec train, InputSpec test, InputSpec validation, RbfModel initModel,
                     boolean scoreFinalModel) {
    TrainOptions shaped = StartingPoint.shapedBy(options, initModel);
    try (TrainingData data = TrainingData.read(sc, shaped, train, test, validation, initModel)) {
      return train(data, shaped, initModel, scoreFinalModel);
    }
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
    return run(rows, null, name, numFeatures, classes);
  }

  /**
   * As {@link #run(JavaRDD, String, int, LabelIndex)}, watching the loss on {@code validation} (rows the
   * caller has read) when not null.
   */
  public Outcome run(JavaRDD<ParsedRow> rows, JavaRDD<ParsedRow> validation, String name, int numFeatures,
                     LabelIndex classes) {
    try (TrainingData data = TrainingData.of(rows, validation, name, numFeatures, classes, options)) {
      return train(data, options, null, false);
    }
  }

  /**
   * The trained model and how training went.
   *
   * @param scored the final model evaluated on the test (else training) data, or null when not asked for
   */
  public record Outcome(RbfModel model, TrainingResult result, Evaluation scored) {
  }

  private Outcome train(TrainingData data, TrainOptions options, RbfModel initModel, boolean scoreFinalModel) {
    TrainOptions shaped = initModel == null ? options.fittedTo(data.summary().count()) : options;
    shaped.requireValidationFor(data.validationBlocks() != null);
    if (scoreFinalModel && data.testBlocks() == null && !data.summary().wholeWeights()) {
      throw new OptionException("the report scores the final model on the training rows, whose confusion matrix "
          + "counts whole rows, but their weights are fractional (" + (shaped.classWeights().isNone()
          ? "--weight-col" : "--class-weight " + shaped.classWeights().spec()) + "): give --test data to score it on");
    }
    LOG.info("training {} on {} rows, {} features, {} classes with {}", data.trainName(), data.summary().count(),
        data.numFeatures(), data.labels().size(), shaped.toFlags());
    if (data.validationBlocks() != null) {
      LOG.info("validation data: {} rows of {}, evaluated after every epoch; {} training rows", data.validationRows(),
          data.validationName(), data.summary().count());
    }
    DistributedLoss trainLoss = new DistributedLoss(data.trainBlocks(), shaped.labelSmoothing(),
        shaped.aggregationDepth());
    // a network too wide for the driver's result limit fails now, before the centers are chosen
    trainLoss.planGradients(new RbfShape(data.networkFeatures(), shaped.centers(), data.labels().size()));
    String origin = StartingPoint.origin(shaped, initModel);
    CheckpointStore store = checkpoints == null ? null
        : new CheckpointStore(checkpoints, fingerprint(shaped, data, origin), sc.hadoopConfiguration());
    StartingPoint start = StartingPoint.choose(shaped, data, initModel, resumed(store));
    data.releaseRows(); // the blocks are cached; the epochs do not read the parsed rows
    DistributedLoss testLoss = data.testBlocks() == null ? null
        : new DistributedLoss(data.testBlocks(), shaped.labelSmoothing(), shaped.aggregationDepth());
    ValidationWatch validation = data.validationBlocks() == null ? null : new ValidationWatch(
        new DistributedLoss(data.validationBlocks(), shaped.labelSmoothing(), shaped.aggregationDepth()),
        shaped.earlyStoppingPatience(), start.resumed() == null ? null : start.resumed().best());
    Checkpointing checkpointing = store == null ? Checkpointing.NONE
        : new Checkpointing(checkpoints.every(), store::save);
    TrainingResult result = new EpochLoop(trainLoss, testLoss, validation, shaped.epochs(), listener, checkpointing)
        .run(rule(shaped, data, start, trainLoss), start.firstEpoch(), start.history());
    RbfModel model = new RbfModel(data.labels(), data.scaling(), data.inputMap().projection(), result.parameters(),
        provenance(shaped, data, result, origin));
    Evaluation scored = !scoreFinalModel ? null : data.testBlocks() != null
        ? Evaluation.of(model, data.testBlocks(), data.testName())
        : Evaluation.of(model, data.trainBlocks(), data.trainName());
    return new Outcome(model, result, scored);
  }

  /**
   * The newest checkpoint to continue from, when resuming; without {@code --resume}, the
   * store refuses a folder that already holds checkpoints (unless {@code --overwrite}).
   */
  private Optional<TrainingState> resumed(CheckpointStore store) {
    if (store == null) {
      return Optional.empty();
    }
    Optional<TrainingState> newest = store.start();
    if (!checkpoints.resume()) {
      return newest;
    }
    if (newest.isPresent()) {
      LOG.info("resuming from the checkpoint of epoch {}/{} in {}{}", newest.get().epoch(), options.epochs(),
          checkpoints.dir(), options.usesLbfgs() ? " (L-BFGS restarts with an empty curvature memory)" : "");
    } else {
      LOG.info("no checkpoint in {} yet: starting from the beginning", checkpoints.dir());
    }
    return newest;
  }

  private static EpochRule rule(TrainOptions o, TrainingData data, StartingPoint start, DistributedLoss trainLoss) {
    TrainingObjective objective = new TrainingObjective(trainLoss, o.trainCenters(), o.l2());
    RbfParameters params = start.parameters();
    if (o.usesLbfgs()) {
      return new LbfgsRule(objective, o.tolerance(), o.epochs(), params, start.startBetas());
    }
    double[] stepScales = StepScales.of(params.shape(), start.startBetas(),
        Math.sqrt(data.scaledSpread() / data.networkFeatures()));
    return new StepRule(objective, Optimizers.create(o.optimizer(), o.learningRate(), stepScales), o.schedule(),
        o.batchFraction(), o.seed(), o.epochs(), params, start.startBetas(), start.resumed());
  }

  /**
   * What a checkpoint must match to be continued: the options, the start and the training data's statistics.
   * Not the aggregation depth, which does not change the sums: a run may resume with another (on another
   * cluster), and checkpoints that recorded one (before it could be chosen automatically) still resume.
   */
  private static Map<String, Object> fingerprint(TrainOptions o, TrainingData data, String origin) {
    Map<String, Object> f = new LinkedHashMap<>(o.toMap());
    f.remove("aggregationDepth");
    f.put("startedFrom", origin);
    f.put("rows", data.summary().count());
    f.put("numFeatures", data.numFeatures());
    f.put("classes", data.labels().jsonValues());
    f.put("scaling", data.scaling() == null ? null
        : Arrays.hashCode(data.scaling().mean()) * 31 + Arrays.hashCode(data.scaling().std()));
    if (data.validationBlocks() != null) { // only then, so checkpoints from before validation data still resume
      f.put("validation", data.validationName());
      f.put("validationRows", data.validationRows());
    }
    Projection projection = data.inputMap().projection();
    if (projection != null) { // absent without one, so checkpoints from before projections still resume
      f.put("projection", projection.contentHash());
    }
    return f;
  }

  private Map<String, Object> provenance(TrainOptions o, TrainingData data, TrainingResult result, String origin) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("train", data.trainName());
    d.put("trainRows", data.summary().count());
    d.put("test", data.testName());
    if (data.validationBlocks() != null) {
      d.put("validation", data.validationName());
      d.put("validationRows", data.validationRows());
    }
    d.put("featureColumns", data.featureColumns());
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("train", result.train().toMap());
    metrics.put("test", result.test() == null ? null : result.test().toMap());
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("config", o.toMap());
    p.put("startedFrom", origin);
    p.put("data", d);
    Projection projection = data.inputMap().projection();
    if (projection != null) {
      Map<String, Object> kept = new LinkedHashMap<>();
      kept.put("components", projection.outputFeatures());
      kept.put("inputFeatures", projection.inputFeatures());
      kept.put("explainedVariance", projection.keptShare());
      p.put("projection", kept);
    }
    p.put("finalMetrics", metrics);
    if (result.selection() != null) {
      Map<String, Object> selection = new LinkedHashMap<>(result.selection().toMap());
      selection.put("patience", o.earlyStoppingPatience());
      p.put("modelSelection", selection);
    }
    p.put("versions", Versions.all(sc.version()));
    return p;
  }
}
