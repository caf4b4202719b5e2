package io.sparkrbf.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.Differences;
import io.sparkrbf.PredictionOutputs;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.persist.ModelFile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Training on a real standalone cluster (master, two workers and their executors, each
 * its own JVM) through {@code spark-submit} with the application jar: the model equals
 * local-mode training, also when an executor is SIGKILLed in the middle of training, and
 * when the driver is SIGKILLed and the run resumed from its checkpoint. And predict with an
 * executor SIGKILLed while its tasks write the output: every input row comes out exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandaloneClusterIT {
  private static final String TRAIN = Path.of("data/pendigits/pendigits.train.libsvm").toAbsolutePath().toString();

  private Path dir;
  private LoopbackCluster cluster;
  private RbfModel local;

  @BeforeAll
  void startClusterAndTrainLocally() throws Exception {
    dir = Files.createDirectories(Path.of("target/it-cluster"));
    deleteRecursively(dir);
    Files.createDirectories(dir);
    cluster = LoopbackCluster.start(dir, 2);
    local = train("local[2]", "local");
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void clusterTrainingEqualsLocalTraining() throws Exception {
    assertSameAsLocal(train(cluster.url(), "cluster"), "training on the cluster");
  }

  @Test
  void killedExecutorIsReplacedAndTheModelIsUnchanged() throws Exception {
    Path log = dir.resolve("killed.log");
    Path model = dir.resolve("killed.json");
    Process driver = cluster.submit(cluster.url(), log, args(model));
    awaitEpoch(driver, log, 10);
    List<ProcessHandle> executors = cluster.executors();
    assertEquals(2, executors.size(), "one executor per worker");
    ProcessHandle victim = executors.get(0);
    assertTrue(victim.destroyForcibly(), "SIGKILL sent");
    victim.onExit().get(30, TimeUnit.SECONDS);

    RbfModel afterKill = finished(driver, log, model);
    assertFalse(cluster.executors().contains(victim));
    assertSameAsLocal(afterKill, "training with a killed executor");
  }

  @Test
  void killedDriverResumesFromItsCheckpointToTheSameModel() throws Exception {
    Path checkpoints = dir.resolve("checkpoints");
    Path model = dir.resolve("resumed.json");
    String[] withCheckpoints = concat(args(model), "--checkpoint-dir", checkpoints.toString(), "--checkpoint-every", "5");
    Path firstLog = dir.resolve("killed-driver.log");
    Process driver = cluster.submit("local[2]", firstLog, withCheckpoints);
    awaitEpoch(driver, firstLog, 32);
    driver.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    driver.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    assertFalse(Files.exists(model), "a killed run writes no model");

    Path secondLog = dir.resolve("resumed-driver.log");
    Process resumed = cluster.submit("local[2]", secondLog, concat(withCheckpoints, "--resume"));
    RbfModel afterResume = finished(resumed, secondLog, model);
    assertTrue(Files.readString(secondLog).contains("resuming from the checkpoint of epoch 30/60"),
        Files.readString(secondLog));
    assertSameAsLocal(afterResume, "training resumed after a killed driver");
  }

  @Test
  void predictWhoseExecutorIsKilledWhileTasksWriteWritesEveryRowOnce() throws Exception {
    int rows = 300_000;
    Path data = unlabelledRows(rows);
    Path out = dir.resolve("predictions").toAbsolutePath();
    Path log = dir.resolve("predict-killed.log");
    Process driver = cluster.submit(cluster.url(), log, "predict", "--model",
        dir.resolve("local.json").toAbsolutePath().toString(), "--data", data.toString(), "--out", out.toString(),
        "--partitions", "24");
    awaitTaskOutput(driver, log);
    List<ProcessHandle> executors = cluster.executors();
    assertEquals(2, executors.size(), "one executor per worker");
    ProcessHandle victim = executors.get(0);
    assertTrue(victim.destroyForcibly(), "SIGKILL sent");
    victim.onExit().get(30, TimeUnit.SECONDS);

    assertTrue(driver.waitFor(5, TimeUnit.MINUTES), "predict did not finish: " + log);
    assertEquals(0, driver.exitValue(), Files.readString(log));
    assertFalse(cluster.executors().contains(victim));
    assertTrue(Files.readString(log).contains(rows + " predictions written to " + out), Files.readString(log));
    List<Long> counts = PredictionOutputs.withSpark(spark -> {
      Dataset<Row> written = spark.read().parquet(out.toString());
      Row lines = written.agg(functions.count("*"), functions.countDistinct("file", "line"), functions.min("line"),
          functions.max("line")).first();
      return List.of(lines.getLong(0), lines.getLong(1), lines.getLong(2), lines.getLong(3));
    });
    assertEquals(List.of((long) rows, (long) rows, 1L, (long) rows), counts,
        "rows, distinct (file, line), first and last line: every input row exactly once");
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(), left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".predictions"))
          .toList(), "no temporary folder left");
    }
  }

  /** {@code rows} unlabelled LIBSVM lines of 16 seeded pen-coordinate-like features (0..100). */
  private Path unlabelledRows(int rows) throws IOException {
    Path data = dir.resolve("unlabelled.libsvm").toAbsolutePath();
    Random rnd = new Random(5);
    try (BufferedWriter w = Files.newBufferedWriter(data)) {
      for (int i = 0; i < rows; i++) {
        for (int f = 1; f <= 16; f++) {
          w.write((f == 1 ? "" : " ") + f + ":" + rnd.nextInt(101));
        }
        w.write('\n');
      }
    }
    return data;
  }

  /** Waits until a task of the predict job has started its output file in Spark's temporary task folders. */
  private void awaitTaskOutput(Process driver, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      try (Stream<Path> files = Files.walk(dir, 7)) {
        if (files.anyMatch(f -> f.toString().contains("/_temporary/0/_temporary/attempt_")
            && f.getFileName().toString().startsWith("part-"))) {
          return;
        }
      } catch (UncheckedIOException vanishedWhileListed) {
        // a task folder was renamed while walking: look again
      }
      assertTrue(driver.isAlive(), "predict ended before writing:\n" + Files.readString(log));
      assertTrue(System.nanoTime() < deadline, "no task output within 120 s:\n" + Files.readString(log));
      Thread.sleep(20);
    }
  }

  @Test
  void badInputShowsOneErrorLineOnTheDriversConsole() throws Exception {
    Path data = dir.resolve("bad.libsvm").toAbsolutePath();
    Files.writeString(data, "0 1:1 2:2\n1 1:2 2:1\n0 1:1 2:2\n1 1:2 2:1\n1 1:abc\n0 1:1\n");
    Path log = dir.resolve("bad-input.log");
    Path model = dir.resolve("bad-input.json");

    Process driver = cluster.submit(cluster.url(), log, "train", "--data", data.toString(), "--centers", "2",
        "--epochs", "2", "--partitions", "2", "--model-out", model.toAbsolutePath().toString());

    assertTrue(driver.waitFor(3, TimeUnit.MINUTES), "the driver did not finish: " + log);
    String console = Files.readString(log);
    assertEquals(1, driver.exitValue(), console);
    assertEquals(List.of("error: " + data + ":5: feature value is not a number (token 'abc')"),
        console.lines().filter(l -> l.startsWith("error:")).toList(), console);
    assertFalse(console.contains("\tat "), "no stack trace:\n" + console);
    assertFalse(console.contains("InputFormatException") || console.contains("aborting job"),
        "no report of the failed tasks from Spark:\n" + console);
    assertFalse(Files.exists(model));
  }

  private static void awaitEpoch(Process driver, Path log, int epoch) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(log) || !Files.readString(log).contains("epoch " + epoch + "/")) {
      assertTrue(driver.isAlive(), "training ended before epoch " + epoch + ":\n" + Files.readString(log));
      assertTrue(System.nanoTime() < deadline, "no epoch " + epoch + " within 120 s:\n" + Files.readString(log));
      Thread.sleep(50);
    }
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }

  private RbfModel train(String master, String name) throws Exception {
    Path model = dir.resolve(name + ".json");
    Path log = dir.resolve(name + ".log");
    return finished(cluster.submit(master, log, args(model)), log, model);
  }

  /** The model a submitted training wrote, once it exited successfully. */
  private static RbfModel finished(Process driver, Path log, Path model) throws Exception {
    assertTrue(driver.waitFor(5, TimeUnit.MINUTES), "training did not finish: " + log);
    assertEquals(0, driver.exitValue(), Files.readString(log));
    return ModelFile.read(model.toString(), new Configuration());
  }

  private void assertSameAsLocal(RbfModel model, String what) {
    double difference = Differences.relative(local.parameters().values(), model.parameters().values());
    assertTrue(difference < 1e-9, what + " differs from local training by " + difference);
  }

  /** 60 epochs of 48 centers on pendigits in 4 partitions: a few seconds per run. */
  private static String[] args(Path model) {
    return new String[] {"train", "--data", TRAIN, "--num-features", "16", "--centers", "48", "--epochs", "60",
        "--partitions", "4", "--seed", "3", "--model-out", model.toAbsolutePath().toString()};
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (Files.exists(path)) {
      try (Stream<Path> all = Files.walk(path)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
