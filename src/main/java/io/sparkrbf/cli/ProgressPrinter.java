package io.sparkrbf.cli;

import io.sparkrbf.train.EpochListener;
import io.sparkrbf.train.EpochStats;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints one line per epoch: losses, accuracies, gradient norm, time and ETA. Loss, accuracy and the test
 * values are those of the parameters the epoch started from, the validation values ({@code val}) those it ended
 * with (see {@link EpochStats}). The ETA is the
 * epochs still to run at the pace of the epochs this run has done, so a resumed run does not
 * count the checkpoint's epochs as done in its time.
 */
final class ProgressPrinter implements EpochListener {
  private final PrintStream out;
  private double elapsed;
  private int epochsRun;

  ProgressPrinter(PrintStream out) {
    this.out = out;
  }

  @Override
  public void epochDone(EpochStats s) {
    elapsed += s.seconds();
    epochsRun++;
    double eta = elapsed / epochsRun * (s.epochs() - s.epoch());
    int width = String.valueOf(s.epochs()).length();
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %" + width + "d/%d  loss %.5f  acc %6.2f%%",
        s.epoch(), s.epochs(), s.loss(), 100 * s.accuracy()));
    if (s.hasTest()) {
      line.append(String.format(Locale.ROOT, "  test loss %.5f  test acc %6.2f%%", s.testLoss(), 100 * s.testAccuracy()));
    }
    if (s.hasValidation()) { // of the parameters the epoch ended with
      line.append(String.format(Locale.ROOT, "  val loss %.5f  val acc %6.2f%%", s.validationLoss(),
          100 * s.validationAccuracy()));
    }
    line.append(String.format(Locale.ROOT, "  |grad| %.3e  %.2fs  ETA %s", s.gradNorm(), s.seconds(), duration(eta)));
    out.println(line);
    out.flush();
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
        : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
  }
}
