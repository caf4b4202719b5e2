package io.sparkrbf.train;

import io.sparkrbf.kernel.RbfParameters;
import java.util.List;

/**
 * How the parameters are updated during one epoch, plugged into the {@link EpochLoop}: a
 * step rule (gd, momentum or adam; one or more mini-batch steps per epoch) or full-batch
 * L-BFGS (one iteration per epoch). The loop owns everything around the updates: the epoch
 * count, the test pass, the history, the listener, the checkpoints and the final evaluation.
 *
 * <p>Call order: the loop calls {@link #epoch} for consecutive epochs; after each one it may
 * ask for the {@link #state} to checkpoint; it stops early once {@link #stopReason} is not
 * null. A rule refuses, with a {@link NonFiniteTrainingException}, any loss, gradient or
 * parameter that is not finite.
 */
public interface EpochRule {

  /**
   * Runs the updates of epoch {@code epoch} from the current parameters.
   *
   * @param name names the epoch's Spark jobs, e.g. "epoch 3/300"
   * @return what the epoch measured, or null when the rule stopped without a new epoch
   */
  Progress epoch(int epoch, String name);

  /** The current parameters (not a copy). */
  RbfParameters parameters();

  /** What a resumed run needs to continue exactly after {@code epoch}, with the history so far. */
  TrainingState state(int epoch, List<EpochStats> history);

  /** Why the rule stopped before the last epoch, or null while it goes on. */
  String stopReason();

  /**
   * What one epoch measured: the loss, accuracy and gradient norm at the parameters it started
   * from (averaged over the steps of a mini-batch epoch).
   */
  record Progress(double loss, double accuracy, double gradNorm) {
  }
}
