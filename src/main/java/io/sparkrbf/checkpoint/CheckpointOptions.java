package io.sparkrbf.checkpoint;

import io.sparkrbf.config.OptionException;

/**
 * Where and how often a run saves checkpoints, and whether it continues from the newest.
 *
 * @param dir folder of the checkpoints (any Hadoop file system)
 * @param every save after every {@code every}-th epoch and after the last
 * @param keep how many checkpoints stay: the one just written and the newest {@code keep - 1} before it
 * @param resume continue from the newest intact checkpoint in {@code dir}, if any
 * @param overwrite a run that does not resume may start in a {@code dir} holding checkpoints; they are
 *     deleted once it has written its first (without, such a run is refused)
 */
public record CheckpointOptions(String dir, int every, int keep, boolean resume, boolean overwrite) {
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
