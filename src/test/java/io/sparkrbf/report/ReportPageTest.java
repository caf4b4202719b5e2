package io.sparkrbf.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.train.EpochStats;
import io.sparkrbf.train.ModelSelection;
import io.sparkrbf.train.TrainingResult;
import java.time.Instant;
import java.util.List;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;

class ReportPageTest {
  private static final Instant WRITTEN = Instant.parse("2026-01-02T03:04:05Z");

  @Test
  void showsFinalMetricsAsTrainPrintsThemAndEveryClass() {
    TrainingReport r = Reports.report(30, 10, true);

    String html = ReportPage.html(r, WRITTEN);

    assertTrue(html.contains(ReportPage.percent(r.result().test().accuracy())), "test accuracy");
    assertTrue(html.contains(ReportPage.percent(r.result().train().accuracy())), "train accuracy");
    for (int c = 1; c <= 10; c++) {
      assertTrue(html.contains("<td>" + c + "</td>"), "per-class row of class " + c);
    }
    assertTrue(html.contains("macro F1"));
    assertTrue(html.contains("out/model.json"));
    assertTrue(html.contains("data/test.libsvm"));
    assertTrue(html.contains("<th>--label-smoothing</th><td>0.1</td>"), "configuration under the flags a user types");
    assertTrue(html.contains("<th>--learning-rate</th>"), "not the internal name learningRate");
    assertTrue(html.contains("1 min 23 s"), "run time");
  }

  @Test
  void namedClassesAreShownByName() {
    String html = ReportPage.html(Reports.report(3, LabelIndex.named(List.of("<b>", "setosa")), true), WRITTEN);

    assertTrue(html.contains("<tr><td>setosa</td>"), "per-class row");
    assertTrue(html.contains("<tr><th>setosa</th>"), "confusion matrix row");
    assertTrue(html.contains("<th class=\"num\">setosa</th>"), "confusion matrix column");
    assertTrue(html.contains("<td>2: &lt;b&gt;, setosa</td>"), "the data's classes, escaped");
    assertFalse(html.contains("<b>"));
  }

  @Test
  void escapesEveryOutsideString() {
    String html = ReportPage.html(Reports.report(3, 2, false), WRITTEN);

    assertTrue(html.contains("data/train &lt;&amp;&gt; &quot;x&quot;.libsvm"), "the training path is escaped");
    assertFalse(html.contains("<&>"));
    assertEquals("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", Html.escape("<script>alert('x')</script>"));
    assertEquals("", Html.escape(null));
  }

  @Test
  void isSelfContainedAndSaysWhatTheMatrixWasScoredOn() {
    String withoutTest = ReportPage.html(Reports.report(3, 2, false), WRITTEN);

    assertFalse(withoutTest.contains("<script"), "no scripts");
    assertFalse(withoutTest.contains("<link"), "no external CSS");
    assertFalse(withoutTest.contains("http"), "nothing fetched from elsewhere");
    assertTrue(withoutTest.contains("on the training data"));
    assertFalse(withoutTest.contains("test rows"));
    for (String file : ReportWriter.FILES) {
      if (!file.equals(ReportPage.FILE)) {
        assertTrue(withoutTest.contains("\"" + file + "\""), "links " + file);
      }
    }
  }

  @Test
  void saysWhichEpochsModelWasKeptAndDrawsTheValidationCurve() {
    TrainingReport plain = Reports.report(12, 3, true);
    List<EpochStats> history = plain.result().history().stream().map(s -> new EpochStats(s.epoch(), s.epochs(),
        s.loss(), s.accuracy(), s.testLoss(), s.testAccuracy(), s.gradNorm(), s.seconds(),
        0.5 + Math.abs(s.epoch() - 8) * 0.01, 0.9)).toList();
    ModelSelection kept = new ModelSelection(8, 0.5, 0.9, 12, 60, "validation loss has not improved for 4 epochs");
    TrainingReport r = new TrainingReport(plain.config(), plain.trainPath(), plain.testPath(), plain.numFeatures(),
        new TrainingResult(null, history, plain.result().train(), plain.result().test(), kept), plain.evaluation(),
        plain.modelPath(), plain.runSeconds());

    String html = ReportPage.html(r, WRITTEN);
    XYSeriesCollection loss = EpochCurves.dataset(history, EpochStats::loss, EpochStats::testLoss,
        EpochStats::validationLoss);

    assertTrue(html.contains("<p><strong>Model kept:</strong> stopped at epoch 12/60: validation loss has not improved "
        + "for 4 epochs; keeping the model of epoch 8 (validation loss 0.50000, accuracy 90.00%).</p>"), html);
    assertTrue(html.contains("Mean cross-entropy per epoch, training, test and validation."), html);
    assertEquals(List.of("train", "test", "validation"), List.of(loss.getSeriesKey(0), loss.getSeriesKey(1),
        loss.getSeriesKey(2)));
    assertEquals(0.5, loss.getSeries(2).getY(7).doubleValue(), 0.0, "epoch 8's validation loss at x = 8");
    assertEquals(8, loss.getSeries(2).getX(7).intValue());
    assertFalse(ReportPage.html(plain, WRITTEN).contains("Model kept"), "nothing kept without validation data");
  }
}
