package io.sparkrbf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.FlakyFileSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spark.hadoop.*} settings given with {@code --conf} reach every file access, before
 * Spark starts as well as in it: a file system known only through
 * {@code --conf spark.hadoop.fs.flaky.impl=...} serves the checks, the data, the models and
 * the checkpoints, and its read errors stop a resume without deleting anything.
 */
class HadoopSettingsIT {
  @TempDir
  java.nio.file.Path dir;

  @AfterEach
  void nothingFailsAnyMore() {
    FlakyFileSystem.reset();
  }

  @Test
  void trainReadsAndWritesOnASchemeKnownOnlyThroughConf() throws IOException {
    String data = flaky(CliIT.IRIS_TRAIN);
    CliRun unknown = CliRun.of(train(data, "model.json", 3, false).toArray(String[]::new));

    assertEquals(RbfMain.FAILED, unknown.exitCode());
    assertEquals(List.of("error: No FileSystem for scheme \"flaky\""), unknown.errorLines());

    CliRun known = CliRun.of(train(data, "model.json", 3, true).toArray(String[]::new));

    assertEquals(0, known.exitCode(), known.err());
    assertTrue(Files.readString(dir.resolve("model.json")).contains("spark-rbf-model"));
    assertTrue(FlakyFileSystem.opened().contains(new Path(data)), "the data was read through it");
  }

  @Test
  void modelsAreReadThroughIt() throws IOException {
    assertEquals(0, CliRun.of(train(flaky(CliIT.IRIS_TRAIN), "model.json", 3, true).toArray(String[]::new))
        .exitCode());
    Path model = new Path(FlakyFileSystem.uri(dir.resolve("model.json")));
    FlakyFileSystem.reset();

    List<String> fromModel = train(flaky(CliIT.IRIS_TRAIN), "next.json", 1, true);
    fromModel.addAll(List.of("--init-model", model.toString()));
    CliRun next = CliRun.of(fromModel.toArray(String[]::new));

    assertEquals(0, next.exitCode(), next.err());
    assertTrue(FlakyFileSystem.opened().contains(model), "--init-model read through it: " + FlakyFileSystem.opened());
    FlakyFileSystem.reset();

    List<String> evaluate = new ArrayList<>(List.of("evaluate", "--model", model.toString(),
        "--data", flaky(CliIT.IRIS_TEST), "--master", "local[2]"));
    evaluate.addAll(conf());
    CliRun evaluated = CliRun.of(evaluate.toArray(String[]::new));

    assertEquals(0, evaluated.exitCode(), evaluated.err());
    assertTrue(evaluated.out().contains("\"count\" : 30"), evaluated.out());
    assertTrue(FlakyFileSystem.opened().contains(model),
        "evaluate --model read through it: " + FlakyFileSystem.opened());
  }

  @Test
  void aCheckpointThatCannotBeReadStopsTheResumeAndDeletesNothing() throws IOException {
    String checkpoints = FlakyFileSystem.uri(dir.resolve("ckpt"));
    List<String> first = train(flaky(CliIT.IRIS_TRAIN), "model.json", 6, true);
    first.addAll(List.of("--checkpoint-dir", checkpoints, "--checkpoint-every", "2"));
    assertEquals(0, CliRun.of(first.toArray(String[]::new)).exitCode());
    Map<String, String> saved = contents(dir.resolve("ckpt"));
    assertEquals(List.of("checkpoint-000002.json", "checkpoint-000004.json", "checkpoint-000006.json"),
        List.copyOf(saved.keySet()));
    FlakyFileSystem.failReads(path -> path.getName().startsWith("checkpoint-"));

    List<String> resume = train(flaky(CliIT.IRIS_TRAIN), "resumed.json", 6, true);
    resume.addAll(List.of("--checkpoint-dir", checkpoints, "--checkpoint-every", "2", "--resume"));
    CliRun resumed = CliRun.of(resume.toArray(String[]::new));

    String newest = "flaky:" + dir.resolve("ckpt/checkpoint-000006.json");
    assertEquals(RbfMain.FAILED, resumed.exitCode());
    assertEquals(List.of("error: cannot read the checkpoint " + newest + ": injected read failure on " + newest),
        resumed.errorLines());
    assertEquals(saved, contents(dir.resolve("ckpt")), "every checkpoint still there, unchanged");
    assertFalse(Files.exists(dir.resolve("resumed.json")), "no model written");
  }

  /** The arguments of a train run on iris writing {@code model} in the test folder, on flaky:// paths. */
  private List<String> train(String data, String model, int epochs, boolean withConf) {
    List<String> args = new ArrayList<>(List.of("train", "--data", data, "--centers", "4",
        "--epochs", String.valueOf(epochs), "--partitions", "2", "--master", "local[2]",
        "--model-out", FlakyFileSystem.uri(dir.resolve(model))));
    if (withConf) {
      args.addAll(conf());
    }
    return args;
  }

  /** The settings that make flaky:// known, as spark.hadoop.* --conf options. */
  private static List<String> conf() {
    List<String> args = new ArrayList<>();
    for (String setting : FlakyFileSystem.SETTINGS) {
      args.addAll(List.of("--conf", "spark.hadoop." + setting));
    }
    return args;
  }

  private static String flaky(String localPath) {
    return FlakyFileSystem.uri(java.nio.file.Path.of(localPath));
  }

  private static Map<String, String> contents(java.nio.file.Path folder) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<java.nio.file.Path> list = Files.list(folder)) {
      for (java.nio.file.Path f : list.toList()) {
        files.put(f.getFileName().toString(), Files.readString(f));
      }
    }
    return files;
  }
}
