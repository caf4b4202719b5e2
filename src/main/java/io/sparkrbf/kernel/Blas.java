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
  private static final BLAS INSTANCE = BLAS.getInstance();

  static {
    LOG.info("BLAS in use: {}", describe());
  }

  private Blas() {
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
