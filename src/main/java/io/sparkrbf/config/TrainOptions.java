package io.sparkrbf.config;

import io.sparkrbf.init.WeightInit;
import io.sparkrbf.kernel.Precision;
import io.sparkrbf.model.ScalingMode;
import io.sparkrbf.optim.LearningRateSchedule;
import io.sparkrbf.optim.OptimizerKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The options of one training run, as one typed record that is valid by construction: a
 * bad value or combination fails here, as an {@link OptionException}, before Spark starts.
 * The command line, a properties file ({@link #builder(Properties)}) and the Spark ML params
 * all build it through its {@link Builder}, starting from the one copy of the defaults,
 * {@code conf/rbf.properties} ({@link #defaults()}). Recorded in the model's provenance and
 * in every checkpoint's fingerprint ({@link #toMap()}), logged at the start of a run as the
 * flags that reproduce it ({@link #toFlags()}).
 *
 * @param centers number of Gaussian units n for a fresh start
 * @param centersGiven whether {@code centers} was chosen by the user rather than defaulted: a
 *     run that starts from a saved model takes the model's count and refuses a different one
 *     only when it was given
 * @param epochs full passes over the data; with lbfgs the most L-BFGS iterations
 * @param optimizer a step rule (gd, momentum, adam) or full-batch lbfgs
 * @param learningRate step size of the step rules (lbfgs ignores it: its line search finds the steps)
 * @param schedule how the step size changes over the run's updates (lbfgs ignores it)
 * @param trainCenters whether the centers are updated (widths and W always are)
 * @param scaling how inputs are scaled (statistics from the training data)
 * @param init how a fresh run chooses its centers
 * @param initWeights how a fresh run's output weights start
 * @param seed seeds every random choice
 * @param l2 L2 penalty on W without the bias column: {@code E + l2/2 ||W||^2}
 * @param labelSmoothing eps: training targets {@code (1-eps) onehot + eps/K}
 * @param blockRows rows stacked per block
 * @param precision how training blocks are stored and multiplied
 * @param batchFraction share of the rows per update, in (0, 1]: 1 is one full-batch update
 *     per epoch, f &lt; 1 makes {@code ceil(1/f)} mini-batch updates per epoch
 * @param kmeansIterations Lloyd iterations after the k-means seeding
 * @param kmeansSampleRows at most this many rows (a seeded sample) feed k-means
 * @param aggregationDepth task levels that sum the partitions' results ({@code io.sparkrbf.aggregate.AggregationPlan}):
 *     0 chooses them from the partitions and the result size
 * @param tolerance lbfgs only: Breeze's relative convergence tolerance
 * @param validationFraction share of the training rows held out as validation data, in (0, 0.5], by a seeded
 *     hash of each row's position; 0 holds out none
 * @param earlyStoppingPatience stop after this many epochs without a lower validation loss; 0 never stops early
 * @param classWeights weights per class that multiply the instance weights ({@code --class-weight})
 * @param projection the principal components the network sees instead of the scaled inputs, or none
 */
public record TrainOptions(
    int centers,
    boolean centersGiven,
    int epochs,
    OptimizerKind optimizer,
    double learningRate,
    LearningRateSchedule schedule,
    boolean trainCenters,
    ScalingMode scaling,
    InitMode init,
    WeightInit initWeights,
    long seed,
    double l2,
    double labelSmoothing,
    int blockRows,
    Precision precision,
    double batchFraction,
    int kmeansIterations,
    int kmeansSampleRows,
    int aggregationDepth,
    double tolerance,
    double validationFraction,
    int earlyStoppingPatience,
    ClassWeights classWeights,
    ProjectionSpec projection) {

  /**
   * Every option: its long flag (also its key in rbf.properties), its name in provenance, how
   * a text value sets it and how to read it back. One table, so the flags, the properties file
   * and the provenance cannot drift apart.
   */
  private static final List<Option> OPTIONS = List.of(
      new Option("centers", "centers", (b, v) -> b.centers = integer(v), TrainOptions::centers),
      new Option("epochs", "epochs", (b, v) -> b.epochs = integer(v), TrainOptions::epochs),
      new Option("optimizer", "optimizer", (b, v) -> b.optimizer = OptimizerKind.parse(v), o -> o.optimizer.id()),
      new Option("learning-rate", "learningRate", (b, v) -> b.learningRate = decimal(v), TrainOptions::learningRate),
      new Option("lr-schedule", "schedule", (b, v) -> b.schedule = LearningRateSchedule.parse(v),
          o -> o.schedule.id()),
      new Option("train-centers", "trainCenters", (b, v) -> b.trainCenters = bool(v), TrainOptions::trainCenters),
      new Option("standardize", "scaling", (b, v) -> b.scaling = ScalingMode.parse(v), o -> o.scaling.id()),
      new Option("init", "init", (b, v) -> b.init = InitMode.parse(v), o -> o.init.id()),
      new Option("init-weights", "initWeights", (b, v) -> b.initWeights = WeightInit.parse(v),
          o -> o.initWeights.id()),
      new Option("seed", "seed", (b, v) -> b.seed = Long.parseLong(v), TrainOptions::seed),
      new Option("l2", "l2", (b, v) -> b.l2 = decimal(v), TrainOptions::l2),
      new Option("label-smoothing", "labelSmoothing", (b, v) -> b.labelSmoothing = decimal(v),
          TrainOptions::labelSmoothing),
      new Option("block-rows", "blockRows", (b, v) -> b.blockRows = integer(v), TrainOptions::blockRows),
      new Option("precision", "precision", (b, v) -> b.precision = Precision.parse(v), o -> o.precision.id()),
      new Option("batch-fraction", "batchFraction", (b, v) -> b.batchFraction = decimal(v),
          TrainOptions::batchFraction),
      new Option("kmeans-iterations", "kmeansIterations", (b, v) -> b.kmeansIterations = integer(v),
          TrainOptions::kmeansIterations),
      new Option("kmeans-sample-rows", "kmeansSampleRows", (b, v) -> b.kmeansSampleRows = integer(v),
          TrainOptions::kmeansSampleRows),
      new Option("aggregation-depth", "aggregationDepth", (b, v) -> b.aggregationDepth = integer(v),
          TrainOptions::aggregationDepth),
      new Option("tol", "tolerance", (b, v) -> b.tolerance = decimal(v), TrainOptions::tolerance),
      new Option("validation-fraction", "validationFraction", (b, v) -> b.validationFraction = decimal(v),
          TrainOptions::validationFraction),
      new Option("early-stopping-patience", "earlyStoppingPatience", (b, v) -> b.earlyStoppingPatience = integer(v),
          TrainOptions::earlyStoppingPatience),
      new Option("class-weight", "classWeight", (b, v) -> b.classWeights = ClassWeights.parse(v),
          o -> o.classWeights.spec()),
      new Option("projection", "projection", (b, v) -> b.projection = ProjectionSpec.parse(v), o -> o.projection.id()));

  private static final Logger LOG = LoggerFactory.getLogger(TrainOptions.class);

  /** The defaults of conf/rbf.properties, as bundled in the jar. */
  public static final TrainOptions DEFAULTS = apply(new Builder(), BundledDefaults.properties()).build();

  public TrainOptions {
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(scaling, "scaling");
    Objects.requireNonNull(init, "init");
    Objects.requireNonNull(initWeights, "initWeights");
    Objects.requireNonNull(precision, "precision");
    classWeights = classWeights == null ? ClassWeights.NONE : classWeights;
    Objects.requireNonNull(projection, "projection");
    atLeast("centers", centers, 1);
    atLeast("epochs", epochs, 0);
    positive("learning-rate", learningRate);
    if (!(l2 >= 0) || !Double.isFinite(l2)) {
      throw new OptionException("--l2 must be a number >= 0, got " + l2);
    }
    if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
      throw new OptionException("--label-smoothing must be in [0, 1), got " + labelSmoothing);
    }
    atLeast("block-rows", blockRows, 1);
    if (!(batchFraction > 0 && batchFraction <= 1)) {
      throw new OptionException("--batch-fraction must be in (0, 1], got " + batchFraction);
    }
    atLeast("kmeans-iterations", kmeansIterations, 1);
    atLeast("kmeans-sample-rows", kmeansSampleRows, 1);
    atLeast("aggregation-depth", aggregationDepth, 0);
    positive("tol", tolerance);
    if (optimizer == OptimizerKind.LBFGS && batchFraction != 1) {
      throw new OptionException("--optimizer lbfgs is full-batch: --batch-fraction must be 1, got " + batchFraction);
    }
    if (!(validationFraction == 0 || validationFraction > 0 && validationFraction <= 0.5)) {
      throw new OptionException("--validation-fraction must be in (0, 0.5] (0: none), got " + validationFraction);
    }
    atLeast("early-stopping-patience", earlyStoppingPatience, 0);
  }

  /** A builder holding the defaults of conf/rbf.properties. */
  public static Builder defaults() {
    return new Builder(DEFAULTS);
  }

  /**
   * A builder holding the bundled defaults overlaid with the training keys of
   * {@code properties} (long option names without dashes; blank values are skipped and
   * other keys ignored). Values set this way are defaults, not choices: see {@link #centersGiven}.
   */
  public static Builder builder(Properties properties) {
    return apply(new Builder(DEFAULTS), properties);
  }

  private static Builder apply(Builder b, Properties properties) {
    for (Option option : OPTIONS) {
      String value = properties.getProperty(option.flag());
      if (value != null && !value.isBlank()) {
        try {
          option.set().accept(b, value.trim());
        } catch (IllegalArgumentException e) { // NumberFormatException and the enums' unknown names
          throw new OptionException(option.flag() + "=" + value.trim() + ": " + e.getMessage());
        }
      }
    }
    return b;
  }

  /** A builder holding these options, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** These options with {@code n} centers, for a run whose start (a saved model) fixes the count. */
  public TrainOptions withCenters(int n) {
    Builder b = toBuilder();
    b.centers = n;
    return b.build();
  }

  /** Whether this run trains with full-batch L-BFGS rather than a step rule. */
  public boolean usesLbfgs() {
    return optimizer == OptimizerKind.LBFGS;
  }

  /**
   * The values under their provenance names, JSON-ready (enums by their command-line names).
   * Options that change nothing are left out (the L-BFGS tolerance of a step rule, no class
   * weights, no projection, no validation data or patience), so checkpoints of runs from before
   * an option existed still resume.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Option option : OPTIONS) {
      m.put(option.provenance(), option.get().apply(this));
    }
    if (!usesLbfgs()) {
      m.remove("tolerance");
    }
    if (classWeights.isNone()) {
      m.remove("classWeight");
    }
    if (!projection.projects()) {
      m.remove("projection");
    }
    if (validationFraction == 0) {
      m.remove("validationFraction");
    }
    if (earlyStoppingPatience == 0) {
      m.remove("earlyStoppingPatience");
    }
    return m;
  }

  /**
   * Refuses early stopping without validation data to watch ({@code --validation}, {@code --validation-fraction}
   * or the Spark ML API's {@code validationIndicatorCol}).
   */
  public void requireValidationFor(boolean hasValidationData) {
    if (earlyStoppingPatience > 0 && !hasValidationData) {
      throw new OptionException("--early-stopping-patience " + earlyStoppingPatience + " watches the validation "
          + "loss: give --validation PATH or --validation-fraction f (Spark ML: validationIndicatorCol)");
    }
  }

  /** The flags that give these options, e.g. {@code --centers 8 --epochs 60 ...}, for the log. */
  public String toFlags() {
    return toFlagMap().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(" "));
  }

  /**
   * The values under the flags a user types ({@code --learning-rate}), in the order of {@link #toFlags};
   * {@code --class-weight} only when given.
   */
  public Map<String, Object> toFlagMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (Option option : OPTIONS) {
      if (!option.provenance().equals("classWeight") || !classWeights.isNone()) {
        m.put("--" + option.flag(), option.get().apply(this));
      }
    }
    return m;
  }

  /**
   * These options for a data set of {@code rows} training rows: a center count that was not
   * given (the default) is at most half the rows, so a small data set trains without a
   * {@code --centers} of its own (the log says which count); a given count must fit the rows.
   */
  public TrainOptions fittedTo(long rows) {
    if (centersGiven) {
      requireCentersFit(centers, rows);
      return this;
    }
    long most = Math.max(1, rows / 2);
    if (centers <= most) {
      return this;
    }
    LOG.info("{} centers, half the {} training rows: the default --centers {} is for larger data; --centers "
        + "chooses another count", most, rows, centers);
    return withCenters((int) most);
  }

  /** Refuses {@code n} centers chosen from fewer than {@code n} rows, naming the count that fits. */
  public static void requireCentersFit(int n, long rows) {
    if (n > rows) {
      throw new OptionException("--centers " + n + " is more than the " + rows + " training rows; use --centers "
          + rows + " or fewer");
    }
  }

  private static void atLeast(String flag, long value, long min) {
    if (value < min) {
      throw new OptionException("--" + flag + " must be >= " + min + ", got " + value);
    }
  }

  private static void positive(String flag, double value) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new OptionException("--" + flag + " must be a positive number, got " + value);
    }
  }

  private static int integer(String v) {
    return Integer.parseInt(v);
  }

  private static double decimal(String v) {
    return Double.parseDouble(v);
  }

  private static boolean bool(String v) {
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException("expected true or false");
    }
    return Boolean.parseBoolean(v);
  }

  /** One option's names and accessors. */
  private record Option(String flag, String provenance, BiConsumer<Builder, String> set,
                        Function<TrainOptions, Object> get) {
  }

  /** Sets options one by one; {@link #build()} validates them all at once. */
  public static final class Builder {
    private int centers;
    private boolean centersGiven;
    private int epochs;
    private OptimizerKind optimizer;
    private double learningRate;
    private LearningRateSchedule schedule;
    private boolean trainCenters;
    private ScalingMode scaling;
    private InitMode init;
    private WeightInit initWeights;
    private long seed;
    private double l2;
    private double labelSmoothing;
    private int blockRows;
    private Precision precision;
    private double batchFraction;
    private int kmeansIterations;
    private int kmeansSampleRows;
    private int aggregationDepth;
    private double tolerance;
    private double validationFraction;
    private int earlyStoppingPatience;
    private ClassWeights classWeights;
    private ProjectionSpec projection;

    private Builder() {
    }

    private Builder(TrainOptions o) {
      centers = o.centers;
      centersGiven = o.centersGiven;
      epochs = o.epochs;
      optimizer = o.optimizer;
      learningRate = o.learningRate;
      schedule = o.schedule;
      trainCenters = o.trainCenters;
      scaling = o.scaling;
      init = o.init;
      initWeights = o.initWeights;
      seed = o.seed;
      l2 = o.l2;
      labelSmoothing = o.labelSmoothing;
      blockRows = o.blockRows;
      precision = o.precision;
      batchFraction = o.batchFraction;
      kmeansIterations = o.kmeansIterations;
      kmeansSampleRows = o.kmeansSampleRows;
      aggregationDepth = o.aggregationDepth;
      tolerance = o.tolerance;
      validationFraction = o.validationFraction;
      earlyStoppingPatience = o.earlyStoppingPatience;
      classWeights = o.classWeights;
      projection = o.projection;
    }

    /** The user's choice of n; a start from a saved model with another count is then refused. */
    public Builder centers(int n) {
      centers = n;
      centersGiven = true;
      return this;
    }

    public Builder epochs(int value) {
      epochs = value;
      return this;
    }

    public Builder optimizer(OptimizerKind value) {
      optimizer = value;
      return this;
    }

    public Builder learningRate(double value) {
      learningRate = value;
      return this;
    }

    public Builder schedule(LearningRateSchedule value) {
      schedule = value;
      return this;
    }

    public Builder trainCenters(boolean value) {
      trainCenters = value;
      return this;
    }

    public Builder scaling(ScalingMode value) {
      scaling = value;
      return this;
    }

    public Builder init(InitMode value) {
      init = value;
      return this;
    }

    public Builder initWeights(WeightInit value) {
      initWeights = value;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder l2(double value) {
      l2 = value;
      return this;
    }

    public Builder labelSmoothing(double value) {
      labelSmoothing = value;
      return this;
    }

    public Builder blockRows(int value) {
      blockRows = value;
      return this;
    }

    public Builder precision(Precision value) {
      precision = value;
      return this;
    }

    public Builder batchFraction(double value) {
      batchFraction = value;
      return this;
    }

    public Builder kmeansIterations(int value) {
      kmeansIterations = value;
      return this;
    }

    public Builder kmeansSampleRows(int value) {
      kmeansSampleRows = value;
      return this;
    }

    public Builder aggregationDepth(int value) {
      aggregationDepth = value;
      return this;
    }

    public Builder tolerance(double value) {
      tolerance = value;
      return this;
    }

    public Builder validationFraction(double value) {
      validationFraction = value;
      return this;
    }

    public Builder earlyStoppingPatience(int value) {
      earlyStoppingPatience = value;
      return this;
    }

    /** {@code balanced}, {@code label:weight,...}, or empty for none ({@link ClassWeights#parse}). */
    public Builder classWeights(String spec) {
      classWeights = ClassWeights.parse(spec);
      return this;
    }

    public Builder projection(ProjectionSpec value) {
      projection = value;
      return this;
    }

    /** The options, validated: an {@link OptionException} names the first bad one. */
    public TrainOptions build() {
      return new TrainOptions(centers, centersGiven, epochs, optimizer, learningRate, schedule, trainCenters, scaling,
          init, initWeights, seed, l2, labelSmoothing, blockRows, precision, batchFraction, kmeansIterations,
          kmeansSampleRows, aggregationDepth, tolerance, validationFraction, earlyStoppingPatience, classWeights,
          projection);
    }
  }
}
