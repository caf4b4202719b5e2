package io.sparkrbf.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void dividesTheSumsByTheTotalWeight() {
    Metrics m = Metrics.fromSums(new double[] {6.0, 4.0, 3.0, 1.0, 2.0});

    assertEquals(1.5, m.loss(), 0.0);
    assertEquals(0.75, m.accuracy(), 0.0);
    assertEquals(4, m.count());
  }

  @Test
  void refusesRowsThatWeighNothing() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Metrics.fromSums(new double[] {0.0, 0.0, 0.0, 0.0}));
    assertEquals("no data rows, or every row weighs 0: nothing to evaluate", e.getMessage());

    e = assertThrows(IllegalArgumentException.class, () -> Metrics.fromSums(new double[] {0.0, 0.0, 0.0}, "t.libsvm"));
    assertEquals("t.libsvm: no data rows, or every row weighs 0: nothing to evaluate", e.getMessage());
  }
}
