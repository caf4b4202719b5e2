package io.sparkrbf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkrbf.Differences;
import io.sparkrbf.StageRecorder;
import io.sparkrbf.aggregate.AggregationPlan;
import io.sparkrbf.persist.ModelFile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18's failing case, as a user runs it: MNIST-shaped rows (784 sparse features, 10
 * classes) in 400 partitions, 2048 centers, {@code spark.driver.maxResultSize=64m}. Each
 * partition's gradient sums are 1,628,173 doubles (12.4 MiB); before the aggregation was planned,
 * Spark's treeReduce left 20 merged results of twice that for the driver and the first epoch
 * failed ("Total size of serialized results of 3 tasks (74.9 MiB) is bigger than
 * spark.driver.maxResultSize (64.0 MiB)"). Now it trains with the automatic depth, and its model
 * equals the same run's in 4 partitions.
 *
 * <p>One epoch suffices: the plan is made once per run and every epoch sums through it, so a
 * first epoch that completes shows the driver's result limit holds; later epochs repeat the
 * same job on other parameters. Two flags differ from the issue's command, neither touching the
 * sizes: {@code --init-weights random}, since with zero output weights the first epoch's center
 * and width gradients are exactly 0 (and would compare trivially, and compress to nothing in the
 * shuffle), and {@code --optimizer gd}, whose update is the summed gradient times fixed scales
 * (Adam's first step is about the gradient's sign), so the step each model took from the common
 * start compares the whole summed gradient value by value.
 */
class WideModelAggregationIT {
  private static final int ROWS = 10_000;
  private static final int FEATURES = 784;
  /** 2048 x 784 centers, 2048 widths, 10 x 2049 weights, and the loss, weight and correct sums. */
  private static final int SUMS = 2048 * FEATURES + 2048 + 10 * 2049 + 3;

  @TempDir
  Path dir;

  @Test
  void theIssuesCaseTrainsWithTheAutomaticDepthAndMatchesFourPartitions() throws Exception {
    Path data = mnistShapedRows(dir.resolve("rows.libsvm"));

    CliRun wide = train(data, 400, 1);
    StageRecorder recorder = StageRecorder.latest();
    CliRun narrow = train(data, 4, 1);
    CliRun start = train(data, 4, 0);

    assertEquals(0, wide.exitCode(), wide.err());
    assertEquals(0, narrow.exitCode(), narrow.err());
    assertEquals(0, start.exitCode(), start.err());
    assertTrue(wide.err().contains("INFO  DistributedLoss: aggregation of the training sums (1628173 values per "
        + "partition): depth 2 chosen: 400 partitions x 12.4 MiB = 4.9 GiB over the driver budget of 32.0 MiB "
        + "(spark.driver.maxResultSize 64.0 MiB / 2); 5 slices, the driver collects 12.5 MiB\n"), wide.err());
    assertTrue(wide.warningLogLines().stream().noneMatch(l -> l.contains("TaskSetManager")),
        "no task lost or killed:\n" + wide.err());

    StageRecorder.JobRecord epoch = recorder.jobs("epoch 1/1").get(0);
    assertEquals(List.of(400, 5), epoch.stages().stream().map(List::size).toList(),
        "one shuffle: 400 map tasks, 5 reduce tasks (the slices)");
    LongSummaryStatistics mapOutputs = epoch.stages().get(0).stream()
        .mapToLong(StageRecorder.TaskRecord::shuffleBytesWritten).summaryStatistics();
    LongSummaryStatistics results = epoch.resultTasks().stream()
        .mapToLong(StageRecorder.TaskRecord::resultSize).summaryStatistics();
    System.out.printf("8 x %d values = %d bytes; map outputs %d..%d bytes; %d results of %d..%d bytes, %d in all%n",
        SUMS, 8L * SUMS, mapOutputs.getMin(), mapOutputs.getMax(), results.getCount(), results.getMin(),
        results.getMax(), results.getSum());
    long perSlice = AggregationPlan.TASK_RESULT_OVERHEAD;
    assertTrue(results.getSum() >= 8L * SUMS && results.getSum() <= 8L * SUMS + 5 * perSlice,
        "the driver collects one array: " + results.getSum() + " bytes for " + 8L * SUMS);
    assertTrue(mapOutputs.getMax() <= 8L * SUMS + 5 * perSlice, "a map task sends its own array, sliced, and no more: "
        + mapOutputs.getMax());

    JsonNode wideEpoch = CliIT.JSON.readTree(Files.readAllLines(dir.resolve("400-1.jsonl")).get(0));
    JsonNode narrowEpoch = CliIT.JSON.readTree(Files.readAllLines(dir.resolve("4-1.jsonl")).get(0));
    System.out.printf("epoch seconds: 400 partitions %.1f, 4 partitions %.1f%n", wideEpoch.get("seconds").asDouble(),
        narrowEpoch.get("seconds").asDouble());
    for (String field : List.of("loss", "gradNorm")) {
      double a = wideEpoch.get(field).asDouble();
      double b = narrowEpoch.get(field).asDouble();
      assertTrue(Math.abs(a - b) <= 1e-9 * Math.abs(b), field + ": " + a + " vs " + b);
    }
    double[] wideModel = parameters("400-1");
    double[] narrowModel = parameters("4-1");
    double[] startModel = parameters("4-0");
    double modelDifference = Differences.relative(narrowModel, wideModel);
    assertTrue(modelDifference < 1e-9, "400 vs 4 partitions differ by " + modelDifference);
    double stepDifference = Differences.relative(minus(narrowModel, startModel), minus(wideModel, startModel));
    assertTrue(stepDifference < 1e-9, "the steps from the start differ by " + stepDifference);
  }

  /** 110 centers on iris: 886 sums of 8 bytes and a task's metrics, over a limit of 6 KiB that every earlier job fits. */
  @Test
  void aNetworkWhoseOneResultIsOverTheLimitIsRefusedBeforeTheFirstEpoch() {
    CliRun run = CliRun.of("train", "--data", CliIT.IRIS_TRAIN, "--centers", "110", "--partitions", "2",
        "--master", "local[2]", "--conf", "spark.driver.maxResultSize=6k", "--model-out", dir.resolve("m.json").toString());

    assertEquals(RbfMain.USAGE, run.exitCode(), run.err());
    assertEquals(List.of("error: the driver must collect at least one summed result of 886 values, 22.9 KiB as a task "
        + "result, more than spark.driver.maxResultSize (6.0 KiB): set spark.driver.maxResultSize to 1m or more "
        + "(0: no limit), or train a smaller network"), run.errorLines());
    assertEquals("", run.out(), "no epoch ran");
    assertFalse(Files.exists(dir.resolve("m.json")), "no model");
  }

  private CliRun train(Path data, int partitions, int epochs) {
    String name = partitions + "-" + epochs;
    long start = System.nanoTime();
    List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--centers", "2048",
        "--standardize", "global", "--init", "random", "--init-weights", "random", "--optimizer", "gd", "--epochs",
        String.valueOf(epochs), "--partitions", String.valueOf(partitions), "--master", "local[2]", "--conf",
        "spark.driver.maxResultSize=64m", "--conf", "spark.extraListeners=" + StageRecorder.class.getName(),
        "--model-out", dir.resolve(name + ".json").toString(), "--history-out",
        dir.resolve(name + ".jsonl").toString()));
    if (epochs == 0) {
      args.add("--evaluate-start"); // the starting point, written on purpose
    }
    CliRun run = CliRun.of(args.toArray(String[]::new));
    System.out.printf("train %s (partitions-epochs): %.1f s%n", name, (System.nanoTime() - start) / 1e9);
    return run;
  }

  private double[] parameters(String name) throws IOException {
    return ModelFile.read(dir.resolve(name + ".json").toString(), new Configuration()).parameters().values();
  }

  private static double[] minus(double[] a, double[] b) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i] - b[i];
    }
    return d;
  }

  /**
   * Rows shaped like MNIST's: 784 features of which about 19% are nonzero, whole values 1 to
   * 255, labels 0 to 9 (seeded, so every run trains on the same rows).
   */
  private static Path mnistShapedRows(Path file) throws IOException {
    Random rnd = new Random(7);
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      for (int r = 0; r < ROWS; r++) {
        StringBuilder line = new StringBuilder().append(rnd.nextInt(10));
        for (int f = 1; f <= FEATURES; f++) {
          if (rnd.nextDouble() < 0.19) {
            line.append(' ').append(f).append(':').append(1 + rnd.nextInt(255));
          }
        }
        w.write(line.append('\n').toString());
      }
    }
    return file;
  }
}
