package io.sparkrbf.init;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How the output weights W start: all zero, or small seeded Gaussian values (see {@link OutputWeights}). */
public enum WeightInit {
  ZERO,
  RANDOM;

  /** The name used on the command line and in provenance. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode named {@code id}. */
  public static WeightInit parse(String id) {
    return Arrays.stream(values()).filter(m -> m.id().equals(id)).findFirst().orElseThrow(
        () -> new IllegalArgumentException("unknown init-weights '" + id + "', expected one of " + ids()));
  }

  /** Every name {@link #parse} accepts. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(WeightInit::id).toList();
  }
}
