package io.sparkrbf.predict;

import io.sparkrbf.aggregate.AggregationPlan;
import io.sparkrbf.data.InputSpec;
import io.sparkrbf.kernel.Block;
import io.sparkrbf.kernel.LossSums;
import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.train.DistributedLoss;
import io.sparkrbf.train.Metrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A model's loss, accuracy and confusion matrix on a labelled data set, computed in one
 * distributed pass through the same kernel and aggregation as training's evaluations
 * ({@link DistributedLoss#lossSums}), so {@code evaluate} and the {@code final:} metrics of
 * {@code train} agree: the instance-weighted mean cross-entropy against the plain labels (no
 * label smoothing, no L2 term) and the weighted share of rows predicted right.
 *
 * @param count total instance weight: the rows when each weighs 1
 * @param confusion {@code confusion[actual][predicted]}, class ids as in {@code classes}: the rows' summed
 *     instance weights, as Spark's {@code MulticlassMetrics} counts them, so row counts when each row weighs 1
 * @param classes the model's classes, numbers or names
 */
public record Evaluation(long count, double loss, double accuracy, long[][] confusion, LabelIndex classes) {
  /** Evaluates {@code model} on the data at {@code input}. */
  public static Evaluation of(JavaSparkContext sc, RbfModel model, InputSpec input) {
    return of(model, ModelInputs.labelledBlocks(sc, model, input), input.path());
  }

  /**
   * Evaluates {@code model} on blocks already scaled by its standardization and labelled
   * with its class ids (training's cached blocks), named {@code source} in messages; the
   * blocks' context runs the pass.
   */
  public static Evaluation of(RbfModel model, JavaRDD<Block> blocks, String source) {
    double[] sums = new DistributedLoss(blocks, 0.0, AggregationPlan.AUTO)
        .lossSums(model.parameters(), "evaluate " + source);
    Metrics metrics = Metrics.fromSums(sums, source);
    return new Evaluation(metrics.count(), metrics.loss(), metrics.accuracy(),
        confusion(sums, model.labels().size(), source), model.labels());
  }

  /** The confusion weights as whole counts; fractional instance weights are refused rather than rounded. */
  private static long[][] confusion(double[] sums, int k, String source) {
    long[][] confusion = new long[k][k];
    for (int a = 0; a < k; a++) {
      for (int p = 0; p < k; p++) {
        double weight = sums[LossSums.CONFUSION + a * k + p];
        if (weight != Math.rint(weight)) {
          throw new IllegalArgumentException(source + ": fractional instance weights; the confusion matrix counts "
              + "whole rows");
        }
        confusion[a][p] = (long) weight;
      }
    }
    return confusion;
  }

  /** Precision, recall and F1 of each class, in class order. */
  public List<ClassMetrics> perClass() {
    return ClassMetrics.of(confusion);
  }

  /**
   * count, loss, accuracy, macroF1, classes, confusionMatrix (rows = actual class) and
   * perClass (label, support, precision, recall, f1), JSON-ready; labels are numbers or names
   * as the model's classes are.
   */
  public Map<String, Object> toMap() {
    List<ClassMetrics> perClass = perClass();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", count);
    m.put("loss", loss);
    m.put("accuracy", accuracy);
    m.put("macroF1", ClassMetrics.macroF1(perClass));
    List<Object> labels = classes.jsonValues();
    m.put("classes", labels);
    m.put("confusionMatrix", List.of(confusion));
    m.put("perClass", perClass.stream().map(c -> c.toMap(labels.get(c.classId()))).toList());
    return m;
  }
}
