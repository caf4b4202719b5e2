package io.sparkrbf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every evaluation loss means the same: {@code evaluate}, the {@code final:} line and model
 * provenance of {@code train}, and the per-epoch test loss are the weighted mean
 * cross-entropy against the plain labels, also for a run trained with label smoothing and L2
 * (whose per-epoch training loss is the smoothed objective with the penalty).
 */
class EvaluateAgreesWithTrainIT {
  private static final String IRIS_TRAIN = CliIT.IRIS_TRAIN;
  private static final String IRIS_TEST = CliIT.IRIS_TEST;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private String path(String name) {
    return dir.resolve(name).toString();
  }

  @Test
  void evaluateGivesTrainsFinalAndEpochLossesOfASmoothedPenalizedRun() throws IOException {
    CliRun train = CliRun.of("train", "--data", IRIS_TRAIN, "--test", IRIS_TEST, "--centers", "8", "--epochs", "30",
        "--learning-rate", "0.05", "--label-smoothing", "0.1", "--l2", "0.01", "--partitions", "2",
        "--master", "local[2]", "--model-out", path("model.json"));
    assertEquals(0, train.exitCode(), train.err());
    JsonNode finalMetrics = JSON.readTree(dir.resolve("model.json").toFile()).get("provenance").get("finalMetrics");

    JsonNode onTest = evaluate(path("model.json"), IRIS_TEST, "test.json");
    JsonNode onTrain = evaluate(path("model.json"), IRIS_TRAIN, "train.json");

    assertSameMetrics(finalMetrics.get("test"), onTest);
    assertSameMetrics(finalMetrics.get("train"), onTrain);
    String finalLine = train.out().lines().filter(l -> l.startsWith("final:")).findFirst().orElseThrow();
    assertTrue(finalLine.contains(String.format(Locale.ROOT, "train loss %.5f", onTrain.get("loss").asDouble()))
        && finalLine.contains(String.format(Locale.ROOT, "test loss %.5f", onTest.get("loss").asDouble())), finalLine);

    // one more epoch from the model, tested on its training data: the line's test loss is that model's evaluation
    CliRun again = CliRun.of("train", "--data", IRIS_TRAIN, "--test", IRIS_TRAIN, "--init-model", path("model.json"),
        "--centers", "8", "--epochs", "1", "--learning-rate", "0.05", "--label-smoothing", "0.1", "--l2", "0.01",
        "--partitions", "3", "--master", "local[2]", "--model-out", path("again.json"),
        "--history-out", path("history.jsonl"));
    assertEquals(0, again.exitCode(), again.err());
    JsonNode epoch = JSON.readTree(Files.readAllLines(dir.resolve("history.jsonl")).get(0));
    double loss = onTrain.get("loss").asDouble();
    assertEquals(loss, epoch.get("testLoss").asDouble(), 1e-12 * loss);
    assertEquals(onTrain.get("accuracy").asDouble(), epoch.get("testAccuracy").asDouble(), 1e-15);
    assertTrue(epoch.get("loss").asDouble() > loss + 1e-3,
        "the training loss is the objective: smoothed targets plus the L2 penalty, " + epoch);
  }

  @Test
  void evaluatingNoRowsIsAnErrorNamingTheData() throws IOException {
    CliRun train = CliRun.of("train", "--data", IRIS_TRAIN, "--centers", "3", "--epochs", "1", "--master", "local[2]",
        "--model-out", path("model.json"));
    assertEquals(0, train.exitCode(), train.err());
    Path empty = dir.resolve("empty.libsvm");
    Files.writeString(empty, "# no rows\n");

    CliRun eval = CliRun.of("evaluate", "--model", path("model.json"), "--data", empty.toString(),
        "--metrics-out", path("metrics.json"), "--master", "local[2]");

    assertEquals(RbfMain.FAILED, eval.exitCode());
    assertEquals(List.of("error: " + empty + ": no data rows, or every row weighs 0: nothing to evaluate"),
        eval.errorLines());
    assertEquals("", eval.out());
    assertTrue(Files.notExists(dir.resolve("metrics.json")), "no metrics written");
  }

  private JsonNode evaluate(String model, String data, String metricsOut) throws IOException {
    CliRun eval = CliRun.of("evaluate", "--model", model, "--data", data, "--metrics-out", path(metricsOut),
        "--master", "local[2]");
    assertEquals(0, eval.exitCode(), eval.err());
    JsonNode printed = JSON.readTree(eval.out());
    assertEquals(printed, JSON.readTree(dir.resolve(metricsOut).toFile()), "printed and written metrics are one");
    return printed;
  }

  /** The same count and accuracy, and the same loss within 1e-12 relative. */
  private static void assertSameMetrics(JsonNode trained, JsonNode evaluated) {
    double loss = trained.get("loss").asDouble();
    assertEquals(loss, evaluated.get("loss").asDouble(), 1e-12 * loss, "loss of " + trained + " vs " + evaluated);
    assertEquals(trained.get("accuracy").asDouble(), evaluated.get("accuracy").asDouble(), 1e-15);
    assertEquals(trained.get("count").asLong(), evaluated.get("count").asLong());
  }
}
