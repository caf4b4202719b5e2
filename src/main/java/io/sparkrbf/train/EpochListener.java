package io.sparkrbf.train;

/** Receives each epoch's measurements as training goes (progress lines, history). */
@FunctionalInterface
public interface EpochListener {
  void epochDone(EpochStats stats);
}
