package io.sparkrbf.predict;

import static io.sparkrbf.kernel.KernelFixtures.randomParameters;
import static io.sparkrbf.kernel.KernelFixtures.randomRows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkrbf.LocalSpark;
import io.sparkrbf.data.Blockifier;
import io.sparkrbf.data.ParsedRow;
import io.sparkrbf.data.RowLocator;
import io.sparkrbf.kernel.Block;
import io.sparkrbf.kernel.BlockKernel;
import io.sparkrbf.kernel.Precision;
import io.sparkrbf.kernel.RbfShape;
import io.sparkrbf.model.InputMap;
import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.model.RbfModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

/**
 * Evaluation of instance-weighted rows against a per-row computation from the model's own
 * row-by-row scores: weighted mean loss and accuracy, and weights in the confusion cells,
 * as Spark's MulticlassMetrics counts them.
 */
class EvaluationIT extends LocalSpark {
  private static final double[] CLASSES = {1.0, 2.0, 5.0};
  private static final RbfShape SHAPE = new RbfShape(4, 6, CLASSES.length);
  private static final int ROWS = 200;

  private final Random rnd = new Random(5);
  private final RbfModel model = new RbfModel(CLASSES, null, randomParameters(SHAPE, rnd, 2.0), Map.of());
  private final double[][] xs = randomRows(ROWS, SHAPE.numFeatures(), rnd);
  private final int[] labels = rnd.ints(ROWS, 0, CLASSES.length).toArray();

  @Test
  void weightedRowsCountWithTheirWeights() {
    IntToDoubleFunction weight = i -> i % 4;

    Evaluation e = Evaluation.of(model, blocks(weight), "weighted rows");

    double total = 0;
    double loss = 0;
    double correct = 0;
    long[][] confusion = new long[3][3];
    for (int i = 0; i < ROWS; i++) {
      double[] scores = model.scores(xs[i]);
      double max = Math.max(scores[0], Math.max(scores[1], scores[2]));
      double logSum = max + Math.log(Math.exp(scores[0] - max) + Math.exp(scores[1] - max) + Math.exp(scores[2] - max));
      int predicted = BlockKernel.argmax(scores, 0, 3);
      double w = weight.applyAsDouble(i);
      total += w;
      loss += w * (logSum - scores[labels[i]]);
      correct += predicted == labels[i] ? w : 0;
      confusion[labels[i]][predicted] += (long) w;
    }
    assertEquals((long) total, e.count());
    assertEquals(loss / total, e.loss(), 1e-12 * loss / total);
    assertEquals(correct / total, e.accuracy(), 1e-15);
    for (int a = 0; a < 3; a++) {
      assertArrayEquals(confusion[a], e.confusion()[a], "actual class " + a);
      long support = confusion[a][0] + confusion[a][1] + confusion[a][2];
      assertEquals(support, e.perClass().get(a).support());
    }
  }

  @Test
  void fractionalWeightsAreRefusedRatherThanRoundedInTheConfusionMatrix() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Evaluation.of(model, blocks(i -> i == 7 ? 0.5 : 1), "half rows"));
    assertEquals("half rows: fractional instance weights; the confusion matrix counts whole rows", e.getMessage());
  }

  @Test
  void rowsThatWeighNothingAreRefusedNamingTheData() {
    IllegalArgumentException weightless = assertThrows(IllegalArgumentException.class,
        () -> Evaluation.of(model, blocks(i -> 0), "weightless"));
    assertEquals("weightless: no data rows, or every row weighs 0: nothing to evaluate", weightless.getMessage());

    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> Evaluation.of(model, sc.parallelize(List.<Block>of(), 2), "empty"));
    assertEquals("empty: no data rows, or every row weighs 0: nothing to evaluate", empty.getMessage());
  }

  /** The rows with the given weights in 3 partitions, stacked into blocks of 32 rows. */
  private JavaRDD<Block> blocks(IntToDoubleFunction weight) {
    List<ParsedRow> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      rows.add(new ParsedRow(CLASSES[labels[i]], null, xs[i], i, weight.applyAsDouble(i)));
    }
    return Blockifier.toBlocks(sc.parallelize(rows, 3), RowLocator.partitions("rows"),
        new InputMap(SHAPE.numFeatures(), null, null), new LabelIndex(CLASSES), 32, Precision.DOUBLE);
  }
}
