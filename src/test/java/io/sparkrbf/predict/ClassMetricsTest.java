package io.sparkrbf.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassMetricsTest {

  @Test
  void precisionRecallAndF1FollowFromTheConfusionMatrix() {
    long[][] confusion = {
        {8, 2, 0},   // actual 0: 8 right, 2 taken for 1
        {1, 5, 4},   // actual 1
        {0, 0, 0}};  // class 2 never occurs
    List<ClassMetrics> m = ClassMetrics.of(confusion);

    assertEquals(new ClassMetrics(0, 10, 8.0 / 9, 0.8, 2 * (8.0 / 9) * 0.8 / (8.0 / 9 + 0.8)), m.get(0));
    assertEquals(new ClassMetrics(1, 10, 5.0 / 7, 0.5, 2 * (5.0 / 7) * 0.5 / (5.0 / 7 + 0.5)), m.get(1));
    assertEquals(new ClassMetrics(2, 0, 0.0, 0.0, 0.0), m.get(2), "predicted 4 times, never right, no support");
    assertEquals((m.get(0).f1() + m.get(1).f1()) / 3, ClassMetrics.macroF1(m), 1e-15);
  }
}
