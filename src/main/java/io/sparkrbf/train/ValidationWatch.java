package io.sparkrbf.train;

import io.sparkrbf.kernel.RbfParameters;

/**
 * Watches the validation loss for the {@link EpochLoop}: after every epoch it evaluates the
 * parameters the epoch ended with on the cached validation blocks, keeps a copy of them when
 * their loss is strictly lower than the best so far (no tolerance: any lower loss is an
 * improvement, and the patience absorbs noise), and says when {@code patience} epochs in a
 * row brought no improvement.
 */
public final class ValidationWatch {
  private final DistributedLoss validation;
  private final int patience;
  private BestModel best;

  /**
   * @param patience epochs without improvement before training stops; 0 never stops
   * @param resumedBest the best model of the checkpoint a run resumes from, or null
   */
  public ValidationWatch(DistributedLoss validation, int patience, BestModel resumedBest) {
    this.validation = validation;
    this.patience = patience;
    this.best = resumedBest;
  }

  /** Evaluates the parameters epoch {@code epoch} ended with and keeps them when they are the best so far. */
  Metrics afterEpoch(int epoch, RbfParameters parameters, String name) {
    Metrics m = Metrics.fromSums(validation.lossSums(parameters, name + " validation"), "validation data");
    if (best == null || m.loss() < best.validationLoss()) {
      best = new BestModel(epoch, m.loss(), m.accuracy(), parameters.values().clone(), 0);
    } else {
      best = best.notImprovedOn();
    }
    return m;
  }

  /** Whether the patience ran out: that many epochs since the best brought no lower validation loss. */
  boolean patienceRanOut() {
    return patience > 0 && best != null && best.epochsWithoutImprovement() >= patience;
  }

  /** Why training stops when {@link #patienceRanOut}. */
  String stopReason() {
    return "validation loss has not improved for " + best.epochsWithoutImprovement() + " epochs";
  }

  /** The best model so far, or null before the first epoch was evaluated. */
  BestModel best() {
    return best;
  }
}
