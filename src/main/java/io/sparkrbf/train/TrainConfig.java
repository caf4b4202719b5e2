package io.sparkrbf.train;

import io.sparkrbf.config.OptionException;
import io.sparkrbf.init.OutputWeights;
import io.sparkrbf.kernel.Precision;
import io.sparkrbf.model.ScalingMode;
import io.sparkrbf.optim.LearningRateSchedule;
import io.sparkrbf.optim.Optimizers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The hyperparameters of one training run, validated on construction so a bad value
 * fails before Spark starts. Recorded in the model's provenance.
 *
 * @param centers number of Gaussian units n
 * @param epochs full passes over the data; with lbfgs the most L-BFGS iterations
 * @param optimizer gd, momentum, adam (step rules) or lbfgs (full-batch L-BFGS)
 * @param learningRate step size (lbfgs ignores it: its line search finds the steps)
 * @param schedule how the step size changes over the run's updates (lbfgs ignores it)
 * @param trainCenters whether the centers are updated (widths and W always are)
 * @param scaling how inputs are scaled: zscore, global or none (statistics from the training data)
 * @param init how centers are chosen: kmeans (k-means|| seeding, then Lloyd), kmeans-random
 *     (random seeding, then Lloyd: much faster for hundreds of centers) or random (rows)
 * @param initWeights zero or random
 * @param seed seeds every random choice
 * @param l2 L2 penalty on W without the bias column: {@code E + l2/2 ||W||^2}
 * @param labelSmoothing eps: targets {@code (1-eps) onehot + eps/K}
 * @param blockRows rows stacked per block
 * @param precision how training blocks are stored and multiplied (double or float)
 * @param batchFraction share of the rows per update, in (0, 1]: 1 is one full-batch update
 *     per epoch, f &lt; 1 makes {@code ceil(1/f)} mini-batch updates per epoch
 * @param kmeansIterations Lloyd iterations after k-means|| seeding
 * @param kmeansSampleRows at most this many rows (a seeded sample) feed k-means
 * @param aggregationDepth treeAggregate depth
 * @param tolerance lbfgs only: Breeze's relative convergence tolerance (see {@link io.sparkrbf.optim.Lbfgs})
 */
public record TrainConfig(
    int centers,
    int epochs,
    String optimizer,
    double learningRate,
    LearningRateSchedule schedule,
    boolean trainCenters,
    ScalingMode scaling,
    String init,
    String initWeights,
    long seed,
    double l2,
    double labelSmoothing,
    int blockRows,
    Precision precision,
    double batchFraction,
    int kmeansIterations,
    int kmeansSampleRows,
    int aggregationDepth,
    double tolerance) {

  /** The center initializations {@code init} accepts. */
  public static final List<String> INIT_MODES = List.of("kmeans", "kmeans-random", "random");
  /** Full-batch L-BFGS: not a step rule, trained by {@link LbfgsTrainer}. */
  public static final String LBFGS = "lbfgs";
  /** The optimizers {@code optimizer} accepts: the step rules of {@link Optimizers} and lbfgs. */
  public static final List<String> OPTIMIZERS = Stream.concat(Optimizers.NAMES.stream(), Stream.of(LBFGS)).toList();

  public TrainConfig {
    java.util.Objects.requireNonNull(scaling, "scaling");
    java.util.Objects.requireNonNull(precision, "precision");
    java.util.Objects.requireNonNull(schedule, "schedule");
    atLeast("centers", centers, 1);
    atLeast("epochs", epochs, 0);
    if (!OPTIMIZERS.contains(optimizer)) {
      throw new OptionException("unknown optimizer '" + optimizer + "', expected one of " + OPTIMIZERS);
    }
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new OptionException("learning rate must be a positive number, got " + learningRate);
    }
    if (!INIT_MODES.contains(init)) {
      throw new OptionException("unknown init '" + init + "', expected one of " + INIT_MODES);
    }
    if (!OutputWeights.MODES.contains(initWeights)) {
      throw new OptionException("unknown init-weights '" + initWeights + "', expected one of " + OutputWeights.MODES);
    }
    if (!(l2 >= 0) || !Double.isFinite(l2)) {
      throw new OptionException("l2 must be >= 0, got " + l2);
    }
    if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
      throw new OptionException("label smoothing must be in [0, 1), got " + labelSmoothing);
    }
    atLeast("block rows", blockRows, 1);
    if (!(batchFraction > 0 && batchFraction <= 1)) {
      throw new OptionException("batch fraction must be in (0, 1], got " + batchFraction);
    }
    atLeast("k-means iterations", kmeansIterations, 1);
    atLeast("k-means sample rows", kmeansSampleRows, 1);
    atLeast("aggregation depth", aggregationDepth, 1);
    if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
      throw new OptionException("tolerance must be a positive number, got " + tolerance);
    }
    if (LBFGS.equals(optimizer) && batchFraction != 1) { // the parameter: fields are set after this block
      throw new OptionException("--optimizer lbfgs is full-batch: --batch-fraction must be 1, got "
          + batchFraction);
    }
  }

  /** Whether this run trains with full-batch L-BFGS rather than a step rule. */
  public boolean usesLbfgs() {
    return LBFGS.equals(optimizer);
  }

  /** The values as a JSON-friendly map, for provenance. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("centers", centers);
    m.put("epochs", epochs);
    m.put("optimizer", optimizer);
    m.put("learningRate", learningRate);
    m.put("schedule", schedule.id());
    m.put("trainCenters", trainCenters);
    m.put("scaling", scaling.id());
    m.put("init", init);
    m.put("initWeights", initWeights);
    m.put("seed", seed);
    m.put("l2", l2);
    m.put("labelSmoothing", labelSmoothing);
    m.put("blockRows", blockRows);
    m.put("precision", precision.id());
    m.put("batchFraction", batchFraction);
    m.put("kmeansIterations", kmeansIterations);
    m.put("kmeansSampleRows", kmeansSampleRows);
    m.put("aggregationDepth", aggregationDepth);
    if (usesLbfgs()) {
      // only where it matters: checkpoints of gd, momentum and adam runs from before it existed still resume
      m.put("tolerance", tolerance);
    }
    return m;
  }

  private static void atLeast(String what, long value, long min) {
    if (value < min) {
      throw new OptionException(what + " must be >= " + min + ", got " + value);
    }
  }
}
