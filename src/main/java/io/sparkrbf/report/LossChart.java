package io.sparkrbf.report;

import io.sparkrbf.train.EpochStats;
import io.sparkrbf.train.TrainingResult;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;

/** loss.png: mean cross-entropy per epoch on the training and (when given) the test and validation data. */
final class LossChart {
  static final String FILE = "loss.png";

  private LossChart() {
  }

  /**
   * @param labelSmoothing the run's label smoothing: the training curve (the objective) is measured against
   *     smoothed targets when above 0; the test curve and the final values never are
   */
  static JFreeChart of(TrainingResult result, double labelSmoothing) {
    List<EpochStats> history = result.history();
    String yLabel = labelSmoothing > 0
        ? String.format(Locale.ROOT, "mean cross-entropy (training: targets smoothed by %s)", labelSmoothing)
        : "mean cross-entropy";
    return EpochCurves.chart("Loss per epoch", finalValues(result), yLabel,
        EpochCurves.dataset(history, EpochStats::loss, EpochStats::testLoss, EpochStats::validationLoss));
  }

  private static String finalValues(TrainingResult result) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "final model: train %.4f", result.train().loss()));
    if (result.test() != null) {
      s.append(String.format(Locale.ROOT, ", test %.4f", result.test().loss()));
    }
    return s.toString();
  }
}
