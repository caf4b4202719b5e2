package io.sparkrbf.train;

/**
 * Training produced a NaN or infinite loss, gradient or parameter. Training stops at
 * that epoch so no non-finite value reaches a model; the message names the epoch and
 * what to try. Every {@link EpochRule} checks through the two methods here.
 */
public final class NonFiniteTrainingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NonFiniteTrainingException(int epoch, String what) {
    super("epoch " + epoch + ": " + what + " is not finite; training stopped and no model was written"
        + " (try a smaller --learning-rate, or --standardize)");
  }

  /** Before an update: the loss and the gradient norm it is computed from must be finite. */
  public static void requireFinite(int epoch, double loss, double gradNorm) {
    if (!Double.isFinite(loss)) {
      throw new NonFiniteTrainingException(epoch, "the training loss");
    }
    if (!Double.isFinite(gradNorm)) {
      throw new NonFiniteTrainingException(epoch, "the gradient");
    }
  }

  /** After an update: the parameters must be finite (and, where the rule checks it, valid). */
  public static void requireFiniteParameters(int epoch, boolean finite) {
    if (!finite) {
      throw new NonFiniteTrainingException(epoch, "the updated parameters");
    }
  }
}
