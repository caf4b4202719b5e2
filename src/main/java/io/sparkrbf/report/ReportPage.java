package io.sparkrbf.report;

import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.model.Versions;
import io.sparkrbf.predict.ClassMetrics;
import io.sparkrbf.predict.Evaluation;
import io.sparkrbf.train.EpochStats;
import io.sparkrbf.train.Metrics;
import io.sparkrbf.train.TrainingResult;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * index.html: one self-contained page (inline CSS, no scripts, the charts as sibling
 * files) with the final metrics, the charts, per-class metrics, the confusion matrix as
 * numbers, the data, the model path and the configuration. Every string that comes from
 * outside this class is escaped.
 */
final class ReportPage {
  static final String FILE = "index.html";

  private static final String CSS = """
      body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto; max-width: 1680px;
             padding: 0 1.5em; color: #222; }
      h1 { margin-bottom: 0.2em; }
      .meta { color: #666; margin-top: 0; }
      table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
      th, td { border: 1px solid #ddd; padding: 0.3em 0.7em; text-align: left; }
      td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
      th { background: #f4f6f8; }
      .charts { display: flex; flex-wrap: wrap; gap: 1em; }
      .charts figure { margin: 0; }
      .charts img { max-width: 100%; border: 1px solid #ddd; }
      figcaption { color: #555; font-size: 0.9em; }
      code { background: #f4f6f8; padding: 0 0.2em; }
      .note { color: #555; font-size: 0.9em; max-width: 60em; }
      """;

  private ReportPage() {
  }

  static String html(TrainingReport r, Instant written) {
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>spark-rbf training report: ").append(Html.escape(r.trainPath())).append("</title>\n")
        .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n")
        .append("<h1>Training report</h1>\n")
        .append("<p class=\"meta\">spark-rbf ").append(Html.escape(Versions.sparkRbf()))
        .append(" &middot; written ").append(Html.escape(written.truncatedTo(ChronoUnit.SECONDS)))
        .append(" &middot; run time ").append(Html.escape(duration(r.runSeconds())))
        .append(" (").append(Html.escape(r.result().history().size())).append(" epochs, ")
        .append(Html.escape(duration(epochSeconds(r.result().history())))).append(" in the epochs)</p>\n");
    finalMetrics(h, r);
    charts(h, r);
    perClass(h, r);
    confusionTable(h, r.evaluation(), r.evaluatedOn());
    data(h, r);
    model(h, r);
    configuration(h, r);
    h.append("<h2>Files</h2>\n<p><a href=\"history.jsonl\">history.jsonl</a>: one JSON object per epoch ")
        .append("(the same records as <code>--history-out</code>).</p>\n");
    return h.append("</body>\n</html>\n").toString();
  }

  private static void finalMetrics(StringBuilder h, TrainingReport r) {
    TrainingResult result = r.result();
    h.append("<h2>Final model</h2>\n<table>\n<tr><th>data</th><th class=\"num\">rows</th>")
        .append("<th class=\"num\">loss</th><th class=\"num\">accuracy</th></tr>\n");
    metricsRow(h, "training", result.train());
    if (r.hasTest()) {
      metricsRow(h, "test", result.test());
    }
    h.append("</table>\n<p class=\"note\">Loss is the mean cross-entropy against the plain labels (no label ")
        .append("smoothing, no L2 term), as <code>evaluate</code> reports it; the same figures as the ")
        .append("<code>final:</code> line of <code>train</code>.</p>\n");
    if (result.selection() != null) {
      h.append("<p><strong>Model kept:</strong> ").append(Html.escape(result.selection().describe()))
          .append(".</p>\n<p class=\"note\">With validation data the model written is the one of the epoch with ")
          .append("the lowest validation loss, measured on the parameters the epoch ended with; the figures above ")
          .append("are that model's.</p>\n");
    }
  }

  private static void metricsRow(StringBuilder h, String name, Metrics m) {
    h.append("<tr><td>").append(Html.escape(name)).append("</td><td class=\"num\">").append(m.count())
        .append("</td><td class=\"num\">").append(Html.escape(String.format(Locale.ROOT, "%.5f", m.loss())))
        .append("</td><td class=\"num\">").append(Html.escape(percent(m.accuracy()))).append("</td></tr>\n");
  }

  private static void charts(StringBuilder h, TrainingReport r) {
    h.append("<h2>Charts</h2>\n<div class=\"charts\">\n");
    figure(h, LossChart.FILE, "Loss per epoch", "Mean cross-entropy per epoch" + curves(r));
    figure(h, AccuracyChart.FILE, "Accuracy per epoch", "Accuracy per epoch" + curves(r));
    figure(h, ConfusionChart.FILE, "Confusion matrix", "Confusion matrix of the final model on the "
        + r.evaluatedOn() + " data: true class down, predicted class across.");
    h.append("</div>\n");
  }

