package io.sparkrbf.config;

import java.util.Arrays;
import java.util.List;

/**
 * How a fresh run chooses its starting centers: k-means seeded by k-means||, k-means seeded
 * by random rows (skips k-means||'s driver-side k-means++ pass, which dominates setup for
 * hundreds of centers), random rows, or class-conditional k-means (each class's rows clustered
 * on their own into its share of the centers, as LeCun et al. 1998 placed their RBF units).
 */
public enum InitMode {
  KMEANS("kmeans"),
  KMEANS_RANDOM("kmeans-random"),
  RANDOM("random"),
  KMEANS_PER_CLASS("kmeans-per-class");

  private final String id;

  InitMode(String id) {
    this.id = id;
  }

  /** The name used on the command line and in provenance. */
  public String id() {
    return id;
  }

  /** The mode named {@code id}. */
  public static InitMode parse(String id) {
    return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst().orElseThrow(
        () -> new IllegalArgumentException("unknown init '" + id + "', expected one of " + ids()));
  }

  /** Every name {@link #parse} accepts. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(InitMode::id).toList();
  }
}
