package io.sparkrbf.train;

import java.util.function.Consumer;

/**
 * When the trainer hands its state to a checkpoint store: after every {@code every}-th
 * epoch and after the last one ({@code every} 0: never).
 */
public record Checkpointing(int every, Consumer<TrainingState> sink) {
  /** No checkpoints. */
  public static final Checkpointing NONE = new Checkpointing(0, state -> { });

  public Checkpointing {
    if (every < 0) {
      throw new IllegalArgumentException("checkpoint interval must be >= 0, got " + every);
    }
  }

  public boolean due(int epoch, int epochs) {
    return every > 0 && (epoch % every == 0 || epoch == epochs);
  }
}
