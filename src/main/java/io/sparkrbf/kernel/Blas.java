package io.sparkrbf.kernel;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BLAS implementation the kernel multiplies with: native (OpenBLAS through JNI) when
 * the system has it, otherwise netlib's pure-Java one. Spark ships this library, so
 * there is nothing to install; {@link #describe()} says which one is in use because it
 * changes speed by an order of magnitude.
 */
public final class Blas {
  private static final Logger LOG = LoggerFactory.getLogger(Blas.class);
  /** netlib warns through java.util.logging for each implementation it cannot load; we log the outcome once. */
  private static final java.util.logging.Logger NETLIB_LOG = quietNetlib();
  private static final BLAS INSTANCE = BLAS.getInstance();

  static {
    LOG.info("BLAS in use: {}", describe());
  }

  private Blas() {
  }

  private static java.util.logging.Logger quietNetlib() {
    java.util.logging.Logger log = java.util.logging.Logger.getLogger("dev.ludovic.netlib");
    log.setLevel(java.util.logging.Level.SEVERE);
    return log;
  }

  public static BLAS get() {
    return INSTANCE;
  }

  /** "native (...)" or "java (...)", with the implementation class. */
  public static String describe() {
    String kind = INSTANCE instanceof NativeBLAS ? "native" : "java";
    return kind + " (" + INSTANCE.getClass().getName() + ")";
  }
}
