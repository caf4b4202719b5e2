package io.sparkrbf.train;

import io.sparkrbf.kernel.LossSums;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's evaluation loss and accuracy on a data set: the instance-weighted mean
 * cross-entropy against the plain labels (no label smoothing, no L2 term, so that it means
 * the same for every model), and the weighted share of rows predicted right.
 *
 * @param count total instance weight: the rows evaluated when each weighs 1
 */
public record Metrics(double loss, double accuracy, long count) {

  /** From evaluation sums ({@link DistributedLoss#lossSums}); refused when the rows weigh nothing. */
  public static Metrics fromSums(double[] sums) {
    return fromSums(sums, null);
  }

  /**
   * As {@link #fromSums(double[])}, naming the data in the message.
   *
   * @param source the data's name, or null
   */
  public static Metrics fromSums(double[] sums, String source) {
    double weight = sums[LossSums.COUNT];
    if (!(weight > 0)) {
      throw new IllegalArgumentException((source == null ? "" : source + ": ")
          + "no data rows, or every row weighs 0: nothing to evaluate");
    }
    return new Metrics(sums[LossSums.LOSS] / weight, sums[LossSums.CORRECT] / weight, (long) weight);
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", count);
    m.put("loss", loss);
    m.put("accuracy", accuracy);
    return m;
  }
}
