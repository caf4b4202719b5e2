package io.sparkrbf.predict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Precision, recall and F1 of one class, from a confusion matrix: where accuracy hides
 * a class the model never gets right, these show it.
 *
 * @param classId the class, an index into the model's classes
 * @param support rows whose actual class this is
 * @param precision right among the rows predicted as this class (0 when none is)
 * @param recall right among the rows of this class (0 without such rows)
 * @param f1 harmonic mean of precision and recall (0 when both are 0)
 */
public record ClassMetrics(int classId, long support, double precision, double recall, double f1) {

  /** One entry per class, in class order; {@code confusion[actual][predicted]}. */
  public static List<ClassMetrics> of(long[][] confusion) {
    int k = confusion.length;
    List<ClassMetrics> metrics = new ArrayList<>(k);
    for (int c = 0; c < k; c++) {
      long truePositives = confusion[c][c];
      long actual = 0;
      long predicted = 0;
      for (int o = 0; o < k; o++) {
        actual += confusion[c][o];
        predicted += confusion[o][c];
      }
      double precision = predicted == 0 ? 0 : (double) truePositives / predicted;
      double recall = actual == 0 ? 0 : (double) truePositives / actual;
      double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
      metrics.add(new ClassMetrics(c, actual, precision, recall, f1));
    }
    return metrics;
  }

  /** The unweighted mean F1 over classes: every class counts the same, however rare. */
  public static double macroF1(List<ClassMetrics> metrics) {
    return metrics.stream().mapToDouble(ClassMetrics::f1).average().orElse(0);
  }

  /**
   * label, support, precision, recall and f1, JSON-ready.
   *
   * @param label the class's label as JSON: a number or a name
   */
  public Map<String, Object> toMap(Object label) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("label", label);
    m.put("support", support);
    m.put("precision", precision);
    m.put("recall", recall);
    m.put("f1", f1);
    return m;
  }
}
