package io.sparkrbf.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrbf.Differences;
import io.sparkrbf.MiniHdfs;
import io.sparkrbf.PredictionOutputs;
import io.sparkrbf.export.OnnxExport;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.persist.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The command line on a real HDFS (a NameNode and two DataNodes in this JVM, on 127.0.0.1):
 * every input and output of train, evaluate, predict and export on {@code hdfs://} paths gives what
 * the same runs give on local files (predict's Parquet folder read back from HDFS, export's ONNX
 * file byte for byte); {@code --overwrite}
 * replaces a model by one rename with OVERWRITE on the NameNode, and without it the run is
 * refused; a driver SIGKILLed in the middle of training resumes from its checkpoints on HDFS to
 * the uninterrupted run's model.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HdfsIT {
  private static final Path TRAIN = Path.of("data/pendigits/pendigits.train.libsvm");
  private static final Path TEST = Path.of("data/pendigits/pendigits.test.libsvm");
  private static final int EPOCHS = 12;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir = Path.of("target/it-hdfs").toAbsolutePath();
  private MiniHdfs hdfs;
  private String train;
  private String test;
  private RbfModel local;
  private CliRun onHdfs;

  @BeforeAll
  void startHdfsAndTrainOnBothFileSystems() throws Exception {
    FileUtil.fullyDelete(dir.toFile());
    Files.createDirectories(dir);
    hdfs = MiniHdfs.start(dir.resolve("dfs"), 2);
    train = hdfs.upload(TRAIN, "/data/pendigits.train.libsvm");
    test = hdfs.upload(TEST, "/data/pendigits.test.libsvm");

    String localModel = dir.resolve("local-model.json").toString();
    run(trainArgs(TRAIN.toString(), TEST.toString(), localModel, "--history-out",
        dir.resolve("local-history.jsonl").toString()));
    local = ModelFile.read(localModel, new Configuration());

    onHdfs = run(trainArgs(train, test, hdfs.uri("/models/model.json"), "--history-out",
        hdfs.uri("/models/history.jsonl"), "--report", hdfs.uri("/models/report"),
        "--checkpoint-dir", hdfs.uri("/checkpoints/run")));
  }

  @AfterAll
  void stopHdfs() {
    if (hdfs != null) {
      hdfs.close();
    }
  }

  @Test
  void trainingOnHdfsWritesEveryOutputThereAndEqualsTrainingOnLocalFiles() throws IOException {
    assertTrue(onHdfs.out().contains("model written to " + hdfs.uri("/models/model.json")), onHdfs.out());
    RbfModel model = hdfsModel("/models/model.json");
    double difference = Differences.relative(local.parameters().values(), model.parameters().values());
    assertTrue(difference < 1e-9, "the model trained on HDFS differs from local training by " + difference);

    List<String> history = hdfs.read("/models/history.jsonl").lines().toList();
    List<String> localHistory = Files.readAllLines(dir.resolve("local-history.jsonl"));
    assertEquals(EPOCHS, history.size());
    for (int i = 0; i < EPOCHS; i++) {
      assertEquals(JSON.readTree(localHistory.get(i)).get("loss").asDouble(),
          JSON.readTree(history.get(i)).get("loss").asDouble(), 1e-9, "epoch " + (i + 1));
    }
    assertEquals(List.of("accuracy.png", "confusion.png", "history.jsonl", "index.html", "loss.png"),
        hdfs.list("/models/report"));
    assertTrue(hdfs.read("/models/report/index.html").contains(hdfs.uri("/models/model.json")));
    assertEquals(List.of("history.jsonl", "model.json", "report"), hdfs.list("/models"), "no temporary left");
    assertEquals(List.of("checkpoint-000008.json", "checkpoint-000010.json", "checkpoint-000012.json"),
        hdfs.list("/checkpoints/run"), "every 2nd epoch, the newest 3 kept, no temporary left");
  }

  @Test
  void overwriteReplacesAModelByOneRenameOnTheNameNodeAndAReportByMovingItAside() throws IOException {
    String old = hdfs.read("/models/model.json");
    hdfs.write("/overwrite/model.json", old);
    hdfs.write("/overwrite/report/index.html", "a former report");
    List<String> shortRun = List.of("train", "--data", train, "--num-features", "16", "--centers", "8", "--epochs",
        "2", "--partitions", "4", "--seed", "5", "--master", "local[2]", "--model-out",
        hdfs.uri("/overwrite/model.json"), "--report", hdfs.uri("/overwrite/report"));

    CliRun refused = CliRun.of(shortRun.toArray(String[]::new));

    assertEquals(RbfMain.FAILED, refused.exitCode());
    assertEquals(List.of("error: " + hdfs.uri("/overwrite/model.json") + " already exists (use --overwrite to "
        + "replace it)"), refused.errorLines());
    assertEquals(old, hdfs.read("/overwrite/model.json"), "the refused run left the model alone");

    hdfs.clearNamespaceChanges();
    run(shortRun, "--overwrite");

    assertEquals(8, hdfsModel("/overwrite/model.json").shape().numCenters(), "the new model is in place");
    assertTrue(hdfs.read("/overwrite/report/index.html").contains("<html"), "the new report is in place");
    assertEquals(List.of("rename (options=[OVERWRITE]) /overwrite/.model.json.*.tmp /overwrite/model.json",
            "rename /overwrite/report /overwrite/.report.*.old", "rename /overwrite/.report.*.tmp /overwrite/report",
            "delete /overwrite/.report.*.old null"),
        hdfs.namespaceChanges().stream().filter(c -> c.src().matches("/overwrite/[^/]+"))
            .map(c -> (c.command() + " " + c.src() + " " + c.dst()).replaceAll("\\.[-0-9a-f]{36}\\.", ".*."))
            .toList(), "the model in one rename over the old one; the report folder: old aside, new in, old deleted");
    assertEquals(List.of("model.json", "report"), hdfs.list("/overwrite"), "nothing hidden left");
  }

  @Test
  void aKilledDriverResumesFromItsCheckpointsOnHdfsToTheUninterruptedModel() throws Exception {
    String checkpoints = hdfs.uri("/checkpoints/killed");
    String model = hdfs.uri("/resumed/model.json");
    List<String> args = trainArgs(train, test, model, "--checkpoint-dir", checkpoints);
    List<String> command = new ArrayList<>(List.of("submit/rbf"));
    command.addAll(args);
    Path log = dir.resolve("killed-driver.log");
    Process driver = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      awaitCheckpoints(driver, log, "/checkpoints/killed", 2);
    } finally {
      driver.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      driver.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    assertFalse(hdfs.exists("/resumed/model.json"), "the killed run wrote no model:\n" + Files.readString(log));
    List<String> saved = checkpointNames("/checkpoints/killed");
    String newest = saved.get(saved.size() - 1);
    int epoch = Integer.parseInt(newest.replaceAll("\\D", ""));
    assertTrue(epoch < EPOCHS, "killed before the end: " + saved);

    CliRun resumed = run(args, "--resume");

    assertTrue(resumed.err().contains("resuming from the checkpoint of epoch " + epoch + "/" + EPOCHS),
        resumed.err());
    assertArrayEquals(hdfsModel("/models/model.json").parameters().values(),
        hdfsModel("/resumed/model.json").parameters().values(), 0.0, "the uninterrupted run's model, bit for bit");
  }

  @Test
  void evaluateReadsModelAndDataFromHdfsAndWritesItsMetricsThere() throws IOException {
    CliRun evaluated = run(List.of("evaluate", "--model", hdfs.uri("/models/model.json"), "--data", test,
        "--metrics-out", hdfs.uri("/metrics/metrics.json"), "--master", "local[2]"));

    JsonNode metrics = JSON.readTree(hdfs.read("/metrics/metrics.json"));
    assertEquals(JSON.readTree(evaluated.out()), metrics, "the file holds what the console shows");
    assertEquals(localTest("count").asLong(), metrics.get("count").asLong());
    assertEquals(localTest("accuracy").asDouble(), metrics.get("accuracy").asDouble(), 1e-12);
    assertEquals(localTest("loss").asDouble(), metrics.get("loss").asDouble(), 1e-9);
  }

  @Test
  void predictReadsModelAndDataFromHdfsAndWritesItsPredictionsThere() throws IOException {
    String out = hdfs.uri("/predictions/pendigits");
    CliRun predicted = run(List.of("predict", "--model", hdfs.uri("/models/model.json"), "--data", test, "--out",
        out, "--master", "local[2]"));

    List<String> truth = Files.readAllLines(TEST);
    PredictionOutputs.Output written = PredictionOutputs.read(out, "parquet", List.of("file", "line"),
        IntStream.range(0, 10).mapToObj(String::valueOf).toList());
    assertTrue(predicted.out().contains(truth.size() + " predictions written to " + out), predicted.out());
    assertEquals(List.of("file", "line", "prediction", "probability"), written.columns());
    int correct = 0;
    Set<Integer> lines = new TreeSet<>();
    for (PredictionOutputs.Scored row : written.rows()) {
      assertEquals(test, row.id().get(0));
      int line = Integer.parseInt(row.id().get(1));
      lines.add(line);
      correct += Double.parseDouble(row.prediction()) == Double.parseDouble(truth.get(line - 1).split(" ")[0]) ? 1 : 0;
    }
    assertEquals(truth.size(), written.rows().size());
    assertEquals(truth.size(), lines.size(), "every line once");
    assertEquals(localTest("accuracy").asDouble(), correct / (double) truth.size(), 1e-12,
        "the local run's accuracy");
    assertEquals(List.of("pendigits"), hdfs.list("/predictions"), "the folder moved in, no temporary left");
    assertTrue(hdfs.list("/predictions/pendigits").contains("_SUCCESS"), "Spark's writer committed the folder");
  }

  @Test
  void exportReadsTheModelFromHdfsAndWritesTheOnnxFileThere() throws IOException {
    String onnx = hdfs.uri("/serving/model.onnx");
    CliRun exported = run(List.of("export", "--model", hdfs.uri("/models/model.json"), "--onnx", onnx));

    assertTrue(exported.out().contains(" exported to " + onnx + " (ONNX opset 17"), exported.out());
    byte[] written = hdfs.readBytes("/serving/model.onnx");
    assertArrayEquals(OnnxExport.toBytes(hdfsModel("/models/model.json")), written);
    assertEquals(List.of("model.onnx"), hdfs.list("/serving"), "no temporary left");

    CliRun refused = CliRun.of("export", "--model", hdfs.uri("/models/model.json"), "--onnx", onnx);
    assertEquals(1, refused.exitCode(), refused.err());
    assertEquals(List.of("error: " + onnx + " already exists (use --overwrite to replace it)"),
        refused.errorLines());
    assertArrayEquals(written, hdfs.readBytes("/serving/model.onnx"));
  }

  /**
   * A figure of the local run's final evaluation on the test data, as the model's provenance keeps it: what
   * {@code evaluate} gives for that model and data (EvaluateAgreesWithTrainIT).
   */
  private JsonNode localTest(String figure) {
    return JSON.valueToTree(local.provenance()).path("finalMetrics").path("test").path(figure);
  }

  /** Waits until the run has saved {@code count} checkpoints in {@code folder} on HDFS. */
  private void awaitCheckpoints(Process driver, Path log, String folder, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!hdfs.exists(folder) || checkpointNames(folder).size() < count) {
      assertTrue(driver.isAlive(), "the driver ended before " + count + " checkpoints:\n" + Files.readString(log));
      assertTrue(System.nanoTime() < deadline, "no " + count + " checkpoints within 120 s:\n" + Files.readString(log));
      Thread.sleep(50);
    }
  }

  private List<String> checkpointNames(String folder) throws IOException {
    return hdfs.list(folder).stream().filter(n -> n.matches("checkpoint-\\d+\\.json")).toList();
  }

  private RbfModel hdfsModel(String path) throws IOException {
    return ModelFile.read(hdfs.uri(path), new Configuration());
  }

  /**
   * 12 epochs of 16 centers on pendigits in 4 partitions, evaluated on the test split every epoch; with a
   * {@code --checkpoint-dir}, a checkpoint every 2nd epoch.
   */
  private static List<String> trainArgs(String data, String testData, String modelOut, String... more) {
    List<String> args = new ArrayList<>(List.of("train", "--data", data, "--test", testData, "--num-features", "16",
        "--centers", "16", "--epochs", String.valueOf(EPOCHS), "--partitions", "4", "--seed", "3",
        "--checkpoint-every", "2", "--master", "local[2]", "--model-out", modelOut));
    args.addAll(List.of(more));
    return args;
  }

  /** Runs the command line in this JVM with {@code args}, then {@code more}, and requires success. */
  private static CliRun run(List<String> args, String... more) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(more));
    CliRun run = CliRun.of(all.toArray(String[]::new));
    assertEquals(0, run.exitCode(), String.join(" ", all) + ":\n" + run.err());
    return run;
  }
}
