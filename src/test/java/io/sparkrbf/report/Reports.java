package io.sparkrbf.report;

import io.sparkrbf.config.TrainOptions;
import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.predict.Evaluation;
import io.sparkrbf.train.EpochStats;
import io.sparkrbf.train.Metrics;
import io.sparkrbf.train.TrainingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Synthetic training reports for the chart and page tests: plausible curves, a seeded confusion matrix. */
final class Reports {
  private Reports() {
  }

  static TrainOptions config(int epochs, double labelSmoothing) {
    return TrainOptions.defaults().centers(64).epochs(epochs).labelSmoothing(labelSmoothing).build();
  }

  /** A run of {@code epochs} epochs over {@code k} classes 1 .. k, with or without test data. */
  static TrainingReport report(int epochs, int k, boolean withTest) {
    double[] values = new double[k];
    for (int c = 0; c < k; c++) {
      values[c] = c + 1;
    }
    return report(epochs, new LabelIndex(values), withTest);
  }

  /** A run of {@code epochs} epochs over the given classes, with or without test data. */
  static TrainingReport report(int epochs, LabelIndex classes, boolean withTest) {
    int k = classes.size();
    List<EpochStats> history = new ArrayList<>();
    for (int e = 1; e <= epochs; e++) {
      double t = (e - 1.0) / Math.max(1, epochs - 1);
      double loss = Math.log(k) * Math.exp(-4 * t) + 0.05;
      double acc = 1.0 / k + (0.99 - 1.0 / k) * (1 - Math.exp(-6 * t));
      history.add(new EpochStats(e, epochs, loss, acc, withTest ? loss * 1.1 + 0.02 : Double.NaN,
          withTest ? acc - 0.02 * t : Double.NaN, 0.3 * Math.exp(-t), 0.2, Double.NaN,
          Double.NaN));
    }
    EpochStats last = history.get(epochs - 1);
    Metrics train = new Metrics(last.loss() * 0.98, last.accuracy(), 7494);
    Metrics test = withTest ? new Metrics(last.testLoss() * 0.98, last.testAccuracy(), 3498) : null;
    long[][] confusion = confusion(k, withTest ? 3498 : 7494, 42);
    return new TrainingReport(config(epochs, 0.1), "data/train <&> \"x\".libsvm", withTest ? "data/test.libsvm" : null,
        16, new TrainingResult(null, history, train, test, null), evaluation(confusion, classes), "out/model.json",
        83.4);
  }

  static Evaluation evaluation(long[][] confusion, LabelIndex classes) {
    long n = 0;
    long right = 0;
    for (int a = 0; a < confusion.length; a++) {
      for (int p = 0; p < confusion.length; p++) {
        n += confusion[a][p];
        right += a == p ? confusion[a][p] : 0;
      }
    }
    return new Evaluation(n, 0.1, (double) right / n, confusion, classes);
  }

  /** About {@code rows} rows spread over k classes, mostly right, a few mistakes between neighbours. */
  static long[][] confusion(int k, int rows, long seed) {
    Random random = new Random(seed);
    long[][] m = new long[k][k];
    for (int i = 0; i < rows; i++) {
      int a = random.nextInt(k);
      double u = random.nextDouble();
      int p = u < 0.93 ? a : u < 0.97 ? (a + 1) % k : random.nextInt(k);
      m[a][p]++;
    }
    return m;
  }
}
