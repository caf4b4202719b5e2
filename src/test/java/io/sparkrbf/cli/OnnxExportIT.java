package io.sparkrbf.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.export.OnnxRuntimeScorer;
import io.sparkrbf.model.LabelIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code rbf export} as a user runs it: models trained by {@code rbf train} (each scaling mode,
 * centers trained and frozen, with a projection, with named classes) are exported, loaded in ONNX
 * Runtime and scored on every row of a held-back set; their probabilities match what
 * {@code rbf predict} writes for the same rows to 1e-6 (the graph computes in float32) and their
 * labels are the same on every row. An existing ONNX file is kept unless {@code --overwrite}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnnxExportIT {
  private static final String PENDIGITS_TRAIN = "data/pendigits/pendigits.train.libsvm";
  private static final String PENDIGITS_TEST = "data/pendigits/pendigits.test.libsvm";
  private static final String IRIS_TRAIN_CSV = "src/test/resources/data/iris.train.csv";
  private static final String IRIS_TEST_CSV = "src/test/resources/data/iris.test.csv";
  private static final double TOLERANCE = 1e-6;

  @TempDir
  static Path dir;

  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of("zscore-trained", List.of("--standardize", "zscore", "--train-centers", "true")),
        Arguments.of("zscore-frozen", List.of("--standardize", "zscore", "--train-centers", "false")),
        Arguments.of("global-trained", List.of("--standardize", "global", "--train-centers", "true")),
        Arguments.of("global-frozen", List.of("--standardize", "global", "--train-centers", "false")),
        Arguments.of("none-trained", List.of("--standardize", "none", "--train-centers", "true")),
        Arguments.of("none-frozen", List.of("--standardize", "none", "--train-centers", "false")),
        Arguments.of("zscore-pca", List.of("--standardize", "zscore", "--projection", "pca:6")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void pendigitsModelScoresInOnnxRuntimeAsPredictDoes(String name, List<String> options) throws Exception {
    Path model = train(name, PENDIGITS_TRAIN, options);
    Path onnx = export(model);
    List<String> predictions = predict(model, PENDIGITS_TEST);
    double[][] rows = libsvmRows(PENDIGITS_TEST, 16);
    compare(onnx, rows, predictions, name);
  }

  @Test
  void namedClassesComeOutAsStrings() throws Exception {
    Path model = train("iris-named", IRIS_TRAIN_CSV, List.of("--label-col", "species"));
    Path onnx = export(model);
    List<String> predictions = predict(model, IRIS_TEST_CSV, "--label-col", "species");
    assertEquals("prediction,p_setosa,p_versicolor,p_virginica", predictions.get(0));
    List<String> lines = Files.readAllLines(Path.of(IRIS_TEST_CSV));
    double[][] rows = new double[lines.size() - 1][];
    for (int i = 1; i < lines.size(); i++) {
      String[] cells = lines.get(i).split(",");
      rows[i - 1] = Arrays.stream(cells, 0, 4).mapToDouble(Double::parseDouble).toArray();
    }
    compare(onnx, rows, predictions, "iris");
  }

  @Test
  void anExistingOnnxFileIsKeptUnlessOverwrite() throws Exception {
    Path model = train("small", IRIS_TRAIN_CSV, List.of("--label-col", "species", "--epochs", "2"));
    Path onnx = export(model);
    byte[] first = Files.readAllBytes(onnx);

    CliRun again = CliRun.of("export", "--model", model.toString(), "--onnx", onnx.toString());
    assertEquals(1, again.exitCode(), again.err());
    assertEquals(List.of("error: " + onnx + " already exists (use --overwrite to replace it)"), again.errorLines());
    assertArrayEquals(first, Files.readAllBytes(onnx));

    CliRun replaced = CliRun.of("export", "--model", model.toString(), "--onnx", onnx.toString(), "--overwrite");
    assertEquals(0, replaced.exitCode(), replaced.err());
    assertArrayEquals(first, Files.readAllBytes(onnx), "the same model gives the same bytes");

    CliRun missing = CliRun.of("export", "--model", dir.resolve("absent.json").toString(), "--onnx",
        dir.resolve("absent.onnx").toString());
    assertEquals(2, missing.exitCode(), missing.err());
    assertEquals(List.of("error: --model " + dir.resolve("absent.json") + ": no such file or directory"),
        missing.errorLines());
    assertTrue(Files.notExists(dir.resolve("absent.onnx")));
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(".")).toList(),
          "no temporary files left");
    }
  }

  private static Path train(String name, String data, List<String> options) {
    Path model = dir.resolve(name + ".json");
    List<String> args = new ArrayList<>(List.of("train", "--data", data, "--centers", "40",
        "--learning-rate", "0.05", "--partitions", "2", "--master", "local[2]", "--quiet", "--model-out",
        model.toString()));
    args.addAll(options.contains("--epochs") ? options : Stream.concat(options.stream(), Stream.of("--epochs", "15")).toList());
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertEquals(0, run.exitCode(), run.err());
    return model;
  }

  private static Path export(Path model) {
    Path onnx = dir.resolve(model.getFileName().toString().replace(".json", ".onnx"));
    CliRun run = CliRun.of("export", "--model", model.toString(), "--onnx", onnx.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains(" exported to " + onnx + " (ONNX opset 17, "), run.out());
    assertEquals(List.of(), run.warningLogLines());
    return onnx;
  }

  private static List<String> predict(Path model, String data, String... extra) throws IOException {
    Path out = dir.resolve(model.getFileName().toString().replace(".json", ".predictions.csv"));
    List<String> args = new ArrayList<>(List.of("predict", "--model", model.toString(), "--data", data,
        "--single-file", "--out", out.toString(), "--master", "local[2]", "--quiet"));
    args.addAll(List.of(extra));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertEquals(0, run.exitCode(), run.err());
    return Files.readAllLines(out);
  }

  /** Every row: the runtime's label equals predict's, its probabilities are within the tolerance. */
  private static void compare(Path onnx, double[][] rows, List<String> predictions, String name) throws Exception {
    List<String> header = List.of(predictions.get(0).split(","));
    int prediction = header.indexOf("prediction");
    int firstProbability = prediction + 1;
    int classes = (int) header.stream().filter(h -> h.startsWith("p_")).count();
    assertEquals(rows.length + 1, predictions.size());
    try (OnnxRuntimeScorer scorer = new OnnxRuntimeScorer(Files.readAllBytes(onnx))) {
      OnnxRuntimeScorer.Scored scored = scorer.score(rows);
      double worst = 0;
      for (int r = 0; r < rows.length; r++) {
        String[] cells = predictions.get(r + 1).split(",");
        float[] p = scored.probabilities()[r];
        assertEquals(classes, p.length);
        for (int c = 0; c < classes; c++) {
          worst = Math.max(worst, Math.abs(Double.parseDouble(cells[firstProbability + c]) - p[c]));
        }
        assertEquals(cells[prediction], labelText(scored.labels(), r), name + ": label of row " + (r + 1));
      }
      System.out.printf("%s: largest probability difference %.3g over %d rows%n", name, worst, rows.length);
      assertTrue(worst <= TOLERANCE, name + ": largest probability difference " + worst);
    }
  }

  /** The runtime's label as predict's CSV writes it: a name, or a number ({@link LabelIndex#format}). */
  private static String labelText(Object labels, int r) {
    if (labels instanceof long[] whole) {
      return Long.toString(whole[r]);
    }
    if (labels instanceof double[] numbers) {
      return LabelIndex.format(numbers[r]);
    }
    return ((String[]) labels)[r];
  }

  private static double[][] libsvmRows(String path, int features) throws IOException {
    List<String> lines = Files.readAllLines(Path.of(path));
    double[][] rows = new double[lines.size()][features];
    for (int i = 0; i < lines.size(); i++) {
      String[] tokens = lines.get(i).trim().split("\\s+");
      for (int t = 1; t < tokens.length; t++) {
        int colon = tokens[t].indexOf(':');
        rows[i][Integer.parseInt(tokens[t].substring(0, colon)) - 1] = Double.parseDouble(tokens[t].substring(colon + 1));
      }
    }
    return rows;
  }
}
