package io.sparkrbf.train;

/**
 * Training produced a NaN or infinite loss, gradient or parameter. Training stops at
 * that epoch so no non-finite value reaches a model; the message names the epoch and
 * what to try.
 */
public final class NonFiniteTrainingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NonFiniteTrainingException(int epoch, String what) {
    super("epoch " + epoch + ": " + what + " is not finite; training stopped and no model was written"
        + " (try a smaller --learning-rate, or --standardize)");
  }
}
