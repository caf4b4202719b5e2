package io.sparkrbf.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which epoch's model a run with validation data kept, and why training ended: the log line,
 * the report and the provenance say the same thing.
 *
 * @param keptEpoch the epoch with the lowest validation loss, whose parameters the model has
 * @param lastEpoch the last epoch run
 * @param epochs the epochs asked for
 * @param stopReason why training ended before {@code epochs}, or null when it ran them all
 */
public record ModelSelection(int keptEpoch, double validationLoss, double validationAccuracy, int lastEpoch,
                             int epochs, String stopReason) {

  static ModelSelection of(BestModel best, int lastEpoch, int epochs, String stopReason) {
    return new ModelSelection(best.epoch(), best.validationLoss(), best.validationAccuracy(), lastEpoch, epochs,
        stopReason);
  }

  /**
   * One sentence, e.g. "stopped at epoch 31/60: validation loss has not improved for 5 epochs; keeping the
   * model of epoch 26 (validation loss 0.08120, accuracy 97.50%)".
   */
  public String describe() {
    String ending = stopReason == null ? "ran all " + epochs + " epochs"
        : "stopped at epoch " + lastEpoch + "/" + epochs + ": " + stopReason;
    return String.format(Locale.ROOT, "%s; keeping the model of epoch %d (validation loss %.5f, accuracy %.2f%%)",
        ending, keptEpoch, validationLoss, 100 * validationAccuracy);
  }

  /** The provenance record. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("keptEpoch", keptEpoch);
    m.put("validationLoss", validationLoss);
    m.put("validationAccuracy", validationAccuracy);
    m.put("lastEpoch", lastEpoch);
    m.put("epochs", epochs);
    m.put("stopReason", stopReason);
    m.put("summary", describe());
    return m;
  }
}
