package io.sparkrbf.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.persist.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CliIT {
  static final String IRIS_TRAIN = "src/test/resources/data/iris.train.libsvm";
  static final String IRIS_TEST = "src/test/resources/data/iris.test.libsvm";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private String path(String name) {
    return dir.resolve(name).toString();
  }

  private CliRun trainIris(int epochs, String... extra) {
    List<String> args = new java.util.ArrayList<>(List.of("train", "--data", IRIS_TRAIN, "--test", IRIS_TEST,
        "--centers", "8", "--epochs", String.valueOf(epochs), "--learning-rate", "0.05", "--partitions", "2", "--master", "local[2]",
        "--model-out", path("model.json")));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void trainEvaluateAndPredictWorkTogether() throws IOException {
    CliRun train = trainIris(60, "--history-out", path("history.jsonl"));
    assertEquals(0, train.exitCode(), train.err());
    assertTrue(train.out().contains("epoch 60/60"), train.out());
    assertTrue(train.out().contains("test acc"), "progress shows test metrics");
    List<String> history = Files.readAllLines(dir.resolve("history.jsonl"));
    assertEquals(60, history.size());
    JsonNode last = JSON.readTree(history.get(59));
    for (String field : List.of("epoch", "loss", "accuracy", "testLoss", "testAccuracy", "gradNorm", "seconds")) {
      assertTrue(last.has(field), "history has " + field);
    }

    CliRun eval = CliRun.of("evaluate", "--model", path("model.json"), "--data", IRIS_TEST,
        "--metrics-out", path("metrics.json"), "--master", "local[2]");
    assertEquals(0, eval.exitCode(), eval.err());
    JsonNode metrics = JSON.readTree(dir.resolve("metrics.json").toFile());
    assertEquals(30, metrics.get("count").asInt());
    assertTrue(metrics.get("accuracy").asDouble() > 0.85, "accuracy " + metrics.get("accuracy"));
    long confusionTotal = 0;
    for (JsonNode row : metrics.get("confusionMatrix")) {
      for (JsonNode cell : row) {
        confusionTotal += cell.asLong();
      }
    }
    assertEquals(30, confusionTotal);
    long support = 0;
    for (JsonNode c : metrics.get("perClass")) {
      support += c.get("support").asLong();
      assertTrue(c.get("f1").asDouble() > 0.5, "per-class " + c);
    }
    assertEquals(30, support);
    assertTrue(metrics.get("macroF1").asDouble() > 0.8, "macro F1 " + metrics.get("macroF1"));

    CliRun predict = CliRun.of("predict", "--model", path("model.json"), "--data", IRIS_TEST, "--single-file",
        "--out", path("predictions.csv"), "--master", "local[2]", "--partitions", "3");
    assertEquals(0, predict.exitCode(), predict.err());
    List<String> csv = Files.readAllLines(dir.resolve("predictions.csv"));
    assertEquals("file,line,prediction,p_0,p_1,p_2", csv.get(0));
    assertEquals(31, csv.size());
    List<String> truth = Files.readAllLines(Path.of(IRIS_TEST));
    int correct = 0;
    for (int i = 0; i < 30; i++) {
      String[] fields = csv.get(i + 1).split(",");
      assertEquals(List.of(IRIS_TEST, String.valueOf(i + 1)), List.of(fields[0], fields[1]));
      double sum = Double.parseDouble(fields[3]) + Double.parseDouble(fields[4]) + Double.parseDouble(fields[5]);
      assertEquals(1.0, sum, 1e-12);
      correct += fields[2].equals(truth.get(i).split(" ")[0]) ? 1 : 0;
    }
    assertEquals(metrics.get("accuracy").asDouble(), correct / 30.0, 1e-12, "predictions are in input order");
  }

  @Test
  void existingOutputIsKeptUnlessOverwriteIsGiven() throws IOException {
    Files.writeString(dir.resolve("model.json"), "precious");

    CliRun refused = trainIris(60);

    assertEquals(RbfMain.FAILED, refused.exitCode());
    assertEquals(List.of("error: " + path("model.json") + " already exists (use --overwrite to replace it)"),
        refused.errorLines());
    assertEquals("precious", Files.readString(dir.resolve("model.json")));

    CliRun replaced = trainIris(3, "--overwrite");
    assertEquals(0, replaced.exitCode(), replaced.err());
    assertTrue(Files.readString(dir.resolve("model.json")).contains("spark-rbf-model"));
  }

  @Test
  void emptyDataSetIsAnError() throws IOException {
    Path data = dir.resolve("empty.libsvm");
    Files.writeString(data, "\n# nothing here\n");

    CliRun run = CliRun.of("train", "--data", data.toString(), "--model-out", path("model.json"), "--master", "local[2]");

    assertEquals(RbfMain.FAILED, run.exitCode());
    assertEquals(List.of("error: " + data + ": no data rows"), run.errorLines());
    assertOnlyInputsLeft("empty.libsvm");
  }

  static Stream<Arguments> invalidOptions() {
    return Stream.of(
        Arguments.of(List.of("--centers", "0"), "centers must be >= 1"),
        Arguments.of(List.of("--learning-rate", "0"), "--learning-rate must be a positive number, got 0.0"),
        Arguments.of(List.of("--optimizer", "sgd"), "unknown optimizer 'sgd'"),
        Arguments.of(List.of("--epochs", "ten"), "'ten' is not an int"),
        Arguments.of(List.of("--test", "no/such/file.libsvm"), "--test no/such/file.libsvm: no such file or directory"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalidOptions")
  void invalidOptionsFailBeforeSparkStarts(List<String> options, String message) throws IOException {
    List<String> args = new java.util.ArrayList<>(List.of("train", "--data", IRIS_TRAIN, "--model-out", path("m.json")));
    args.addAll(options);

    long start = System.nanoTime();
    CliRun run = CliRun.of(args.toArray(String[]::new));

    assertEquals(RbfMain.USAGE, run.exitCode());
    assertEquals(1, run.errorLines().size(), run.err());
    assertTrue(run.errorLines().get(0).contains(message), run.errorLines().get(0));
    assertTrue(org.apache.spark.SparkContext$.MODULE$.getActive().isEmpty(), "Spark never started");
    assertOnlyInputsLeft();
  }

  @Test
  void nonFiniteLossStopsTrainingNamingTheEpochAndWritesNoModel() throws IOException {
    assertEquals(0, trainIris(3).exitCode());
    RbfModel model = ModelFile.read(path("model.json"), new Configuration());
    double[] theta = model.parameters().values();
    for (int i = 0; i < model.shape().betasOffset(); i++) {
      theta[i] = i % 2 == 0 ? 1.7e308 : -1.7e308;
    }
    ModelFile.write(model, path("overflowing.json"), false, new Configuration());

    CliRun run = CliRun.of("train", "--data", IRIS_TRAIN, "--init-model", path("overflowing.json"), "--epochs", "5",
        "--model-out", path("next.json"), "--history-out", path("next.jsonl"), "--master", "local[2]");

    assertEquals(RbfMain.FAILED, run.exitCode());
    assertEquals(List.of("error: epoch 1: the training loss is not finite; training stopped and no model was written"
        + " (try a smaller --learning-rate, or --standardize)"), run.errorLines());
    assertTrue(!Files.exists(dir.resolve("next.json")) && !Files.exists(dir.resolve("next.jsonl")));
  }

  @Test
  void aFreshRunIsRefusedOverOldCheckpointsAndOverwriteReplacesThemOnceItSavedOne() throws IOException {
    String ckpt = path("ckpt");
    CliRun first = trainIris(6, "--checkpoint-dir", ckpt, "--checkpoint-every", "2");
    assertEquals(0, first.exitCode(), first.err());
    Files.delete(dir.resolve("model.json"));
    Map<String, String> old = contents(dir.resolve("ckpt"));
    assertEquals(Set.of("checkpoint-000002.json", "checkpoint-000004.json", "checkpoint-000006.json"), old.keySet());

    CliRun refused = trainIris(6, "--checkpoint-dir", ckpt, "--checkpoint-every", "3");

    assertEquals(RbfMain.FAILED, refused.exitCode());
    assertEquals(List.of("error: " + ckpt + " already holds checkpoints (newest checkpoint-000006.json): --resume "
        + "continues that run, --overwrite replaces them, or use another --checkpoint-dir"), refused.errorLines());
    assertEquals(old, contents(dir.resolve("ckpt")));
    assertFalse(Files.exists(dir.resolve("model.json")));

    Path bad = dir.resolve("bad.libsvm");
    Files.writeString(bad, "0 1:1\n1 1:x\n");
    CliRun failedSetup = CliRun.of("train", "--data", bad.toString(), "--centers", "2", "--epochs", "6",
        "--master", "local[2]", "--model-out", path("model.json"), "--checkpoint-dir", ckpt, "--checkpoint-every", "3",
        "--overwrite");
    assertEquals(RbfMain.FAILED, failedSetup.exitCode());
    assertEquals(old, contents(dir.resolve("ckpt")), "a run that fails before its first checkpoint deletes none");

    CliRun replaced = trainIris(6, "--checkpoint-dir", ckpt, "--checkpoint-every", "3", "--overwrite");

    assertEquals(0, replaced.exitCode(), replaced.err());
    Map<String, String> now = contents(dir.resolve("ckpt"));
    assertEquals(Set.of("checkpoint-000003.json", "checkpoint-000006.json"), now.keySet(), "the old run's are gone");
    assertNotEquals(old.get("checkpoint-000006.json"), now.get("checkpoint-000006.json"));
  }

  /** The checkpoint files of a folder by name, with their content. */
  private static Map<String, String> contents(Path folder) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(folder)) {
      for (Path f : list.filter(f -> f.getFileName().toString().startsWith("checkpoint-")).toList()) {
        files.put(f.getFileName().toString(), Files.readString(f));
      }
    }
    return files;
  }

  @Test
  void everySubcommandHasHelp() {
    for (String cmd : List.of("train", "evaluate", "predict")) {
      CliRun run = CliRun.of(cmd, "--help");
      assertEquals(0, run.exitCode());
      assertTrue(run.out().contains("Usage: rbf " + cmd), run.out());
    }
    CliRun train = CliRun.of("train", "--help");
    assertTrue(train.out().contains("(default: 256)"), "defaults from conf/rbf.properties show in help");
  }

  private void assertOnlyInputsLeft(String... inputs) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      assertArrayEquals(inputs, files.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new),
          "no output or temporary file is left behind");
    }
  }
}
