package io.sparkrbf.train;

import static io.sparkrbf.train.Configs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrainConfigTest {

  @Test
  void lbfgsRefusesMiniBatchesWithOneClearLine() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Configs.withBatchFraction(config(4, 10, "lbfgs", 0.1, "kmeans", 1), 0.5));

    assertEquals("--optimizer lbfgs is full-batch: --batch-fraction must be 1, got 0.5", e.getMessage());
    assertTrue(Configs.withBatchFraction(config(4, 10, "adam", 0.1, "kmeans", 1), 0.5).batchFraction() < 1,
        "the step rules still take mini-batches");
  }

  @Test
  void toleranceMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> Configs.withTolerance(config(4, 10, "lbfgs", 0.1, "kmeans", 1), 0));
    assertThrows(IllegalArgumentException.class,
        () -> Configs.withTolerance(config(4, 10, "lbfgs", 0.1, "kmeans", 1), Double.NaN));
  }

  @Test
  void toleranceIsRecordedOnlyForLbfgs() {
    assertEquals(1e-6, config(4, 10, "lbfgs", 0.1, "kmeans", 1).toMap().get("tolerance"));
    assertFalse(config(4, 10, "adam", 0.1, "kmeans", 1).toMap().containsKey("tolerance"),
        "checkpoints of step-rule runs from before --tol keep their fingerprint");
  }

  @Test
  void unknownOptimizerNamesTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> config(4, 10, "newton", 0.1, "kmeans", 1));
    assertTrue(e.getMessage().contains("[gd, momentum, adam, lbfgs]"), e.getMessage());
  }
}
