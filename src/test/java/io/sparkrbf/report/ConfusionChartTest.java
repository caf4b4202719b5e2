package io.sparkrbf.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.model.LabelIndex;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.data.xy.XYZDataset;
import org.junit.jupiter.api.Test;

class ConfusionChartTest {
  private static final long[][] CONFUSION = {{5, 1, 0}, {0, 3, 2}, {4, 0, 0}};
  private static final LabelIndex CLASSES = new LabelIndex(new double[] {-1, 2.5, 7});

  @Test
  void cellsHoldTheCountsAtPredictedAcrossAndTrueDown() {
    JFreeChart chart = ConfusionChart.of(CONFUSION, CLASSES, "test");

    List<String> cells = new ArrayList<>();
    for (XYAnnotation a : chart.getXYPlot().getAnnotations()) {
      XYTextAnnotation t = (XYTextAnnotation) a;
      cells.add((int) t.getY() + "," + (int) t.getX() + "=" + t.getText());
    }
    cells.sort(null);
    assertEquals(List.of("0,0=5", "0,1=1", "1,1=3", "1,2=2", "2,0=4"), cells, "non-zero cells, [true,predicted]");
  }

  @Test
  void colourIsTheShareOfTheTrueClassAndAnEmptyClassIsZero() {
    XYZDataset data = ConfusionChart.dataset(CONFUSION);

    assertEquals(9, data.getItemCount(0));
    assertEquals(5.0 / 6, data.getZValue(0, 0), 1e-12);
    assertEquals(2.0 / 5, data.getZValue(0, 5), 1e-12);
    assertEquals(1.0, data.getZValue(0, 6), 1e-12);
    XYZDataset empty = ConfusionChart.dataset(new long[][] {{0, 0}, {1, 1}});
    assertEquals(0.0, empty.getZValue(0, 0));
  }

  @Test
  void axesNameTheClassesAsTheUserWroteThemAndAColourScaleIsShown() {
    JFreeChart chart = ConfusionChart.of(CONFUSION, CLASSES, "training");

    SymbolAxis predicted = (SymbolAxis) chart.getXYPlot().getDomainAxis();
    SymbolAxis actual = (SymbolAxis) chart.getXYPlot().getRangeAxis();
    assertEquals(List.of("-1", "2.5", "7"), List.of(predicted.getSymbols()));
    SymbolAxis named = (SymbolAxis) ConfusionChart.of(CONFUSION, LabelIndex.named(List.of("Iris setosa", "b", "c")),
        "test").getXYPlot().getDomainAxis();
    assertEquals(List.of("Iris setosa", "b", "c"), List.of(named.getSymbols()));
    assertEquals("predicted class", predicted.getLabel());
    assertEquals("true class", actual.getLabel());
    assertTrue(actual.isInverted(), "the first class is on top");
    assertTrue(chart.getSubtitles().stream().anyMatch(PaintScaleLegend.class::isInstance), "colour scale");
    assertEquals("Confusion matrix", chart.getTitle().getText());
  }

  @Test
  void countsStayInsideTheirCellsUpTo26Classes() {
    assertEquals(20, ConfusionChart.countFontSize(2, 4));
    assertTrue(ConfusionChart.countFontSize(10, 3) >= 14);
    int small = ConfusionChart.countFontSize(26, 3);
    assertTrue(small >= 9 && small <= 12, "26 classes: " + small + " pt");
  }
}
