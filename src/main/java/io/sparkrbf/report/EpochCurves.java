package io.sparkrbf.report;

import io.sparkrbf.train.EpochStats;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A line chart of one measure per epoch: the training series and, when the history has
 * test or validation values, those series, with a legend. Training and test values are
 * measured at an epoch's start, validation values at its end (see {@link EpochStats}), and
 * the x axis says so when there is a validation series. Points are marked only for short runs,
 * where they help; over hundreds of epochs they would hide the line.
 */
final class EpochCurves {
  /** Up to this many epochs, every point is drawn as a dot. */
  static final int MARK_POINTS_UP_TO = 40;

  private EpochCurves() {
  }

  static final String VALIDATION = "validation";

  static XYSeriesCollection dataset(List<EpochStats> history, ToDoubleFunction<EpochStats> train,
                                    ToDoubleFunction<EpochStats> test, ToDoubleFunction<EpochStats> validation) {
    XYSeries trainSeries = new XYSeries("train", false, false);
    XYSeries testSeries = new XYSeries("test", false, false);
    XYSeries validationSeries = new XYSeries(VALIDATION, false, false);
    for (EpochStats s : history) {
      trainSeries.add(s.epoch(), train.applyAsDouble(s));
      if (s.hasTest()) {
        testSeries.add(s.epoch(), test.applyAsDouble(s));
      }
      if (s.hasValidation()) {
        validationSeries.add(s.epoch(), validation.applyAsDouble(s));
      }
    }
    XYSeriesCollection data = new XYSeriesCollection(trainSeries);
    if (testSeries.getItemCount() > 0) {
      data.addSeries(testSeries);
    }
    if (validationSeries.getItemCount() > 0) {
      data.addSeries(validationSeries);
    }
    return data;
  }

  static JFreeChart chart(String title, String subtitle, String yLabel, XYSeriesCollection data) {
    boolean validated = data.getSeriesIndex(VALIDATION) >= 0;
    String xLabel = validated ? "epoch (train and test measured at its start, validation at its end)"
        : "epoch (measured at its start)";
    JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
        true, false, false);
    ChartStyle.apply(chart, subtitle);
    XYPlot plot = chart.getXYPlot();
    int epochs = data.getSeries(0).getItemCount();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, epochs <= MARK_POINTS_UP_TO);
    for (int s = 0; s < data.getSeriesCount(); s++) {
      renderer.setSeriesPaint(s, s == 0 ? ChartStyle.TRAIN
          : VALIDATION.equals(data.getSeriesKey(s)) ? ChartStyle.VALIDATION : ChartStyle.TEST);
      renderer.setSeriesStroke(s, ChartStyle.LINE);
    }
    plot.setRenderer(renderer);
    NumberAxis x = (NumberAxis) plot.getDomainAxis();
    x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    x.setAutoRangeIncludesZero(false);
    x.setLowerMargin(0.01);
    x.setUpperMargin(0.01);
    if (epochs == 1) {
      x.setRange(0.5, 1.5);
    }
    NumberAxis y = (NumberAxis) plot.getRangeAxis();
    y.setAutoRangeIncludesZero(false);
    keepFlatCurvesReadable(y, data);
    return chart;
  }

  /**
   * A flat curve (one epoch, or no change) gives the axis an empty range, which JFreeChart
   * labels with the same long number at every tick; give it a little room instead.
   */
  private static void keepFlatCurvesReadable(NumberAxis y, XYSeriesCollection data) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int s = 0; s < data.getSeriesCount(); s++) {
      XYSeries series = data.getSeries(s);
      if (series.getItemCount() > 0 && Double.isFinite(series.getMinY()) && Double.isFinite(series.getMaxY())) {
        min = Math.min(min, series.getMinY());
        max = Math.max(max, series.getMaxY());
      }
    }
    double pad = Math.max(0.05 * Math.abs(max), 0.01);
    if (min <= max && max - min < pad) {
      double mid = (min + max) / 2;
      y.setRange(mid - pad, mid + pad);
    }
  }
}
