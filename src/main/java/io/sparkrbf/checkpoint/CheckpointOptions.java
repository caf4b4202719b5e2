package io.sparkrbf.checkpoint;

import io.sparkrbf.config.OptionException;

/**
 * Where and how often a run saves checkpoints, and whether it continues from the newest.
 *
 * @param dir folder of the checkpoints (any Hadoop file system)
 * @param every save after every {@code every}-th epoch and after the last
 * @param keep how many of the newest checkpoints stay
 * @param resume continue from the newest intact checkpoint in {@code dir}, if any
 */
public record CheckpointOptions(String dir, int every, int keep, boolean resume) {
  public CheckpointOptions {
    if (dir == null || dir.isBlank()) {
      throw new OptionException("--checkpoint-dir is needed for checkpoints and --resume");
    }
    if (every < 1) {
      throw new OptionException("--checkpoint-every must be >= 1, got " + every);
    }
    if (keep < 1) {
      throw new OptionException("--keep-checkpoints must be >= 1, got " + keep);
    }
  }
}
