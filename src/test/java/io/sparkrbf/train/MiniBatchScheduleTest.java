package io.sparkrbf.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MiniBatchScheduleTest {

  @ParameterizedTest(name = "f={0}")
  @CsvSource({"1.0, 1", "0.5, 2", "0.3, 4", "0.1, 10", "0.01, 100"})
  void anEpochHasCeilOfOneOverFSteps(double fraction, int steps) {
    assertEquals(steps, new MiniBatchSchedule(fraction, 1).stepsPerEpoch());
  }

  @Test
  void everyEpochVisitsEverySliceOnceInASeededOrder() {
    MiniBatchSchedule schedule = new MiniBatchSchedule(0.1, 7);
    int[] first = indices(schedule.epoch(1));
    int[] sorted = first.clone();
    Arrays.sort(sorted);

    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
    assertArrayEquals(first, indices(new MiniBatchSchedule(0.1, 7).epoch(1)), "same seed, same order");
    assertFalse(Arrays.equals(first, indices(schedule.epoch(2))), "epochs are shuffled anew");
    assertFalse(Arrays.equals(first, indices(new MiniBatchSchedule(0.1, 8).epoch(1))), "the seed matters");
  }

  @ParameterizedTest(name = "{0} rows in {1} slices")
  @CsvSource({"1024, 10", "1000, 3", "7, 10", "1, 1", "0, 4", "5, 5"})
  void slicesCutEveryBlockIntoContiguousParts(int rows, int count) {
    int next = 0;
    for (int i = 0; i < count; i++) {
      BlockSlice slice = new BlockSlice(i, count);
      assertEquals(next, slice.from(rows));
      next += slice.size(rows);
      assertTrue(slice.size(rows) >= rows / count && slice.size(rows) <= rows / count + 1);
    }
    assertEquals(rows, next);
  }

  @Test
  void fractionOutsideZeroToOneIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new MiniBatchSchedule(0, 1));
    assertThrows(IllegalArgumentException.class, () -> new MiniBatchSchedule(1.5, 1));
    assertThrows(IllegalArgumentException.class, () -> new MiniBatchSchedule(Double.NaN, 1));
  }

  private static int[] indices(BlockSlice[] slices) {
    return Arrays.stream(slices).mapToInt(BlockSlice::index).toArray();
  }
}
