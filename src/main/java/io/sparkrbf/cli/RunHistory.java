package io.sparkrbf.cli;

import io.sparkrbf.train.EpochListener;
import io.sparkrbf.train.EpochStats;
import java.util.List;

/**
 * What a training run has measured so far, for the way out of an interrupted run: the epochs
 * done (the resumed checkpoint's included) and the epoch under way. Passes each epoch on to
 * the progress lines, and stops the run between epochs once a signal came
 * ({@link Interruption#check}), after the previous epoch's checkpoint was saved.
 */
final class RunHistory implements EpochListener {
  private final EpochListener progress;
  private final Interruption interruption;
  private List<EpochStats> done = List.of();
  private int current;

  RunHistory(EpochListener progress, Interruption interruption) {
    this.progress = progress;
    this.interruption = interruption;
  }

  @Override
  public void epochStarting(int epoch, List<EpochStats> doneSoFar) {
    done = doneSoFar;
    current = epoch;
    interruption.check();
  }

  @Override
  public void epochDone(EpochStats stats) {
    progress.epochDone(stats);
  }

  /** The epochs done, in order. */
  List<EpochStats> done() {
    return List.copyOf(done);
  }

  /** The epoch under way (or about to start), 0 before the first. */
  int current() {
    return current;
  }
}
