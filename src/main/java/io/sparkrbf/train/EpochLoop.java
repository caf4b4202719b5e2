package io.sparkrbf.train;

import io.sparkrbf.kernel.RbfParameters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's epoch loop, one for every optimizer: for each epoch it evaluates the test
 * data at the parameters the epoch starts from, lets the {@link EpochRule} update them,
 * evaluates the validation data (when given) at the parameters the epoch ended with, records
 * the {@link EpochStats} in the history, tells the listener, and hands the state to the
 * checkpoint sink when due (and when the rule or early stopping ends the run). At the end the
 * final parameters are evaluated once more on the training and test data: with validation
 * data, those of the epoch with the lowest validation loss ({@link ValidationWatch}).
 */
public final class EpochLoop {
  private static final Logger LOG = LoggerFactory.getLogger(EpochLoop.class);
  private final DistributedLoss train;
  private final DistributedLoss test;
  private final ValidationWatch validation;
  private final int epochs;
  private final EpochListener listener;
  private final Checkpointing checkpointing;

  /**
   * @param train the training data, evaluated once more at the end
   * @param test evaluated at the start of every epoch and at the end, or null
   * @param epochs the last epoch
   */
  public EpochLoop(DistributedLoss train, DistributedLoss test, int epochs, EpochListener listener,
                   Checkpointing checkpointing) {
    this(train, test, null, epochs, listener, checkpointing);
  }

  /** @param validation watches the validation data after every epoch and keeps the best model, or null */
  public EpochLoop(DistributedLoss train, DistributedLoss test, ValidationWatch validation, int epochs,
                   EpochListener listener, Checkpointing checkpointing) {
    this.train = train;
    this.test = test;
    this.validation = validation;
    this.epochs = epochs;
    this.listener = listener;
    this.checkpointing = checkpointing;
  }

  /**
   * Runs epochs {@code first .. epochs} with {@code rule}, after {@code history} (the epochs
   * before {@code first}, from a checkpoint; empty for a new run).
   */
  public TrainingResult run(EpochRule rule, int first, List<EpochStats> history) {
    List<EpochStats> done = new ArrayList<>(history);
    int last = first - 1;
    // a run resumed from the checkpoint its early stop saved stops there again
    String stop = validation != null && validation.patienceRanOut() ? validation.stopReason() : null;
    for (int epoch = first; stop == null && epoch <= epochs; epoch++) {
      listener.epochStarting(epoch, Collections.unmodifiableList(done));
      long start = System.nanoTime();
      String name = "epoch " + epoch + "/" + epochs;
      Metrics testBefore = test == null ? null : Metrics.fromSums(test.lossSums(rule.parameters(), name + " test"));
      EpochRule.Progress progress = rule.epoch(epoch, name);
      if (progress == null) {
        stop = optimizerStopped(rule);
        break;
      }
      Metrics validated = validation == null ? null : validation.afterEpoch(epoch, rule.parameters(), name);
      EpochStats stats = new EpochStats(epoch, epochs, progress.loss(), progress.accuracy(),
          testBefore == null ? Double.NaN : testBefore.loss(),
          testBefore == null ? Double.NaN : testBefore.accuracy(), progress.gradNorm(),
          (System.nanoTime() - start) / 1e9, validated == null ? Double.NaN : validated.loss(),
          validated == null ? Double.NaN : validated.accuracy());
      done.add(stats);
      last = epoch;
      listener.epochDone(stats);
      stop = rule.stopReason() != null ? optimizerStopped(rule)
          : validation != null && validation.patienceRanOut() ? validation.stopReason() : null;
      if (checkpointing.due(epoch, epochs) || (stop != null && checkpointing.every() > 0)) {
        checkpointing.sink().accept(rule.state(epoch, List.copyOf(done)).withBest(best()));
      }
    }
    BestModel best = best();
    if (best == null) {
      return TrainingResult.evaluated(rule.parameters(), done, train, test, null);
    }
    ModelSelection selection = ModelSelection.of(best, last, epochs, last < epochs ? stop : null);
    LOG.info(selection.describe());
    RbfParameters kept = new RbfParameters(rule.parameters().shape(), best.parameters().clone());
    return TrainingResult.evaluated(kept, done, train, test, selection);
  }

  private static String optimizerStopped(EpochRule rule) {
    return "the optimizer stopped (" + rule.stopReason() + ")";
  }

  private BestModel best() {
    return validation == null ? null : validation.best();
  }
}
