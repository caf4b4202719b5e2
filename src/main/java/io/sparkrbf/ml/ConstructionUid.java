package io.sparkrbf.ml;

import org.apache.spark.ml.util.Identifiable$;

/**
 * Hands a Java subclass of a Spark ML class its uid while the superclass constructor runs.
 *
 * <p>Spark's Scala params ({@code featuresCol} and the rest) are created inside the
 * superclass constructor and read {@code uid()} there, before a Java constructor can
 * assign a field; a param created with the wrong uid is later refused as "not belonging"
 * to its stage. So a constructor that is given a uid parks it here (on this thread) before
 * calling {@code super()}, and the first {@code uid()} call takes it.
 */
final class ConstructionUid {
  private static final ThreadLocal<String> PARKED = new ThreadLocal<>();

  private ConstructionUid() {
  }

  /** Marks a constructor that takes its uid from the parked one. */
  enum Parked { UID }

  /** Parks {@code uid} for the next {@link #take} on this thread. */
  static Parked park(String uid) {
    if (uid == null || uid.isEmpty()) {
      throw new IllegalArgumentException("a uid must not be empty");
    }
    PARKED.set(uid);
    return Parked.UID;
  }

  /** The parked uid (removing it), or a new random one with {@code prefix}. */
  static String take(String prefix) {
    String uid = PARKED.get();
    PARKED.remove();
    return uid != null ? uid : Identifiable$.MODULE$.randomUID(prefix);
  }
}
