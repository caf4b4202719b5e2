package io.sparkrbf.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkrbf.LocalSpark;
import io.sparkrbf.kernel.Block;
import io.sparkrbf.kernel.Precision;
import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.kernel.RbfShape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The objective and the metrics divide by the rows' total weight only when it is above 0. */
class TrainingObjectiveIT extends LocalSpark {
  private static final RbfShape SHAPE = new RbfShape(2, 2, 2);
  private static final RbfParameters PARAMS = new RbfParameters(SHAPE,
      new double[] {0.1, 0.2, -0.3, -0.1, 0.4, 0.2, 0.5, 0.7, 0, 0, 1, 1});

  /** Two blocks of rows that all weigh 0. */
  private DistributedLoss weightless() {
    double[] features = {0, 1, 1, 0, 1, 1};
    Block block = new Block(3, 2, features, new int[] {0, 1, 0}, new double[3], Precision.DOUBLE);
    return new DistributedLoss(sc.parallelize(List.of(block, block), 2), 0.1, 2);
  }

  @Test
  void allRowsWeighingZeroAreRefusedOverTheWholeData() {
    TrainingObjective objective = new TrainingObjective(weightless(), true, 0.01);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> objective.at(PARAMS, BlockSlice.WHOLE, "whole"));
    assertEquals("no training rows, or every row weighs 0: no mean loss to minimize", e.getMessage());
  }

  @Test
  void aWeightlessMiniBatchSliceHasNothingToLearnFrom() {
    TrainingObjective objective = new TrainingObjective(weightless(), true, 0.01);

    TrainingObjective.Value value = objective.at(PARAMS, new BlockSlice(1, 2), "slice");

    assertEquals(0.0, value.rows());
    assertEquals(0.0, value.loss());
    assertArrayEquals(new double[SHAPE.size()], value.gradient(), 0.0);
    IllegalStateException e = assertThrows(IllegalStateException.class, value::accuracy);
    assertEquals("a slice whose rows weigh 0 has no accuracy", e.getMessage());
  }

  @Test
  void noRowsOrWeightlessRowsHaveNoMetrics() {
    DistributedLoss empty = new DistributedLoss(sc.parallelize(List.<Block>of(), 2), 0.0, 2);
    for (DistributedLoss data : List.of(empty, weightless())) {
      double[] sums = data.lossSums(PARAMS, "evaluation");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metrics.fromSums(sums));
      assertEquals("no data rows, or every row weighs 0: nothing to evaluate", e.getMessage());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TrainingObjective(empty, false, 0).at(PARAMS, BlockSlice.WHOLE, "no rows"));
    assertEquals("no training rows, or every row weighs 0: no mean loss to minimize", e.getMessage());
  }
}
