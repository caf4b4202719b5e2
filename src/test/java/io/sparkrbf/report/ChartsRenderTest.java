package io.sparkrbf.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every chart renders headless to a PNG of the documented size that is not blank, for
 * short and long runs, with and without test data, and 2 to 26 classes. The images are
 * kept under target/report-previews for looking at.
 */
class ChartsRenderTest {

  @ParameterizedTest(name = "{0} epochs, {1} classes, test data {2}")
  @CsvSource({"300, 10, true", "3, 2, false", "1, 3, true", "60, 26, true"})
  void chartsRenderToPngsOfTheirSizeWithManyColours(int epochs, int k, boolean withTest) throws IOException {
    TrainingReport r = Reports.report(epochs, k, withTest);
    String name = epochs + "e-" + k + "k-" + (withTest ? "test" : "train");

    assertReadablePng(LossChart.of(r.result(), 0.1), ChartStyle.WIDTH, ChartStyle.HEIGHT, "loss-" + name);
    assertReadablePng(AccuracyChart.of(r.result()), ChartStyle.WIDTH, ChartStyle.HEIGHT, "accuracy-" + name);
    assertReadablePng(ConfusionChart.of(r.evaluation().confusion(), r.evaluation().classes(), r.evaluatedOn()),
        ConfusionChart.WIDTH, ConfusionChart.HEIGHT, "confusion-" + name);
  }

  static void assertReadablePng(JFreeChart chart, int width, int height, String name) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ChartStyle.writePng(chart, width, height, bytes);
    Path previews = Path.of("target/report-previews");
    Files.createDirectories(previews);
    Files.write(previews.resolve(name + ".png"), bytes.toByteArray());

    BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
    assertEquals(width, image.getWidth(), name);
    assertEquals(height, image.getHeight(), name);
    assertTrue(distinctColours(image) >= 20, name + " has " + distinctColours(image) + " colours");
  }

  static int distinctColours(BufferedImage image) {
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours.size();
  }
}
