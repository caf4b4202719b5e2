package io.sparkrbf.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The driver's epoch loop, one for every optimizer: for each epoch it evaluates the test
 * data at the parameters the epoch starts from, lets the {@link EpochRule} update them,
 * records the {@link EpochStats} in the history, tells the listener, and hands the state to
 * the checkpoint sink when due (and when the rule stops early). At the end the final
 * parameters are evaluated once more on the training and test data.
 */
public final class EpochLoop {
  private final DistributedLoss train;
  private final DistributedLoss test;
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
    this.train = train;
    this.test = test;
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
    for (int epoch = first; epoch <= epochs; epoch++) {
      listener.epochStarting(epoch, Collections.unmodifiableList(done));
      long start = System.nanoTime();
      String name = "epoch " + epoch + "/" + epochs;
      Metrics testBefore = test == null ? null : Metrics.fromSums(test.lossSums(rule.parameters(), name + " test"));
      EpochRule.Progress progress = rule.epoch(epoch, name);
      if (progress == null) {
        break;
      }
      EpochStats stats = new EpochStats(epoch, epochs, progress.loss(), progress.accuracy(),
          testBefore == null ? Double.NaN : testBefore.loss(),
          testBefore == null ? Double.NaN : testBefore.accuracy(), progress.gradNorm(),
          (System.nanoTime() - start) / 1e9);
      done.add(stats);
      listener.epochDone(stats);
      boolean stopping = rule.stopReason() != null;
      if (checkpointing.due(epoch, epochs) || (stopping && checkpointing.every() > 0)) {
        checkpointing.sink().accept(rule.state(epoch, List.copyOf(done)));
      }
      if (stopping) {
        break;
      }
    }
    return TrainingResult.evaluated(rule.parameters(), done, train, test);
  }
}
