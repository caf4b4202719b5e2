package io.sparkrbf.simd;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The element-wise implementation of this JVM, chosen once: {@link VectorPasses} when the
 * {@code jdk.incubator.vector} module is in the boot layer (the launch scripts and tests add
 * it; on a cluster, {@code spark.driver.extraJavaOptions} and {@code
 * spark.executor.extraJavaOptions} must, see docs/cluster.md), else {@link ScalarPasses},
 * several times slower at tens of features. Logged once, like the BLAS choice, because it
 * changes the speed of tabular training. The system property {@code sparkrbf.lanes=scalar}
 * forces the scalar passes (to compare, or to rule the vector code out).
 *
 * <p>Vector API code is fast only once C2 has compiled it; before that each operation
 * allocates, hundreds of times slower than scalar code. The first blocks of each JVM pay
 * for that: about 1-1.5 s more in the first epoch of letter (docs/benchmarks.md), once per
 * JVM. Warming the passes up on small arrays at start cost more (3 s): the compile
 * thresholds count calls, and each interpreted call costs the same whatever its length.
 */
public final class Lanes {
  private static final Logger LOG = LoggerFactory.getLogger(Lanes.class);
  private static final String MODULE = "jdk.incubator.vector";
  private static final ElementwisePasses PASSES = choose();

  private Lanes() {
  }

  /** The passes every kernel of this JVM uses. */
  public static ElementwisePasses passes() {
    return PASSES;
  }

  /** The vector passes, for benchmarks and tests that compare both; fails without the module. */
  public static ElementwisePasses vector() {
    if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
      throw new IllegalStateException(MODULE + " is not in this JVM: start it with --add-modules=" + MODULE);
    }
    return new VectorPasses();
  }

  private static ElementwisePasses choose() {
    ElementwisePasses chosen;
    String reason = "";
    if ("scalar".equals(System.getProperty("sparkrbf.lanes"))) {
      chosen = new ScalarPasses();
      reason = " (sparkrbf.lanes=scalar)";
    } else if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
      chosen = new ScalarPasses();
      reason = ": " + MODULE + " is not in this JVM; add --add-modules=" + MODULE
          + " to the driver's and executors' Java options for the vector passes (docs/cluster.md)";
    } else {
      chosen = loadVector();
    }
    LOG.info("element-wise passes in use: {}{}", chosen.describe(), reason);
    return chosen;
  }

  /** By name, so that this class links without the incubator module. */
  private static ElementwisePasses loadVector() {
    try {
      return (ElementwisePasses) Class.forName("io.sparkrbf.simd.VectorPasses").getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot load the vector passes", e);
    }
  }
}
