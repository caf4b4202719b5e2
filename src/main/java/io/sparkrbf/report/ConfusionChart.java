package io.sparkrbf.report;

import io.sparkrbf.model.LabelIndex;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * confusion.png: a heat map with the true class down the side (first class on top) and the
 * predicted class along the bottom, each cell holding its row count. A cell's colour is
 * its share of the true class's rows (on the diagonal: the class's recall), so a small
 * class's mistakes show as strongly as a large one's; the colour scale on the right reads
 * in percent. Zero cells stay blank to keep 26 x 26 matrices readable.
 */
final class ConfusionChart {
  static final String FILE = "confusion.png";
  static final int WIDTH = 800;
  static final int HEIGHT = 640;

  private ConfusionChart() {
  }

  /**
   * @param confusion {@code confusion[actual][predicted]}
   * @param classes the classes, in the matrix's order
   * @param scoredOn what was scored, for the subtitle ("test", "training")
   */
  static JFreeChart of(long[][] confusion, LabelIndex classes, String scoredOn) {
    int k = classes.size();
    String[] labels = new String[k];
    for (int c = 0; c < k; c++) {
      labels[c] = classes.name(c);
    }
    DefaultXYZDataset data = dataset(confusion);
    SymbolAxis predicted = new SymbolAxis("predicted class", labels);
    SymbolAxis actual = new SymbolAxis("true class", labels);
    for (SymbolAxis axis : new SymbolAxis[] {predicted, actual}) {
      ChartStyle.axis(axis);
      axis.setGridBandsVisible(false);
      axis.setLowerMargin(0);
      axis.setUpperMargin(0);
      axis.setRange(-0.5, k - 0.5);
      if (k > 12) {
        axis.setTickLabelFont(ChartStyle.TICK_LABEL.deriveFont(11f));
      }
    }
    actual.setInverted(true);
    XYBlockRenderer renderer = new XYBlockRenderer();
    renderer.setPaintScale(new RowShareScale());
    XYPlot plot = new XYPlot(data, predicted, actual, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    plot.setOutlinePaint(Color.GRAY);
    addCounts(plot, confusion);

    long total = 0;
    for (long[] row : confusion) {
      for (long v : row) {
        total += v;
      }
    }
    JFreeChart chart = new JFreeChart("Confusion matrix", ChartStyle.TITLE, plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    chart.addSubtitle(new org.jfree.chart.title.TextTitle(String.format(Locale.ROOT,
        "final model on the %s data, %d rows; counts in the cells, blank = 0", scoredOn, total), ChartStyle.SUBTITLE));
    chart.addSubtitle(legend());
    return chart;
  }

  /** One item per cell: x = predicted, y = actual, z = share of the actual class's rows. */
  static DefaultXYZDataset dataset(long[][] confusion) {
    int k = confusion.length;
    double[][] series = new double[3][k * k];
    for (int a = 0; a < k; a++) {
      long rowTotal = 0;
      for (long v : confusion[a]) {
        rowTotal += v;
      }
      for (int p = 0; p < k; p++) {
        int i = a * k + p;
        series[0][i] = p;
        series[1][i] = a;
        series[2][i] = rowTotal == 0 ? 0 : (double) confusion[a][p] / rowTotal;
      }
    }
    DefaultXYZDataset data = new DefaultXYZDataset();
    data.addSeries("share of true class", series);
    return data;
  }

  /** The count of every non-zero cell, white on dark cells, black on light ones. */
  private static void addCounts(XYPlot plot, long[][] confusion) {
    int k = confusion.length;
    int digits = 1;
    for (long[] row : confusion) {
      for (long v : row) {
        digits = Math.max(digits, Long.toString(v).length());
      }
    }
    Font font = new Font(Font.SANS_SERIF, Font.BOLD, countFontSize(k, digits));
    for (int a = 0; a < k; a++) {
      long rowTotal = 0;
      for (long v : confusion[a]) {
        rowTotal += v;
      }
      for (int p = 0; p < k; p++) {
        if (confusion[a][p] == 0) {
          continue;
        }
        XYTextAnnotation count = new XYTextAnnotation(Long.toString(confusion[a][p]), p, a);
        count.setFont(font);
        double share = (double) confusion[a][p] / rowTotal;
        count.setPaint(RowShareScale.position(share) > 0.6 ? Color.WHITE : Color.BLACK);
        plot.addAnnotation(count);
      }
    }
  }

  /** Font size in points so that {@code digits} digits fit a cell of a k x k grid at the chart's size. */
  static int countFontSize(int k, int digits) {
    double cellWidth = 600.0 / k;
    double cellHeight = 480.0 / k;
    double byWidth = cellWidth * 0.9 / (0.58 * digits);
    double byHeight = cellHeight * 0.65;
    return (int) Math.max(8, Math.min(20, Math.min(byWidth, byHeight)));
  }

  private static PaintScaleLegend legend() {
    NumberAxis axis = new NumberAxis("share of the true class's rows (%)");
    ChartStyle.axis(axis);
    axis.setRange(0, 100);
    axis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(10));
    PaintScaleLegend legend = new PaintScaleLegend(new PercentScale(new RowShareScale()), axis);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setStripWidth(18);
    legend.setAxisOffset(4);
    legend.setMargin(new RectangleInsets(10, 10, 10, 10));
    legend.setFrame(BlockBorder.NONE);
    legend.setBackgroundPaint(Color.WHITE);
    return legend;
  }

  /**
   * White (0) through light blue to dark blue (1). The colour follows the square root of
   * the share, so a 5 % confusion is a visible light blue rather than almost white.
   */
  static final class RowShareScale implements PaintScale {
    private static final Color[] STOPS = {new Color(0xFFFFFF), new Color(0xC6DBEF), new Color(0x6BAED6),
        new Color(0x2171B5), new Color(0x08306B)};

    @Override
    public double getLowerBound() {
      return 0;
    }

    @Override
    public double getUpperBound() {
      return 1;
    }

    /** Where a share sits on the colour ramp, 0 to 1. */
    static double position(double share) {
      return Math.sqrt(Double.isNaN(share) ? 0 : Math.max(0, Math.min(1, share)));
    }

    @Override
    public Paint getPaint(double value) {
      double pos = position(value) * (STOPS.length - 1);
      int i = Math.min(STOPS.length - 2, (int) pos);
      double t = pos - i;
      Color a = STOPS[i];
      Color b = STOPS[i + 1];
      return new Color(mix(a.getRed(), b.getRed(), t), mix(a.getGreen(), b.getGreen(), t),
          mix(a.getBlue(), b.getBlue(), t));
    }

    private static int mix(int a, int b, double t) {
      return (int) Math.round(a + (b - a) * t);
    }
  }

  /** The same colours over 0..100, for the legend's percent axis. */
  private record PercentScale(PaintScale shares) implements PaintScale {
    @Override
    public double getLowerBound() {
      return 0;
    }

    @Override
    public double getUpperBound() {
      return 100;
    }

    @Override
    public Paint getPaint(double value) {
      return shares.getPaint(value / 100);
    }
  }
}
