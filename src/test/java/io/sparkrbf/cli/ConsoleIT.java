package io.sparkrbf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.persist.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What train shows on the console: --quiet, --log-level, the Spark UI address, and the small-data defaults. */
class ConsoleIT {
  @TempDir
  Path dir;

  private CliRun train(String... extra) {
    List<String> args = new ArrayList<>(List.of("train", "--data", CliIT.IRIS_TRAIN, "--test", CliIT.IRIS_TEST,
        "--learning-rate", "0.05", "--master", "local[2]", "--model-out", dir.resolve("model.json").toString()));
    if (!List.of(extra).contains("--epochs")) {
      args.addAll(List.of("--epochs", "5"));
    }
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void quietPrintsOnlyTheFinalLine() {
    CliRun run = train("--centers", "8", "--quiet", "--conf", "spark.ui.enabled=false");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals("", run.err(), "no log line");
    List<String> out = run.out().lines().toList();
    assertEquals(1, out.size(), run.out());
    assertTrue(out.get(0).matches("final: train loss \\S+  train accuracy \\S+%  test loss \\S+  test accuracy \\S+%"),
        out.get(0));
  }

  @Test
  void logLevelSetsTheConsoleLogAndABadOneIsRefused() throws IOException {
    CliRun warn = train("--centers", "8", "--log-level", "warn", "--conf", "spark.ui.enabled=false");
    CliRun bad = train("--centers", "8", "--log-level", "loud");

    assertEquals(0, warn.exitCode(), warn.err());
    assertEquals("", warn.err(), "no INFO line, and nothing to warn about");
    assertEquals(5 + 2, warn.out().lines().count(), "5 epoch lines, final, model written");
    assertEquals(RbfMain.USAGE, bad.exitCode());
    assertEquals(List.of("error: --log-level loud: expected error, warn, info, debug or trace (see: rbf train "
        + "--help)"), bad.errorLines());
    assertEquals("", bad.out());
    assertEquals(List.of("model.json"), names(dir), "nothing written by the refused run");
  }

  @Test
  void theSparkUiAddressIsPrintedOnceWhenTheUiRuns() {
    CliRun withUi = train("--centers", "8", "--conf", "spark.ui.port=0");
    CliRun withoutUi = train("--centers", "8", "--conf", "spark.ui.enabled=false", "--overwrite");

    assertEquals(0, withUi.exitCode(), withUi.err());
    List<String> ui = withUi.err().lines().filter(l -> l.contains("Spark UI")).toList();
    assertEquals(1, ui.size(), withUi.err());
    assertTrue(ui.get(0).matches("\\d\\d:\\d\\d:\\d\\d INFO  SparkContexts: Spark UI at http://127\\.0\\.0\\.1:\\d+ "
        + "while the command runs"), ui.get(0));
    assertEquals(0, withoutUi.exitCode(), withoutUi.err());
    assertFalse(withoutUi.err().contains("Spark UI"), withoutUi.err());
  }

  @Test
  void withoutCentersASmallDataSetGetsACountThatFitsAndTheLogSaysWhich() throws IOException {
    CliRun run = train("--conf", "spark.ui.enabled=false");

    assertEquals(0, run.exitCode(), run.err());
    String chosen = "INFO  TrainOptions: 60 centers, half the 120 training rows: the default --centers 256 is for "
        + "larger data; --centers chooses another count";
    assertTrue(run.err().contains(chosen), run.err());
    assertTrue(run.err().indexOf(chosen) < run.err().indexOf("SparkContexts: Spark "), "chosen before Spark starts");
    assertTrue(run.err().contains("with --centers 60 --epochs 5"), "the logged flags reproduce the run");
    assertEquals(60, ModelFile.read(dir.resolve("model.json").toString(), new Configuration()).shape().numCenters());
  }

  @Test
  void tooManyCentersAreRefusedBeforeSparkStartsWithTheCountThatFits() throws IOException {
    CliRun run = train("--centers", "256", "--conf", "spark.ui.enabled=false");

    assertEquals(RbfMain.USAGE, run.exitCode());
    assertEquals("error: --centers 256 is more than the 120 training rows; use --centers 120 or fewer\n", run.err(),
        "refused before Spark starts: the whole console");
    assertEquals(List.of(), names(dir));
  }

  @Test
  void zeroEpochsAreRefusedBeforeSparkStarts() throws IOException {
    CliRun run = train("--centers", "8", "--epochs", "0");

    assertEquals(RbfMain.USAGE, run.exitCode());
    assertEquals("error: --epochs 0 would write an untrained model; give --epochs 1 or more, or --evaluate-start to "
        + "write and evaluate the starting point on purpose (rbf evaluate scores a saved model)\n", run.err(),
        "the whole console");
    assertEquals("", run.out());
    assertEquals(List.of(), names(dir));
  }

  @Test
  void evaluateStartWritesTheStartingPointOnPurpose() throws IOException {
    CliRun start = train("--centers", "8", "--epochs", "0", "--evaluate-start", "--conf", "spark.ui.enabled=false");
    CliRun trained = train("--centers", "8", "--epochs", "3", "--evaluate-start");

    assertEquals(0, start.exitCode(), start.err());
    List<String> out = start.out().lines().toList();
    assertEquals(2, out.size(), "no epoch line: " + start.out());
    assertTrue(out.get(0).startsWith("final: train loss "), out.get(0));
    assertEquals(List.of("model.json"), names(dir));
    assertEquals(RbfMain.USAGE, trained.exitCode());
    assertEquals(List.of("error: --evaluate-start trains nothing: give it with --epochs 0, or leave it out"),
        trained.errorLines());
  }

  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
