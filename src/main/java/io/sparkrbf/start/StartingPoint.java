package io.sparkrbf.start;

import io.sparkrbf.config.OptionException;
import io.sparkrbf.config.ProjectionSpec;
import io.sparkrbf.config.TrainOptions;
import io.sparkrbf.data.TrainingData;
import io.sparkrbf.init.OutputWeights;
import io.sparkrbf.init.Widths;
import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.kernel.RbfShape;
import io.sparkrbf.model.Projection;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.train.EpochStats;
import io.sparkrbf.train.TrainingState;
import java.util.List;
import java.util.Optional;

/**
 * Where a run's parameters start, decided in one place for the three ways a run begins: a
 * checkpoint of this same run ({@code --resume}), a saved model ({@code --init-model}: its
 * parameters, classes and scaling) or a fresh start (centers chosen from the data, widths
 * from their spacing, output weights zero or random).
 *
 * <p>The start fixes the network's shape: a saved model's number of centers is the run's,
 * and a different {@code --centers} given on the command line is refused
 * ({@link #shapedBy}); so is a {@code --projection} other than the model's, which the run keeps. A
 * checkpoint must hold parameters of that shape.
 *
 * @param options the run's options, with the number of centers the start has
 * @param parameters the parameters training starts from (a copy: training may change them)
 * @param startBetas the widths the run started from (on resume, those of the original start):
 *     they set the beta floor and Adam's step scales
 * @param resumed the checkpoint continued, or null
 * @param origin how the run's parameters were first made: {@code model}, or the init mode
 */
public record StartingPoint(TrainOptions options, RbfParameters parameters, double[] startBetas,
                            TrainingState resumed, String origin) {

  /** The origin of a run started from a saved model. */
  public static final String FROM_MODEL = "model";

  /**
   * The options of a run that starts from {@code model} (may be null): the model's number of
   * centers and its projection (as {@code pca:k}, or none), or an error when the user asked for
   * other ones. {@code --projection none} cannot be told from the default, so it keeps the model's.
   */
  public static TrainOptions shapedBy(TrainOptions options, RbfModel model) {
    if (model == null) {
      return options;
    }
    int n = model.shape().numCenters();
    if (options.centersGiven() && options.centers() != n) {
      throw new OptionException("--centers " + options.centers() + " conflicts with --init-model, whose network has "
          + n + " centers; leave --centers out to continue training that network");
    }
    return options.withCenters(n).toBuilder().projection(projectionOf(options.projection(), model)).build();
  }

  /** The model's projection as a spec; a {@code --projection} that asks for another is refused. */
  private static ProjectionSpec projectionOf(ProjectionSpec asked, RbfModel model) {
    Projection p = model.projection();
    ProjectionSpec used = p == null ? ProjectionSpec.NONE : new ProjectionSpec(p.outputFeatures(), 0);
    if (asked.projects() && (p == null || !keeps(asked, p))) {
      throw new OptionException("--projection " + asked.id() + " conflicts with --init-model, whose network sees "
          + (p == null ? "the inputs without a projection" : "--projection " + used.id() + " (it " + p.describe() + ")")
          + "; leave --projection out to continue training that network");
    }
    return used;
  }

  /** Whether {@code asked}, learned on the model's training rows, would keep the model's components. */
  private static boolean keeps(ProjectionSpec asked, Projection p) {
    int k = p.outputFeatures();
    if (asked.components() > 0) {
      return asked.components() == k;
    }
    return asked.componentsToKeep(p.explainedVariance()) == k
        && (p.keptShare() >= asked.variance() || k == p.inputFeatures());
  }

  /** How a run with these options and starting model (may be null) first makes its parameters. */
  public static String origin(TrainOptions options, RbfModel model) {
    return model != null ? FROM_MODEL : options.init().id();
  }

  /**
   * The start of a run with {@code options} (already {@link #shapedBy} the model) on
   * {@code data}: the checkpoint when there is one, else the model when given, else a fresh
   * start from the data's cached rows.
   */
  public static StartingPoint choose(TrainOptions options, TrainingData data, RbfModel model,
                                     Optional<TrainingState> checkpoint) {
    RbfShape shape = new RbfShape(data.networkFeatures(), options.centers(), data.labels().size());
    String origin = origin(options, model);
    if (checkpoint.isPresent()) {
      TrainingState state = checkpoint.get();
      if (state.parameters().length != shape.size() || state.startBetas().length != shape.numCenters()
          || state.best() != null && state.best().parameters().length != shape.size()) {
        throw new IllegalArgumentException("the checkpoint of epoch " + state.epoch() + " holds "
            + state.parameters().length + " parameters, but this run's network " + shape + " has " + shape.size());
      }
      return new StartingPoint(options, new RbfParameters(shape, state.parameters().clone()), state.startBetas(),
          state, origin);
    }
    if (model != null) {
      RbfParameters p = model.parameters().copy();
      return new StartingPoint(options, p, p.betas(), null, origin);
    }
    return fresh(options, data, shape, origin);
  }

  private static StartingPoint fresh(TrainOptions options, TrainingData data, RbfShape shape, String origin) {
    double[][] centers = new CenterInitializer(options, data.inputMap(), data.labels())
        .choose(data.rows(), data.summary().count(), data.summary().classWeights(data.labels()));
    double[] betas = Widths.fromNeighbours(centers, data.scaledSpread());
    double[][] weights = new double[shape.numClasses()][shape.weightColumns()];
    RbfParameters params = RbfParameters.of(weights, betas, centers);
    OutputWeights.initialize(options.initWeights(), params.values(), shape.betasOffset(), options.seed());
    return new StartingPoint(options, params, params.betas(), null, origin);
  }

  /** The first epoch to run: 1, or the one after the checkpoint's. */
  public int firstEpoch() {
    return resumed == null ? 1 : resumed.epoch() + 1;
  }

  /** The epochs already done: the checkpoint's history, or none. */
  public List<EpochStats> history() {
    return resumed == null ? List.of() : resumed.history();
  }
}
