package io.sparkrbf.predict;

import io.sparkrbf.data.InputSpec;
import io.sparkrbf.kernel.Block;
import io.sparkrbf.kernel.BlockKernel;
import io.sparkrbf.kernel.LossSums;
import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.model.RbfModel;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * A model's mean cross-entropy, accuracy and confusion matrix on a labelled data set,
 * computed in one distributed pass.
 *
 * @param confusion {@code confusion[actual][predicted]} row counts, class ids as in {@code classes}
 */
public record Evaluation(long count, double loss, double accuracy, long[][] confusion, double[] classes) {

  /** Evaluates {@code model} on the data at {@code input}. */
  public static Evaluation of(JavaSparkContext sc, RbfModel model, InputSpec input) {
    return of(sc, model, ModelInputs.labelledBlocks(sc, model, input), input.path());
  }

  /**
   * Evaluates {@code model} on blocks already scaled by its standardization and labelled
   * with its class ids (training's cached blocks), named {@code source} in messages.
   */
  public static Evaluation of(JavaSparkContext sc, RbfModel model, JavaRDD<Block> blocks, String source) {
    int k = model.shape().numClasses();
    Broadcast<RbfParameters> params = sc.broadcast(model.parameters());
    try {
      sc.setJobDescription("evaluate " + source);
      double[] sums = blocks.mapPartitions(it -> {
        RbfParameters p = params.value();
        BlockKernel kernel = new BlockKernel(p.shape(), 0.0);
        kernel.bind(p);
        double[] acc = new double[LossSums.GRADIENT + k * k];
        while (it.hasNext()) {
          Block block = it.next();
          double[] logP = kernel.logProbabilities(block);
          int[] labels = block.labels();
          for (int i = 0; i < block.rows(); i++) {
            int predicted = BlockKernel.argmax(logP, i * k, k);
            acc[LossSums.LOSS] -= logP[i * k + labels[i]];
            acc[LossSums.CORRECT] += predicted == labels[i] ? 1 : 0;
            acc[LossSums.GRADIENT + labels[i] * k + predicted]++;
          }
          acc[LossSums.COUNT] += block.rows();
        }
        return Collections.singletonList(acc).iterator();
      }).treeReduce(LossSums::merge);
      return fromSums(sums, model.classes(), source);
    } finally {
      sc.setJobDescription(null);
      params.destroy();
    }
  }

  private static Evaluation fromSums(double[] sums, double[] classes, String source) {
    long n = (long) sums[LossSums.COUNT];
    if (n == 0) {
      throw new IllegalArgumentException(source + ": no data rows");
    }
    int k = classes.length;
    long[][] confusion = new long[k][k];
    for (int a = 0; a < k; a++) {
      for (int p = 0; p < k; p++) {
        confusion[a][p] = (long) sums[LossSums.GRADIENT + a * k + p];
      }
    }
    return new Evaluation(n, sums[LossSums.LOSS] / n, sums[LossSums.CORRECT] / n, confusion, classes);
  }

  /** Precision, recall and F1 of each class, in class order. */
  public List<ClassMetrics> perClass() {
    return ClassMetrics.of(confusion, classes);
  }

  /**
   * count, loss, accuracy, macroF1, classes, confusionMatrix (rows = actual class) and
   * perClass (label, support, precision, recall, f1), JSON-ready.
   */
  public Map<String, Object> toMap() {
    List<ClassMetrics> perClass = perClass();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", count);
    m.put("loss", loss);
    m.put("accuracy", accuracy);
    m.put("macroF1", ClassMetrics.macroF1(perClass));
    m.put("classes", classes);
    m.put("confusionMatrix", List.of(confusion));
    m.put("perClass", perClass.stream().map(ClassMetrics::toMap).toList());
    return m;
  }
}
