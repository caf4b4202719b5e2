package io.sparkrbf.train;

import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.optim.LearningRateSchedule;
import io.sparkrbf.optim.Optimizer;
import java.util.List;

/**
 * The step rules' epoch (gd, momentum, adam): each update is one distributed pass that gives
 * the mean loss and gradient, then one optimizer step. With batch fraction 1, one full-batch
 * update per epoch; with f &lt; 1, {@code ceil(1/f)} updates per epoch, each on one slice of
 * every block ({@link MiniBatchSchedule}), and the epoch reports the loss and accuracy
 * averaged over its steps. Deterministic given the data, the partitioning, the seed and the
 * starting parameters.
 */
public final class StepRule implements EpochRule {
  private final TrainingObjective objective;
  private final Optimizer optimizer;
  private final LearningRateSchedule schedule;
  private final MiniBatchSchedule batches;
  private final RbfParameters params;
  private final double[] startBetas;
  private final BetaFloor betaFloor;
  private final long updates;
  private long update;

  /**
   * @param params where training starts, updated in place
   * @param startBetas the widths training started from (they set the beta floor)
   * @param epochs the run's last epoch, for the learning-rate schedule
   * @param resumed a checkpoint's state to continue from (the optimizer's state and the update count),
   *     or null for a new run
   */
  public StepRule(TrainingObjective objective, Optimizer optimizer, LearningRateSchedule schedule,
                  double batchFraction, long seed, int epochs, RbfParameters params, double[] startBetas,
                  TrainingState resumed) {
    this.objective = objective;
    this.optimizer = optimizer;
    this.schedule = schedule;
    this.batches = new MiniBatchSchedule(batchFraction, seed);
    this.params = params;
    this.startBetas = startBetas;
    this.betaFloor = new BetaFloor(params.shape(), startBetas);
    this.updates = (long) epochs * batches.stepsPerEpoch();
    if (resumed != null) {
      optimizer.restore(resumed.optimizerState());
      update = resumed.updates();
    }
  }

  @Override
  public Progress epoch(int epoch, String name) {
    BlockSlice[] steps = batches.epoch(epoch);
    double lossSum = 0;
    double correct = 0;
    double count = 0;
    double gradNormSum = 0;
    for (int step = 0; step < steps.length; step++) {
      String description = steps.length == 1 ? name : name + " step " + (step + 1) + "/" + steps.length;
      TrainingObjective.Value value = objective.at(params, steps[step], description);
      if (value.rows() == 0) { // a mini-batch slice whose rows all weigh 0 has nothing to learn from
        update++;
        continue;
      }
      double gradNorm = value.gradNorm();
      NonFiniteTrainingException.requireFinite(epoch, value.loss(), gradNorm);
      optimizer.step(params.values(), value.gradient(), schedule.factor(update++, updates));
      betaFloor.apply(params.values());
      NonFiniteTrainingException.requireFiniteParameters(epoch, params.firstNonFinite() < 0);
      lossSum += value.loss() * value.rows();
      correct += value.correct();
      count += value.rows();
      gradNormSum += gradNorm;
    }
    return new Progress(lossSum / count, correct / count, gradNormSum / steps.length);
  }

  @Override
  public RbfParameters parameters() {
    return params;
  }

  @Override
  public TrainingState state(int epoch, List<EpochStats> history) {
    return new TrainingState(epoch, update, params.values().clone(), optimizer.state(), startBetas, history);
  }

  @Override
  public String stopReason() {
    return null;
  }
}
