package io.sparkrbf.train;

import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.kernel.RbfShape;
import io.sparkrbf.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The epoch loop on the driver: each epoch one distributed pass gives the summed loss
 * and gradients, the driver divides by N, adds the L2 term, checks that everything is
 * finite and lets the optimizer update the parameters.
 *
 * <p>With batch fraction 1, one full-batch update per epoch; with f &lt; 1, each epoch
 * makes {@code ceil(1/f)} updates, each on one slice of every block ({@link MiniBatchSchedule}),
 * and reports the loss and accuracy averaged over its steps. Either way a run is
 * deterministic given the data, the partitioning, the seed and the starting parameters.
 */
public final class Trainer {
  private final DistributedLoss train;
  private final TrainingObjective objective;
  private final DistributedLoss test;
  private final TrainConfig config;
  private final EpochListener listener;

  /**
   * @param test evaluated each epoch when not null
   */
  public Trainer(DistributedLoss train, DistributedLoss test, TrainConfig config, EpochListener listener) {
    this.train = train;
    this.objective = new TrainingObjective(train, config.trainCenters(), config.l2());
    this.test = test;
    this.config = config;
    this.listener = listener;
  }

  /** Trains from {@code initial} (not modified) for the configured number of epochs. */
  public TrainingResult train(RbfParameters initial, Optimizer optimizer) {
    return train(initial, optimizer, null, Checkpointing.NONE);
  }

  /**
   * Trains from {@code initial}, or continues {@code resume} when not null (then
   * {@code initial} only gives the shape), handing the {@link TrainingState} to the
   * checkpoint store whenever {@code checkpointing} says it is due.
   */
  public TrainingResult train(RbfParameters initial, Optimizer optimizer, TrainingState resume,
                              Checkpointing checkpointing) {
    RbfShape shape = initial.shape();
    RbfParameters params = resume == null ? initial.copy() : new RbfParameters(shape, resume.parameters().clone());
    double[] startBetas = resume == null ? initial.betas() : resume.startBetas();
    BetaFloor betaFloor = new BetaFloor(shape, startBetas);
    double[] theta = params.values();
    MiniBatchSchedule batches = new MiniBatchSchedule(config.batchFraction(), config.seed());
    List<EpochStats> history = new ArrayList<>(resume == null ? List.of() : resume.history());
    int epochs = config.epochs();
    long updates = (long) epochs * batches.stepsPerEpoch();
    long update = resume == null ? 0 : resume.updates();
    if (resume != null) {
      optimizer.restore(resume.optimizerState());
    }
    for (int epoch = resume == null ? 1 : resume.epoch() + 1; epoch <= epochs; epoch++) {
      long start = System.nanoTime();
      String name = "epoch " + epoch + "/" + epochs;
      Metrics testBefore = test == null ? null : Metrics.fromSums(test.lossSums(params, name + " test"));
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
        update(params, value.gradient(), value.loss(), gradNorm, optimizer,
            config.schedule().factor(update++, updates), betaFloor, epoch);
        lossSum += value.loss() * value.rows();
        correct += value.correct();
        count += value.rows();
        gradNormSum += gradNorm;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      EpochStats stats = new EpochStats(epoch, epochs, lossSum / count, correct / count,
          testBefore == null ? Double.NaN : testBefore.loss(),
          testBefore == null ? Double.NaN : testBefore.accuracy(), gradNormSum / steps.length, seconds);
      history.add(stats);
      listener.epochDone(stats);
      if (checkpointing.due(epoch, epochs)) {
        checkpointing.sink().accept(new TrainingState(epoch, update, theta.clone(), optimizer.state(), startBetas,
            List.copyOf(history)));
      }
    }
    return TrainingResult.evaluated(params, history, train, test);
  }

  /**
   * One optimizer step; refused (naming the epoch) before it when the loss or gradient is
   * not finite, and after it when a parameter is not.
   */
  private static void update(RbfParameters params, double[] gradient, double loss, double gradNorm,
                             Optimizer optimizer, double rateScale, BetaFloor betaFloor, int epoch) {
    if (!Double.isFinite(loss)) {
      throw new NonFiniteTrainingException(epoch, "the training loss");
    }
    if (!Double.isFinite(gradNorm)) {
      throw new NonFiniteTrainingException(epoch, "the gradient");
    }
    optimizer.step(params.values(), gradient, rateScale);
    betaFloor.apply(params.values());
    if (params.firstNonFinite() >= 0) {
      throw new NonFiniteTrainingException(epoch, "the updated parameters");
    }
  }
}
