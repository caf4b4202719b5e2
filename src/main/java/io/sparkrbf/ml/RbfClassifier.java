package io.sparkrbf.ml;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.sparkrbf.config.InitMode;
import io.sparkrbf.config.ProjectionSpec;
import io.sparkrbf.config.TrainOptions;
import io.sparkrbf.data.ParsedRow;
import io.sparkrbf.job.TrainJob;
import io.sparkrbf.model.ScalingMode;
import io.sparkrbf.optim.OptimizerKind;
import java.util.Arrays;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RBF network classifier as a Spark ML {@link org.apache.spark.ml.Estimator}: drop it
 * into a {@link org.apache.spark.ml.Pipeline}, tune it with {@code CrossValidator} or
 * {@code TrainValidationSplit}, save and load it, from Java or Scala.
 *
 * <p>Fitting runs the same distributed trainer as the command line ({@link TrainJob}) on
 * the DataFrame's label column (class indices 0, 1, ...), feature vector column and, when
 * {@code weightCol} is set, instance weights (the loss, the input scaling and the k-means start
 * are weighted), multiplied by {@code classWeight} when set. With
 * {@code validationIndicatorCol} (Spark's convention, as {@code GBTClassifier} has) the rows it marks true
 * are validation data: the model kept is the epoch with the lowest validation loss, and
 * {@code earlyStoppingPatience} stops training early; the model's provenance
 * ({@code rbfModel().provenance().get("modelSelection")}) names the kept epoch. Defaults
 * are those of the command line ({@code conf/rbf.properties}); settings without a param
 * here (block rows, precision, label smoothing, k-means details) take the command line's
 * defaults too.
 */
public final class RbfClassifier extends ProbabilisticClassifier<Vector, RbfClassifier, RbfClassificationModel>
    implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(RbfClassifier.class);

  private String uid;

  private final IntParam maxIter = new IntParam(this, "maxIter",
      "epochs: full passes over the data (L-BFGS: the most iterations) (>= 0)", ParamValidators.gtEq(0));
  private final DoubleParam stepSize = new DoubleParam(this, "stepSize",
      "learning rate of gd, momentum and adam (> 0); lbfgs finds its own steps", ParamValidators.gt(0));
  private final LongParam seed = new LongParam(this, "seed", "seed of every random choice");
  private final DoubleParam tol = new DoubleParam(this, "tol",
      "optimizer lbfgs: relative convergence tolerance (> 0)", ParamValidators.gt(0));
  private final IntParam numCenters = new IntParam(this, "numCenters", "Gaussian hidden units (>= 1)",
      ParamValidators.gtEq(1));
  private final Param<String> optimizer = new Param<>(this, "optimizer",
      "update rule: one of " + OptimizerKind.ids(), ParamValidators.inArray(OptimizerKind.ids()));
  private final BooleanParam trainCenters = new BooleanParam(this, "trainCenters",
      "whether the centers are trained too (widths and output weights always are)");
  private final Param<String> standardization = new Param<>(this, "standardization",
      "input scaling learned from the training data: zscore (per feature), global (one factor) or none",
      ParamValidators.inArray(Arrays.stream(ScalingMode.values()).map(ScalingMode::id).toList()));
  private final Param<String> initMode = new Param<>(this, "initMode",
      "starting centers: one of " + InitMode.ids(), ParamValidators.inArray(InitMode.ids()));
  private final DoubleParam regParam = new DoubleParam(this, "regParam",
      "L2 penalty on the output weights, bias excluded (>= 0)", ParamValidators.gtEq(0));
  private final DoubleParam batchFraction = new DoubleParam(this, "batchFraction",
      "share of the rows per update in (0, 1]: 1 is full batch", ParamValidators.inRange(0, 1, false, true));
  private final IntParam aggregationDepth = new IntParam(this, "aggregationDepth",
      "aggregation depth (>= 0): 0 = chosen from the partitions and the result size", ParamValidators.gtEq(0));
  private final Param<String> weightCol = new Param<>(this, "weightCol",
      "column of instance weights (finite, >= 0); unset, every row weighs 1");
  private final Param<String> validationIndicatorCol = new Param<>(this, "validationIndicatorCol",
      "boolean column: true rows are validation data, evaluated after every epoch (the model kept is the epoch with "
          + "the lowest validation loss), false or null rows train; unset, no validation data");
  private final IntParam earlyStoppingPatience = new IntParam(this, "earlyStoppingPatience",
      "stop after this many epochs without a lower validation loss (needs validationIndicatorCol); 0 never stops "
          + "early (>= 0)", ParamValidators.gtEq(0));
  private final Param<String> classWeight = new Param<>(this, "classWeight",
      "weights per class that multiply the instance weights: balanced (N / (K * N_c)), label:weight,... "
          + "(others 1), or empty for none; checked when fitting");
  private final Param<String> projection = new Param<>(this, "projection",
      "projection of the scaled inputs onto their principal components: none, pca:k or pcaVariance:f",
      (scala.Function1<String, Object>) RbfClassifier::isProjection);

  /** A classifier with a new random uid and the default settings. */
  public RbfClassifier() {
    super();
    setDefaults();
  }

  /** A classifier with the given uid (how Spark copies and loads stages). */
  public RbfClassifier(String uid) {
    this(ConstructionUid.park(uid));
  }

  private RbfClassifier(ConstructionUid.Parked parked) {
    super();
    setDefaults();
  }

  /** The command line's defaults ({@link TrainOptions#DEFAULTS}, from conf/rbf.properties): one copy of them. */
  private void setDefaults() {
    TrainOptions d = TrainOptions.DEFAULTS;
    setDefault(maxIter, d.epochs());
    setDefault(stepSize, d.learningRate());
    setDefault(seed, d.seed());
    setDefault(tol, d.tolerance());
    setDefault(numCenters, d.centers());
    setDefault(optimizer, d.optimizer().id());
    setDefault(trainCenters, d.trainCenters());
    setDefault(standardization, d.scaling().id());
    setDefault(initMode, d.init().id());
    setDefault(regParam, d.l2());
    setDefault(batchFraction, d.batchFraction());
    setDefault(aggregationDepth, d.aggregationDepth());
    setDefault(earlyStoppingPatience, d.earlyStoppingPatience());
    setDefault(classWeight, d.classWeights().spec());
    setDefault(projection, d.projection().id());
  }

  private static boolean isProjection(String value) {
    try {
      ProjectionSpec.parse(value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public String uid() {
    if (uid == null) {
      uid = ConstructionUid.take("rbfClassifier");
    }
    return uid;
  }

  public IntParam maxIter() {
    return maxIter;
  }

  public DoubleParam stepSize() {
    return stepSize;
  }

  public LongParam seed() {
    return seed;
  }

  public DoubleParam tol() {
    return tol;
  }

  public IntParam numCenters() {
    return numCenters;
  }

  public Param<String> optimizer() {
    return optimizer;
  }

  public BooleanParam trainCenters() {
    return trainCenters;
  }

  public Param<String> standardization() {
    return standardization;
  }

  public Param<String> initMode() {
    return initMode;
  }

  public DoubleParam regParam() {
    return regParam;
  }

  public DoubleParam batchFraction() {
    return batchFraction;
  }

  public IntParam aggregationDepth() {
    return aggregationDepth;
  }

  public Param<String> weightCol() {
    return weightCol;
  }

  public Param<String> validationIndicatorCol() {
    return validationIndicatorCol;
  }

  public IntParam earlyStoppingPatience() {
    return earlyStoppingPatience;
  }

  public int getMaxIter() {
    return (Integer) getOrDefault(maxIter);
  }

  public double getStepSize() {
    return (Double) getOrDefault(stepSize);
  }

  public long getSeed() {
    return (Long) getOrDefault(seed);
  }

  public double getTol() {
    return (Double) getOrDefault(tol);
  }

  public int getNumCenters() {
    return (Integer) getOrDefault(numCenters);
  }

  public String getOptimizer() {
    return getOrDefault(optimizer);
  }

  public boolean getTrainCenters() {
    return (Boolean) getOrDefault(trainCenters);
  }

  public String getStandardization() {
    return getOrDefault(standardization);
  }

  public String getInitMode() {
    return getOrDefault(initMode);
  }

  public double getRegParam() {
    return (Double) getOrDefault(regParam);
  }

  public double getBatchFraction() {
    return (Double) getOrDefault(batchFraction);
  }

  public int getAggregationDepth() {
    return (Integer) getOrDefault(aggregationDepth);
  }

  /** The weight column, or null when unset. */
  public String getWeightCol() {
    return isDefined(weightCol) ? getOrDefault(weightCol) : null;
  }

  /** The validation indicator column, or null when unset. */
  public String getValidationIndicatorCol() {
    return isDefined(validationIndicatorCol) ? getOrDefault(validationIndicatorCol) : null;
  }

  public int getEarlyStoppingPatience() {
    return (Integer) getOrDefault(earlyStoppingPatience);
  }

  public RbfClassifier setValidationIndicatorCol(String value) {
    return (RbfClassifier) set(validationIndicatorCol, value);
  }

  public RbfClassifier setEarlyStoppingPatience(int value) {
    return (RbfClassifier) set(earlyStoppingPatience, value);
  }

  public RbfClassifier setMaxIter(int value) {
    return (RbfClassifier) set(maxIter, value);
  }

  public RbfClassifier setStepSize(double value) {
    return (RbfClassifier) set(stepSize, value);
  }

  public RbfClassifier setSeed(long value) {
    return (RbfClassifier) set(seed, value);
  }

  public RbfClassifier setTol(double value) {
    return (RbfClassifier) set(tol, value);
  }

  public RbfClassifier setNumCenters(int value) {
    return (RbfClassifier) set(numCenters, value);
  }

  public RbfClassifier setOptimizer(String value) {
    return (RbfClassifier) set(optimizer, value);
  }

  public RbfClassifier setTrainCenters(boolean value) {
    return (RbfClassifier) set(trainCenters, value);
  }

  public RbfClassifier setStandardization(String value) {
    return (RbfClassifier) set(standardization, value);
  }

  public RbfClassifier setInitMode(String value) {
    return (RbfClassifier) set(initMode, value);
  }

  public RbfClassifier setRegParam(double value) {
    return (RbfClassifier) set(regParam, value);
  }

  public RbfClassifier setBatchFraction(double value) {
    return (RbfClassifier) set(batchFraction, value);
  }

  public RbfClassifier setAggregationDepth(int value) {
    return (RbfClassifier) set(aggregationDepth, value);
  }

  public RbfClassifier setWeightCol(String value) {
    return (RbfClassifier) set(weightCol, value);
  }

  public Param<String> classWeight() {
    return classWeight;
  }

  public String getClassWeight() {
    return getOrDefault(classWeight);
  }

  /** {@code balanced}, {@code label:weight,...} (labels as the label column's class indices), or empty for none. */
  public RbfClassifier setClassWeight(String value) {
    return (RbfClassifier) set(classWeight, value);
  }

  /** The projection param, {@code --projection}: none, pca:k or pcaVariance:f. */
  public Param<String> projection() {
    return projection;
  }

  public String getProjection() {
    return getOrDefault(projection);
  }

  /** {@code --projection}'s text: {@code none}, {@code pca:64} or {@code pcaVariance:0.95}. */
  public RbfClassifier setProjection(String value) {
    return (RbfClassifier) set(projection, value);
  }

  /** The trainer's options these params give: the command line's defaults for every option without a param. */
  public TrainOptions trainOptions() {
    return TrainOptions.defaults().centers(getNumCenters()).epochs(getMaxIter())
        .optimizer(OptimizerKind.parse(getOptimizer())).learningRate(getStepSize()).trainCenters(getTrainCenters())
        .scaling(ScalingMode.parse(getStandardization())).init(InitMode.parse(getInitMode())).seed(getSeed())
        .l2(getRegParam()).batchFraction(getBatchFraction()).aggregationDepth(getAggregationDepth())
        .tolerance(getTol()).earlyStoppingPatience(getEarlyStoppingPatience()).classWeights(getClassWeight())
        .projection(ProjectionSpec.parse(getProjection())).build();
  }

  /** Called by {@code fit}, which has checked the schema and cast the label to double. */
  @Override
  public RbfClassificationModel train(Dataset<?> dataset) {
    TrainOptions config = trainOptions();
    String indicator = getValidationIndicatorCol();
    config.requireValidationFor(indicator != null);
    Column validates = indicator == null ? null : coalesce(col(indicator).cast("boolean"), lit(false));
    DataFrameRows data = validates == null ? DataFrameRows.of(dataset, getLabelCol(), getFeaturesCol(), getWeightCol())
        : DataFrameRows.of(dataset.filter(not(validates)), getLabelCol(), getFeaturesCol(), getWeightCol(),
            "the training part of the DataFrame (validationIndicatorCol '" + indicator + "' false or null)");
    JavaRDD<ParsedRow> validation = validates == null ? null
        : DataFrameRows.of(dataset.filter(validates), getLabelCol(), getFeaturesCol(), getWeightCol(),
            "the validation part of the DataFrame (validationIndicatorCol '" + indicator + "' true)").rows();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
    TrainJob.Outcome outcome = new TrainJob(sc, config, stats -> LOG.debug("{}: {}", uid(), stats.toMap()))
        .run(data.rows(), validation, "DataFrame of " + uid(), data.numFeatures(), data.classes());
    LOG.info("{}: trained {} centers on {} features, {} classes: {}", uid(), config.centers(), data.numFeatures(),
        data.classes().size(), outcome.result().train().toMap());
    return new RbfClassificationModel(uid(), outcome.model());
  }

  @Override
  public RbfClassifier copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** Reads a classifier saved with {@code write().save(path)}. */
  public static MLReader<RbfClassifier> read() {
    return new DefaultParamsReader<>();
  }

  public static RbfClassifier load(String path) {
    return read().load(path);
  }
}
