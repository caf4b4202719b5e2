package io.sparkrbf.model;

import java.util.Locale;

/**
 * How inputs are scaled before the network sees them. No single choice suits every data
 * set (see docs/scaling.md): per-feature z-scoring suits tabular features in different
 * units, one global factor keeps the geometry of pixel-like data, where z-scoring would
 * blow rare strokes in near-constant border pixels up into huge coordinates.
 */
public enum ScalingMode {
  /** Per feature {@code (x - mean) / std}, with std floored (see {@link DatasetSummary#zscore()}). */
  ZSCORE,
  /** All features divided by the largest absolute value seen in training; no centering. */
  GLOBAL,
  /** Inputs as they are. */
  NONE;

  /** The mode's name as written on the command line and in the model file. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code zscore}, {@code global} or {@code none}; {@code true} and {@code false} are kept as aliases of zscore and none. */
  public static ScalingMode parse(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "zscore", "true" -> ZSCORE;
      case "global" -> GLOBAL;
      case "none", "false" -> NONE;
      default -> throw new IllegalArgumentException("unknown scaling '" + value + "', expected zscore, global or none");
    };
  }
}
