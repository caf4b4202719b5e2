package io.sparkrbf.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.persist.ModelFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Early stopping from the command line: the model written is the one of the epoch with the lowest validation
 * loss, bit for bit the model of a run stopped there by {@code --epochs}, and a driver killed between that epoch
 * and the stop resumes to the same model and the same stop.
 */
class EarlyStoppingIT {
  private static final int EPOCHS = 200;
  private static final int PATIENCE = 5;
  private static final Pattern STOPPED = Pattern.compile("stopped at epoch (\\d+)/" + EPOCHS + ": validation loss "
      + "has not improved for " + PATIENCE + " epochs; keeping the model of epoch (\\d+) \\(validation loss "
      + "([0-9.]+), accuracy [0-9.]+%\\)");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path shared;

  private static RbfModel stoppedModel;
  private static int stopEpoch;
  private static int keptEpoch;

  @TempDir
  Path dir;

  /** 30 centers on iris with a large step, 30% of the rows held out: the validation loss turns up early. */
  private static List<String> args(Path modelOut, String... more) {
    return args(EPOCHS, modelOut, more);
  }

  private static List<String> args(int epochs, Path modelOut, String... more) {
    List<String> args = new ArrayList<>(List.of("train", "--data", CliIT.IRIS_TRAIN, "--validation-fraction", "0.3",
        "--centers", "30", "--epochs", String.valueOf(epochs), "--learning-rate", "0.2", "--seed", "1",
        "--partitions", "2", "--master", "local[2]", "--conf", "spark.ui.enabled=false", "--model-out",
        modelOut.toString()));
    args.addAll(List.of(more));
    return args;
  }

  private static CliRun run(List<String> args) {
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertEquals(0, run.exitCode(), String.join(" ", args) + ":\n" + run.err());
    return run;
  }

  @BeforeAll
  static void trainUntilThePatienceRunsOut() throws IOException {
    Path history = shared.resolve("history.jsonl");
    CliRun run = run(args(shared.resolve("stopped.json"), "--early-stopping-patience", String.valueOf(PATIENCE),
        "--history-out", history.toString()));
    Matcher m = STOPPED.matcher(run.err());
    assertTrue(m.find(), "the log says where training stopped and which model it kept:\n" + run.err());
    stopEpoch = Integer.parseInt(m.group(1));
    keptEpoch = Integer.parseInt(m.group(2));
    assertEquals(stopEpoch - PATIENCE, keptEpoch, "the patience ran out " + PATIENCE + " epochs after the best");
    assertTrue(keptEpoch >= 2, "a model after some training is kept: epoch " + keptEpoch);

    List<String> lines = Files.readAllLines(history);
    assertEquals(stopEpoch, lines.size(), "no epoch after the stop");
    double keptLoss = JSON.readTree(lines.get(keptEpoch - 1)).get("validationLoss").asDouble();
    for (int e = 1; e <= stopEpoch; e++) {
      double loss = JSON.readTree(lines.get(e - 1)).get("validationLoss").asDouble();
      assertTrue(e == keptEpoch || (e < keptEpoch ? loss > keptLoss : loss >= keptLoss),
          "epoch " + e + ": " + loss + " against the kept " + keptLoss);
    }
    stoppedModel = ModelFile.read(shared.resolve("stopped.json").toString(), new Configuration());
    JsonNode selection = JSON.valueToTree(stoppedModel.provenance()).get("modelSelection");
    assertEquals(keptEpoch, selection.get("keptEpoch").asInt());
    assertEquals(stopEpoch, selection.get("lastEpoch").asInt());
    assertEquals(PATIENCE, selection.get("patience").asInt());
    assertEquals(keptLoss, selection.get("validationLoss").asDouble(), 0.0, "the loss of the parameters kept");
    assertEquals("validation loss has not improved for " + PATIENCE + " epochs", selection.get("stopReason").asText());
    assertEquals(m.group(3), String.format(java.util.Locale.ROOT, "%.5f", keptLoss));
  }

  @Test
  void theModelWrittenIsBitForBitTheModelOfARunStoppedAtTheKeptEpochByEpochs() throws IOException {
    Path model = dir.resolve("epochs.json");
    CliRun shorter = run(args(keptEpoch, model));

    assertTrue(shorter.err().contains("ran all " + keptEpoch + " epochs; keeping the model of epoch " + keptEpoch),
        shorter.err());
    RbfModel byEpochs = ModelFile.read(model.toString(), new Configuration());
    assertArrayEquals(byEpochs.parameters().values(), stoppedModel.parameters().values(), 0.0);
    assertArrayEquals(byEpochs.standardization().mean(), stoppedModel.standardization().mean(), 0.0);
    assertArrayEquals(byEpochs.standardization().std(), stoppedModel.standardization().std(), 0.0);
  }

  @Test
  void aDriverKilledAfterTheBestEpochResumesToTheSameStopAndModel() throws Exception {
    Path model = dir.resolve("resumed.json");
    Path checkpoints = dir.resolve("ckpt");
    List<String> args = args(model, "--early-stopping-patience", String.valueOf(PATIENCE), "--checkpoint-dir",
        checkpoints.toString(), "--checkpoint-every", "1");
    List<String> command = new ArrayList<>(List.of("submit/rbf"));
    command.addAll(args);
    Process driver = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    CountDownLatch afterBest = new CountDownLatch(1);
    String killAt = String.format("epoch %3d/%d", keptEpoch + 2, EPOCHS); // the checkpoint of kept + 1 is saved
    CompletableFuture<Void> lines = CompletableFuture.runAsync(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(driver.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          if (line.startsWith(killAt)) {
            afterBest.countDown();
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    try {
      assertTrue(afterBest.await(180, TimeUnit.SECONDS), "training reached " + killAt);
    } finally {
      driver.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      driver.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      lines.get(30, TimeUnit.SECONDS);
    }
    assertFalse(Files.exists(model), "the killed driver wrote no model");
    int newest = newestCheckpoint(checkpoints);
    assertTrue(newest > keptEpoch && newest < stopEpoch, "killed after the best epoch " + keptEpoch
        + " and before the stop at " + stopEpoch + ": newest checkpoint " + newest);

    List<String> again = new ArrayList<>(args);
    again.add("--resume");
    CliRun resumed = run(again);

    assertTrue(resumed.err().contains("resuming from the checkpoint of epoch " + newest + "/" + EPOCHS), resumed.err());
    assertTrue(resumed.err().contains("stopped at epoch " + stopEpoch + "/" + EPOCHS + ": validation loss has not "
        + "improved for " + PATIENCE + " epochs; keeping the model of epoch " + keptEpoch), resumed.err());
    assertArrayEquals(stoppedModel.parameters().values(),
        ModelFile.read(model.toString(), new Configuration()).parameters().values(), 0.0,
        "the uninterrupted run's model, bit for bit");
  }

  private static int newestCheckpoint(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("checkpoint-\\d+\\.json"))
          .mapToInt(n -> Integer.parseInt(n.replaceAll("\\D", ""))).max().orElse(0);
    }
  }
}
