package io.sparkrbf.train;

import io.sparkrbf.kernel.LossSums;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mean cross-entropy and accuracy of a model on a data set.
 *
 * @param count rows evaluated
 */
public record Metrics(double loss, double accuracy, long count) {

  /** From summed loss, count and correct (the {@link LossSums} layout). */
  public static Metrics fromSums(double[] sums) {
    double n = sums[LossSums.COUNT];
    return new Metrics(sums[LossSums.LOSS] / n, sums[LossSums.CORRECT] / n, (long) n);
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", count);
    m.put("loss", loss);
    m.put("accuracy", accuracy);
    return m;
  }
}
