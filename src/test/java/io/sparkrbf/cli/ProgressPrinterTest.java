package io.sparkrbf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkrbf.train.EpochStats;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
  private static List<String> printed(int first, int last, int epochs, double secondsEach) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressPrinter printer = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    for (int e = first; e <= last; e++) {
      printer.epochDone(new EpochStats(e, epochs, 0.5, 0.9, Double.NaN, Double.NaN, 0.1, secondsEach,
          Double.NaN, Double.NaN));
    }
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void theEtaOfAResumedRunCountsOnlyTheEpochsLeftAtThisRunsPace() {
    List<String> lines = printed(61, 139, 5000, 1.0); // resumed from the checkpoint of epoch 60

    assertEquals("epoch   61/5000  loss 0.50000  acc  90.00%  |grad| 1.000e-01  1.00s  ETA 1h22m", lines.get(0),
        "4939 epochs left at 1 s each");
    assertEquals("epoch  139/5000  loss 0.50000  acc  90.00%  |grad| 1.000e-01  1.00s  ETA 1h21m", lines.get(78),
        "4861 epochs left at 1 s each");
  }

  @Test
  void aFreshRunsEtaIsTheEpochsLeftAtItsPace() {
    List<String> lines = printed(1, 2, 10, 2.0);

    assertEquals("epoch  1/10  loss 0.50000  acc  90.00%  |grad| 1.000e-01  2.00s  ETA 18s", lines.get(0));
    assertEquals("epoch  2/10  loss 0.50000  acc  90.00%  |grad| 1.000e-01  2.00s  ETA 16s", lines.get(1));
  }
}
