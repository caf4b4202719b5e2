package io.sparkrbf.train;

import java.util.List;

/** Receives each epoch's measurements as training goes (progress lines, history). */
@FunctionalInterface
public interface EpochListener {
  void epochDone(EpochStats stats);

  /**
   * Called before each epoch runs any Spark job, with the epochs done so far (those of the
   * checkpoint a run resumed from included; a live view). A listener may throw here to stop
   * the run between epochs, after the previous epoch's checkpoint was saved.
   */
  default void epochStarting(int epoch, List<EpochStats> done) {
  }
}
