package io.sparkrbf.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.OutputStream;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;

/**
 * What every report chart shares: headless rendering, fonts large enough to read at
 * 800 x 500 pixels, a white background with light grid lines, and PNG encoding.
 */
final class ChartStyle {
  static {
    headless();
  }

  static final int WIDTH = 800;
  static final int HEIGHT = 500;
  static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 20);
  static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
  static final Font AXIS_LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 16);
  static final Font TICK_LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  static final Font LEGEND = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
  /** Train and test series: blue and orange (distinguishable with the common colour blindnesses). */
  static final Color TRAIN = new Color(0x1F77B4);
  static final Color TEST = new Color(0xFF7F0E);
  static final Color VALIDATION = new Color(0x2CA02C);
  static final Color GRID = new Color(0xDDDDDD);
  static final BasicStroke LINE = new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);

  private ChartStyle() {
  }

  /** Renders without a display (a driver on a server has none); call before any AWT class loads. */
  static void headless() {
    System.setProperty("java.awt.headless", "true");
  }

  /** Fonts, background and grid of a chart with one XY plot; the subtitle may be null. */
  static JFreeChart apply(JFreeChart chart, String subtitle) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    chart.getTitle().setFont(TITLE);
    if (subtitle != null) {
      chart.addSubtitle(new TextTitle(subtitle, SUBTITLE));
    }
    LegendTitle legend = chart.getLegend();
    if (legend != null) {
      legend.setItemFont(LEGEND);
      legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
    }
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(GRID);
    plot.setRangeGridlinePaint(GRID);
    plot.setOutlinePaint(Color.GRAY);
    axis(plot.getDomainAxis());
    axis(plot.getRangeAxis());
    return chart;
  }

  static void axis(Axis axis) {
    axis.setLabelFont(AXIS_LABEL);
    axis.setTickLabelFont(TICK_LABEL);
    axis.setTickLabelPaint(Color.DARK_GRAY);
  }

  static void writePng(JFreeChart chart, int width, int height, OutputStream out) throws IOException {
    ChartUtils.writeChartAsPNG(out, chart, width, height);
  }
}
