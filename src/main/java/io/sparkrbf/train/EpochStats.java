package io.sparkrbf.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one epoch measured, for the progress line and the history file. Loss and
 * accuracy are those of the parameters the epoch started from (the gradient pass computes
 * them for free); with mini-batches, the average over the epoch's steps, each at the
 * parameters it started from. Test values (at the epoch's start) are NaN without a test set.
 * Validation values are those of the parameters the epoch ENDED with, the model of epoch
 * {@code epoch} (what {@code --epochs epoch} would write), so the model kept by early stopping
 * is the one whose epoch shows the lowest validation loss; NaN without validation data.
 *
 * @param epoch 1-based
 * @param gradNorm Euclidean norm of the mean gradient (with the L2 term); with
 *     mini-batches, averaged over the epoch's steps
 * @param seconds wall time of the epoch, test and validation evaluation included
 */
public record EpochStats(int epoch, int epochs, double loss, double accuracy, double testLoss,
                         double testAccuracy, double gradNorm, double seconds, double validationLoss,
                         double validationAccuracy) {

  public boolean hasTest() {
    return !Double.isNaN(testLoss);
  }

  public boolean hasValidation() {
    return !Double.isNaN(validationLoss);
  }

  /** One history record; test and validation fields are null without that data. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epoch", epoch);
    m.put("loss", loss);
    m.put("accuracy", accuracy);
    m.put("testLoss", hasTest() ? testLoss : null);
    m.put("testAccuracy", hasTest() ? testAccuracy : null);
    m.put("gradNorm", gradNorm);
    m.put("seconds", seconds);
    if (hasValidation()) {
      m.put("validationLoss", validationLoss);
      m.put("validationAccuracy", validationAccuracy);
    }
    return m;
  }
}
