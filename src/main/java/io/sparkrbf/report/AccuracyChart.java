package io.sparkrbf.report;

import io.sparkrbf.train.EpochStats;
import io.sparkrbf.train.TrainingResult;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;

/** accuracy.png: share of rows classified right per epoch, train and (when given) test, in percent. */
final class AccuracyChart {
  static final String FILE = "accuracy.png";

  private AccuracyChart() {
  }

  static JFreeChart of(TrainingResult result) {
    JFreeChart chart = EpochCurves.chart("Accuracy per epoch", finalValues(result), "accuracy (%)",
        EpochCurves.dataset(result.history(), s -> 100 * s.accuracy(), s -> 100 * s.testAccuracy(),
            s -> 100 * s.validationAccuracy()));
    NumberAxis y = (NumberAxis) chart.getXYPlot().getRangeAxis();
    // Auto range fits the curves; only keep it from reaching past 100 %.
    if (y.getUpperBound() > 100.5) {
      y.setRange(Math.max(0, Math.min(y.getLowerBound(), 99)), 100.5);
    }
    return chart;
  }

  private static String finalValues(TrainingResult result) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "final model: train %.2f%%",
        100 * result.train().accuracy()));
    if (result.test() != null) {
      s.append(String.format(Locale.ROOT, ", test %.2f%%", 100 * result.test().accuracy()));
    }
    return s.toString();
  }
}
