package io.sparkrbf.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrbf.kernel.BlockKernel;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.persist.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --projection pca:k} as a user runs it: a model trained with it is a version-3 file with
 * its projection, whose {@code predict} output (blocks, one matrix product per block) equals, row
 * by row to 1e-12, what the model read back computes for each row on its own (the scaling and the
 * projection of one row, {@link RbfModel#scores}, a softmax), and whose {@code evaluate} counts the
 * same correct rows. A start from it ({@code --init-model}) keeps the projection bit for bit; a
 * {@code --projection} that asks for another is refused, as is more components than features, and a
 * checkpoint resumes only with the same projection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProjectionCliIT {
  private static final int ROWS = 240;
  private static final int FEATURES = 8;
  private static final int K = 3;
  private static final List<String> SPARK = List.of("--master", "local[2]", "--conf", "spark.ui.port=0");

  @TempDir
  static Path dir;
  private Path data;
  private Path model;
  private CliRun trained;
  private final List<double[]> rows = new ArrayList<>();
  private final List<Integer> labels = new ArrayList<>();

  @BeforeAll
  void trainWithAProjection() throws IOException {
    Random rnd = new Random(16);
    StringBuilder csv = new StringBuilder("id,label");
    for (int f = 1; f <= FEATURES; f++) {
      csv.append(",f").append(f);
    }
    csv.append('\n');
    for (int i = 0; i < ROWS; i++) {
      int c = i % 3;
      double a = c + rnd.nextGaussian() * 0.5;
      double b = (c == 1 ? 2 : 0) + rnd.nextGaussian() * 0.5;
      double[] x = new double[FEATURES];
      csv.append("row-").append(i).append(',').append(c);
      for (int f = 0; f < FEATURES; f++) {
        x[f] = (f + 1) * a - f * b + 0.2 * rnd.nextGaussian(); // two directions carry most of the variance
        csv.append(',').append(x[f]);
      }
      csv.append('\n');
      rows.add(x);
      labels.add(c);
    }
    data = dir.resolve("train.csv");
    Files.writeString(data, csv);
    model = dir.resolve("model.json");
    trained = train("--data", data.toString(), "--projection", "pca:" + K, "--model-out", model.toString());
  }

  private static CliRun train(String... args) {
    List<String> all = new ArrayList<>(List.of("train", "--label-col", "label", "--ignore-cols", "id", "--centers",
        "6", "--epochs", "8", "--seed", "4"));
    all.addAll(List.of(args));
    all.addAll(SPARK);
    return CliRun.of(all.toArray(String[]::new));
  }

  @Test
  void theModelFileHasVersionThreeAndTheProjectionTheLogNames() throws IOException {
    assertEquals(0, trained.exitCode(), trained.err());
    JsonNode json = new ObjectMapper().readTree(model.toFile());
    RbfModel m = ModelFile.read(model.toString(), new Configuration());

    assertEquals(3, json.get("version").asInt());
    JsonNode projection = json.get("projection");
    assertEquals(FEATURES, projection.get("mean").size());
    assertEquals(K, projection.get("components").size());
    assertEquals(FEATURES, projection.get("components").get(0).size());
    assertEquals(K, projection.get("explainedVariance").size());
    assertEquals(K, json.get("centers").get(0).size(), "the centers live in the projected space");
    assertEquals("pca:" + K, json.get("provenance").get("config").get("projection").asText());
    Matcher line = Pattern.compile("--projection pca:3 keeps (\\d+\\.\\d)% of the variance of the scaled rows "
        + "\\(3 of 8 dimensions\\)").matcher(trained.err());
    assertTrue(line.find(), trained.err());
    assertEquals(String.format(Locale.ROOT, "%.1f", 100 * m.projection().keptShare()), line.group(1));
    assertTrue(m.projection().keptShare() > 0.9, "two directions carry most of the variance");
  }

  @Test
  void predictAndEvaluateAgreeRowByRowWithTheModelReadBack() throws IOException {
    RbfModel m = ModelFile.read(model.toString(), new Configuration());
    Path out = dir.resolve("predictions.csv");

    CliRun predict = CliRun.of(concat(List.of("predict", "--model", model.toString(), "--data", data.toString(),
        "--keep-cols", "id", "--output-format", "csv", "--single-file", "--out", out.toString(), "--partitions", "3")));
    CliRun evaluate = CliRun.of(concat(List.of("evaluate", "--model", model.toString(), "--data", data.toString(),
        "--label-col", "label", "--ignore-cols", "id")));

    assertEquals(0, predict.exitCode(), predict.err());
    assertEquals(0, evaluate.exitCode(), evaluate.err());
    List<String> lines = Files.readAllLines(out);
    assertEquals("id,prediction,p_0,p_1,p_2", lines.get(0));
    assertEquals(ROWS + 1, lines.size());
    int correct = 0;
    for (int i = 0; i < ROWS; i++) {
      String[] fields = lines.get(i + 1).split(",");
      assertEquals("row-" + i, fields[0]);
      double[] written = Arrays.stream(fields, 2, 5).mapToDouble(Double::parseDouble).toArray();
      double[] reference = softmax(m.scores(rows.get(i)));
      assertArrayEquals(reference, written, 1e-12, "row " + i);
      int predicted = BlockKernel.argmax(reference, 0, reference.length);
      assertEquals(predicted, (int) Double.parseDouble(fields[1]), "row " + i);
      correct += predicted == labels.get(i) ? 1 : 0;
    }
    JsonNode metrics = new ObjectMapper().readTree(evaluate.out());
    assertEquals(ROWS, metrics.get("count").asInt());
    assertEquals((double) correct / ROWS, metrics.get("accuracy").asDouble(), 1e-12);
    assertTrue(correct > ROWS / 2, "the projected network learned something: " + correct);
  }

  @Test
  void moreComponentsThanFeaturesIsOneErrorLineExitTwoAndWritesNothing() throws IOException {
    Path refusedModel = dir.resolve("refused/model.json");
    Files.createDirectories(refusedModel.getParent());

    CliRun run = train("--data", data.toString(), "--projection", "pca:99", "--model-out", refusedModel.toString(),
        "--quiet");

    assertEquals(2, run.exitCode(), run.err());
    assertEquals(List.of("error: --projection pca:99 keeps more components than the data has features (8); use pca:8 "
        + "or fewer"), run.err().lines().filter(l -> !l.isBlank()).toList());
    assertEquals("", run.out());
    try (Stream<Path> left = Files.list(refusedModel.getParent())) {
      assertEquals(List.of(), left.toList());
    }
  }

  @Test
  void aStartFromTheModelKeepsItsProjectionBitForBit() throws IOException {
    RbfModel start = ModelFile.read(model.toString(), new Configuration());
    Path continued = dir.resolve("continued.json");

    CliRun run = train("--data", data.toString(), "--init-model", model.toString(), "--model-out",
        continued.toString(), "--quiet");

    assertEquals(0, run.exitCode(), run.err());
    RbfModel next = ModelFile.read(continued.toString(), new Configuration());
    assertEquals(start.projection(), next.projection(), "the same mean, components and shares, bit for bit");
    assertFalse(Arrays.equals(start.parameters().values(), next.parameters().values()), "training went on");
    JsonNode provenance = new ObjectMapper().readTree(continued.toFile()).get("provenance");
    assertEquals("pca:" + K, provenance.get("config").get("projection").asText(), "the projection used is recorded");
    assertEquals("model", provenance.get("startedFrom").asText());
  }

  @Test
  void aStartFromTheModelWithTheSameProjectionGivenAgainWorks() {
    CliRun run = train("--data", data.toString(), "--init-model", model.toString(), "--projection", "pca:" + K,
        "--model-out", dir.resolve("again.json").toString(), "--quiet");

    assertEquals(0, run.exitCode(), run.err());
  }

  @Test
  void anotherProjectionThanTheStartingModelsIsRefusedNamingBoth() {
    Path refused = dir.resolve("other-projection.json");

    CliRun run = train("--data", data.toString(), "--init-model", model.toString(), "--projection", "pca:2",
        "--model-out", refused.toString(), "--quiet");

    assertEquals(2, run.exitCode(), run.err());
    assertEquals(1, run.errorLines().size(), run.err());
    String error = run.errorLines().get(0);
    assertTrue(error.startsWith("error: --projection pca:2 conflicts with --init-model, whose network sees "
        + "--projection pca:3 (it keeps "), error);
    assertTrue(error.endsWith("; leave --projection out to continue training that network"), error);
    assertFalse(Files.exists(refused));
  }

  @Test
  void aShareOfTheVarianceIsCheckedAgainstTheStartingModelsShares() throws IOException {
    double kept = ModelFile.read(model.toString(), new Configuration()).projection().keptShare();

    CliRun same = train("--data", data.toString(), "--init-model", model.toString(), "--projection",
        "pcaVariance:" + kept, "--model-out", dir.resolve("same-share.json").toString(), "--quiet");
    CliRun more = train("--data", data.toString(), "--init-model", model.toString(), "--projection",
        "pcaVariance:1", "--model-out", dir.resolve("more-share.json").toString(), "--quiet");

    assertEquals(0, same.exitCode(), "the model's 3 components are the fewest that keep their share: "
        + same.err());
    assertEquals(2, more.exitCode(), more.err());
    assertTrue(more.errorLines().get(0).startsWith("error: --projection pcaVariance:1.0 conflicts with --init-model, "
        + "whose network sees --projection pca:3"), more.err());
  }

  @Test
  void aProjectionOnAModelWithoutOneIsRefused() {
    Path plain = dir.resolve("plain.json");
    CliRun first = train("--data", data.toString(), "--model-out", plain.toString(), "--quiet");
    assertEquals(0, first.exitCode(), first.err());

    CliRun run = train("--data", data.toString(), "--init-model", plain.toString(), "--projection", "pca:3",
        "--model-out", dir.resolve("not-written.json").toString(), "--quiet");

    assertEquals(2, run.exitCode(), run.err());
    assertEquals(List.of("error: --projection pca:3 conflicts with --init-model, whose network sees the inputs "
        + "without a projection; leave --projection out to continue training that network"), run.errorLines());
  }

  @Test
  void aCheckpointResumesWithTheSameProjectionAndRefusesAnother() throws IOException {
    Path checkpoints = dir.resolve("ckpt");
    Path full = dir.resolve("full.json");
    List<String> args = List.of("--data", data.toString(), "--checkpoint-dir", checkpoints.toString(),
        "--checkpoint-every", "2", "--quiet");
    CliRun first = train(concat(args, "--projection", "pca:" + K, "--model-out", full.toString()));
    assertEquals(0, first.exitCode(), first.err());
    Files.delete(checkpoints.resolve("checkpoint-000006.json"));
    Files.delete(checkpoints.resolve("checkpoint-000008.json"));
    Path resumedModel = dir.resolve("resumed.json");

    CliRun resumed = train(concat(args, "--projection", "pca:" + K, "--resume", "--model-out",
        resumedModel.toString()));
    CliRun other = train(concat(args, "--resume", "--projection", "pca:2", "--model-out",
        dir.resolve("other.json").toString()));

    assertEquals(0, resumed.exitCode(), resumed.err());
    RbfModel a = ModelFile.read(full.toString(), new Configuration());
    RbfModel b = ModelFile.read(resumedModel.toString(), new Configuration());
    assertEquals(a.projection(), b.projection());
    assertArrayEquals(a.parameters().values(), b.parameters().values(), 0.0, "resumed from epoch 4 to the same model");
    assertEquals(1, other.exitCode(), other.err());
    assertEquals(1, other.errorLines().size(), other.err());
    assertTrue(other.errorLines().get(0).contains("is a checkpoint of another run"), other.err());
    assertTrue(other.errorLines().get(0).contains("'projection'"), other.err());
    assertFalse(Files.exists(dir.resolve("other.json")));
  }

  private static String[] concat(List<String> args, String... more) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  private static String[] concat(List<String> args) {
    return concat(args, SPARK.toArray(String[]::new));
  }

  private static double[] softmax(double[] logits) {
    double[] p = logits.clone();
    BlockKernel.logSoftmaxInPlace(p, 0, p.length);
    return Arrays.stream(p).map(Math::exp).toArray();
  }
}