  /** The curves the epoch charts have, for their captions. */
  private static String curves(TrainingReport r) {
    boolean validated = r.result().selection() != null;
    return r.hasTest() && validated ? ", training, test and validation." : r.hasTest() ? ", training and test."
        : validated ? ", training and validation." : ", training.";
  }

  private static void figure(StringBuilder h, String file, String alt, String caption) {
    h.append("<figure><img src=\"").append(Html.escape(file)).append("\" alt=\"").append(Html.escape(alt))
        .append("\" width=\"800\"><figcaption>").append(Html.escape(caption)).append("</figcaption></figure>\n");
  }

  private static void perClass(StringBuilder h, TrainingReport r) {
    Evaluation e = r.evaluation();
    List<ClassMetrics> classes = e.perClass();
    h.append("<h2>Per class, on the ").append(Html.escape(r.evaluatedOn())).append(" data</h2>\n")
        .append("<table>\n<tr><th>class</th><th class=\"num\">support</th><th class=\"num\">precision</th>")
        .append("<th class=\"num\">recall</th><th class=\"num\">F1</th></tr>\n");
    for (ClassMetrics c : classes) {
      h.append("<tr><td>").append(Html.escape(e.classes().name(c.classId()))).append("</td><td class=\"num\">")
          .append(c.support()).append("</td>");
      for (double v : new double[] {c.precision(), c.recall(), c.f1()}) {
        h.append("<td class=\"num\">").append(Html.escape(String.format(Locale.ROOT, "%.4f", v))).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("<tr><th>all classes (macro F1)</th><td class=\"num\">").append(e.count()).append("</td><td></td><td></td>")
        .append("<th class=\"num\">").append(Html.escape(String.format(Locale.ROOT, "%.4f", ClassMetrics.macroF1(classes))))
        .append("</th></tr>\n</table>\n");
    h.append("<p class=\"note\">Scored again after training, as <code>evaluate</code> does:")
        .append(" accuracy ").append(Html.escape(percent(e.accuracy()))).append(" on ").append(e.count())
        .append(" rows. Precision is 0 for a class never predicted; the macro F1 weighs every class the same.</p>\n");
  }

  private static void confusionTable(StringBuilder h, Evaluation e, String scoredOn) {
    long[][] m = e.confusion();
    h.append("<h2>Confusion matrix, on the ").append(Html.escape(scoredOn)).append(" data</h2>\n")
        .append("<table class=\"confusion\">\n<tr><th>true \\ predicted</th>");
    for (int c = 0; c < m.length; c++) {
      h.append("<th class=\"num\">").append(Html.escape(e.classes().name(c))).append("</th>");
    }
    h.append("</tr>\n");
    for (int a = 0; a < m.length; a++) {
      h.append("<tr><th>").append(Html.escape(e.classes().name(a))).append("</th>");
      for (long v : m[a]) {
        h.append("<td class=\"num\">").append(v).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n");
  }

  private static void data(StringBuilder h, TrainingReport r) {
    h.append("<h2>Data</h2>\n<table>\n");
    row(h, "training data", r.trainPath());
    row(h, "training rows", r.result().train().count());
    if (r.hasTest()) {
      row(h, "test data", r.testPath());
      row(h, "test rows", r.result().test().count());
    }
    row(h, "features", r.numFeatures());
    LabelIndex classes = r.evaluation().classes();
    row(h, "classes", classes.size() + ": "
        + IntStream.range(0, classes.size()).mapToObj(classes::name).collect(Collectors.joining(", ")));
    h.append("</table>\n");
  }

  private static void model(StringBuilder h, TrainingReport r) {
    h.append("<h2>Model</h2>\n<table>\n");
    row(h, "model file", r.modelPath());
    h.append("</table>\n");
  }

  /** The flags of the run; the projection's with the share of the variance it keeps. */
  private static void configuration(StringBuilder h, TrainingReport r) {
    h.append("<h2>Configuration</h2>\n<table>\n");
    for (Map.Entry<String, Object> e : r.config().toFlagMap().entrySet()) {
      row(h, e.getKey(), e.getKey().equals("--projection") && r.projection() != null
          ? e.getValue() + " " + r.projection().describe() : e.getValue());
    }
    h.append("</table>\n");
  }

  private static void row(StringBuilder h, String key, Object value) {
    h.append("<tr><th>").append(Html.escape(key)).append("</th><td>").append(Html.escape(value)).append("</td></tr>\n");
  }

  /** Accuracy as the {@code final:} line of train prints it: two decimals and a percent sign. */
  static String percent(double share) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * share);
  }

  static String duration(double seconds) {
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1f s", seconds);
    }
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%d h %02d min", s / 3600, s / 60 % 60)
        : String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
  }

  private static double epochSeconds(List<EpochStats> history) {
    return history.stream().mapToDouble(EpochStats::seconds).sum();
  }
}
