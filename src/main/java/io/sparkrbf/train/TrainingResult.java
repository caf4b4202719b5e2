package io.sparkrbf.train;

import io.sparkrbf.kernel.RbfParameters;
import java.util.List;

/**
 * The outcome of training: final parameters, the per-epoch history and the final
 * model's metrics.
 *
 * @param test null without a test set
 */
public record TrainingResult(RbfParameters parameters, List<EpochStats> history, Metrics train, Metrics test) {
}
