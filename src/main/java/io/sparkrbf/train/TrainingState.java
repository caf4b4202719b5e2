package io.sparkrbf.train;

import java.util.List;

/**
 * Everything needed to continue a run exactly where it stopped: the parameters after
 * {@code epoch} completed epochs, the optimizer's state, how many updates were made (the
 * learning-rate schedule's position), the widths training started from (they set the
 * beta floor and Adam's step scales) and the history so far.
 *
 * @param epoch completed epochs
 * @param updates optimizer steps made so far
 */
public record TrainingState(int epoch, long updates, double[] parameters, double[][] optimizerState,
                            double[] startBetas, List<EpochStats> history) {
}
