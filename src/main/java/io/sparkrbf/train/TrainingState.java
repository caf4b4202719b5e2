package io.sparkrbf.train;

import java.util.List;

/**
 * Everything needed to continue a run exactly where it stopped: the parameters after
 * {@code epoch} completed epochs, the optimizer's state, how many updates were made (the
 * learning-rate schedule's position), the widths training started from (they set the
 * beta floor and Adam's step scales), the history so far and, with validation data, the
 * best model seen so far.
 *
 * @param epoch completed epochs
 * @param updates optimizer steps made so far
 * @param best the model of the epoch with the lowest validation loss so far, or null (no
 *     validation data, or a checkpoint from before early stopping existed)
 */
public record TrainingState(int epoch, long updates, double[] parameters, double[][] optimizerState,
                            double[] startBetas, List<EpochStats> history, BestModel best) {

  /** A state without a best model (the rules make these; the epoch loop adds its best). */
  public TrainingState(int epoch, long updates, double[] parameters, double[][] optimizerState, double[] startBetas,
                       List<EpochStats> history) {
    this(epoch, updates, parameters, optimizerState, startBetas, history, null);
  }

  /** This state with {@code bestSoFar} as its best model. */
  public TrainingState withBest(BestModel bestSoFar) {
    return new TrainingState(epoch, updates, parameters, optimizerState, startBetas, history, bestSoFar);
  }
}
