package io.sparkrbf.optim;

import java.util.Locale;

/**
 * How the learning rate changes over a run, as a factor on the configured rate:
 * {@code constant} keeps it, {@code cosine} lowers it along half a cosine from 1 at the
 * first update to 0 after the last. A constant rate leaves Adam and mini-batch steps
 * jittering around the optimum; annealing it lets the last epochs settle.
 */
public enum LearningRateSchedule {
  CONSTANT,
  COSINE;

  /** The name used on the command line and in model provenance. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The schedule named {@code id}: constant or cosine. */
  public static LearningRateSchedule parse(String id) {
    for (LearningRateSchedule s : values()) {
      if (s.id().equals(id)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown learning rate schedule '" + id + "', expected constant or cosine");
  }

  /**
   * The factor for update {@code update} (0-based) of {@code updates}.
   */
  public double factor(long update, long updates) {
    return switch (this) {
      case CONSTANT -> 1.0;
      case COSINE -> 0.5 * (1 + Math.cos(Math.PI * update / updates));
    };
  }
}
