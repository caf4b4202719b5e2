package io.sparkrbf.train;

import io.sparkrbf.kernel.RbfParameters;
import java.util.List;

/**
 * The outcome of training: final parameters (with validation data, those of the epoch with
 * the lowest validation loss), the per-epoch history and the final model's metrics.
 *
 * @param test null without a test set
 * @param selection which epoch's model was kept and why training ended; null without validation data
 */
public record TrainingResult(RbfParameters parameters, List<EpochStats> history, Metrics train, Metrics test,
                             ModelSelection selection) {

  /** The result for the final {@code params}, evaluated once more on the training and (when not null) test data. */
  public static TrainingResult evaluated(RbfParameters params, List<EpochStats> history, DistributedLoss train,
                                  DistributedLoss test, ModelSelection selection) {
    Metrics finalTrain = Metrics.fromSums(train.lossSums(params, "final evaluation"));
    Metrics finalTest = test == null ? null : Metrics.fromSums(test.lossSums(params, "final evaluation (test)"));
    return new TrainingResult(params, List.copyOf(history), finalTrain, finalTest, selection);
  }
}
