package io.sparkrbf.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.kernel.ReferenceRbfNetwork;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.persist.ModelFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --report DIR}: the files, their content, and the output rules. */
class ReportIT {
  private static final List<String> FILES = List.of("accuracy.png", "confusion.png", "history.jsonl", "index.html",
      "loss.png");

  @TempDir
  Path dir;

  private String path(String name) {
    return dir.resolve(name).toString();
  }

  private CliRun train(String data, String test, int epochs, String... extra) {
    List<String> args = new ArrayList<>(List.of("train", "--data", data, "--centers", "8", "--epochs",
        String.valueOf(epochs), "--learning-rate", "0.05", "--partitions", "2", "--master", "local[2]",
        "--model-out", path("model.json")));
    if (test != null) {
      args.addAll(List.of("--test", test));
    }
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void reportHasChartsHistoryAndThePrintedMetrics() throws IOException {
    CliRun run = train(CliIT.IRIS_TRAIN, CliIT.IRIS_TEST, 20, "--history-out", path("history.jsonl"),
        "--report", path("report"));

    assertEquals(0, run.exitCode(), run.err());
    Path report = dir.resolve("report");
    assertArrayEquals(FILES.toArray(), names(report));
    assertTrue(run.out().contains("report written to " + report), run.out());
    for (String png : List.of("loss.png", "accuracy.png")) {
      assertPng(report.resolve(png), 800, 500);
    }
    assertPng(report.resolve("confusion.png"), 800, 640);

    List<String> history = Files.readAllLines(report.resolve("history.jsonl"));
    assertEquals(20, history.size());
    assertEquals(Files.readAllLines(dir.resolve("history.jsonl")), history, "the same records as --history-out");

    String html = Files.readString(report.resolve("index.html"));
    Matcher printed = Pattern.compile("test accuracy (\\S+%)").matcher(run.out());
    assertTrue(printed.find(), run.out());
    assertTrue(html.contains(">" + printed.group(1) + "<"), "index.html shows the printed " + printed.group(1));
    for (String label : List.of("0", "1", "2")) {
      assertTrue(html.contains("<td>" + label + "</td>"), "per-class row of class " + label);
    }
    long[][] confusion = confusionTable(html);
    assertEquals(30, sum(confusion), "the test rows, each once");
    assertTrue(html.contains("<td>" + Path.of(CliIT.IRIS_TEST).toAbsolutePath() + "</td>"),
        "the relative --test path, made absolute: the report is read from elsewhere");
    assertTrue(html.contains("<td>" + path("model.json") + "</td>"));
    assertTrue(html.contains("<th>--centers</th><td>8</td>") && html.contains("<th>--learning-rate</th><td>0.05</td>"),
        "the configuration under the flags the user typed");
  }

  @Test
  void confusionMatrixMatchesAnIndependentScoringOfATinySet() throws IOException {
    Path tiny = dir.resolve("tiny.libsvm");
    Files.writeString(tiny, String.join("\n",
        "3 1:0.0 2:0.1", "3 1:0.2 2:0.0", "3 1:0.1 2:0.3", "3 1:1.1 2:0.9",
        "5 1:1.0 2:1.0", "5 1:0.9 2:1.2", "5 1:1.2 2:0.8", "5 1:0.2 2:0.2",
        "8 1:2.0 2:0.0", "8 1:2.1 2:0.2", "8 1:1.9 2:0.1", "8 1:1.0 2:1.1", ""));

    CliRun run = CliRun.of("train", "--data", tiny.toString(), "--centers", "3", "--epochs", "4", "--init", "random",
        "--learning-rate", "0.1", "--master", "local[2]", "--partitions", "2", "--model-out", path("model.json"),
        "--report", path("report"));

    assertEquals(0, run.exitCode(), run.err());
    String html = Files.readString(dir.resolve("report/index.html"));
    assertTrue(html.contains("on the training data"), "without --test the training data is scored");
    long[][] reported = confusionTable(html);
    long[][] expected = scoreIndependently(ModelFile.read(path("model.json"), new Configuration()), tiny);
    assertEquals(12, sum(reported));
    assertArrayEquals(expected, reported);
  }

  @Test
  void existingReportFolderIsRefusedAndLeftUntouched() throws IOException {
    Path report = Files.createDirectories(dir.resolve("report"));
    Files.writeString(report.resolve("index.html"), "an earlier report");

    CliRun run = train(CliIT.IRIS_TRAIN, CliIT.IRIS_TEST, 3, "--report", report.toString());

    assertEquals(RbfMain.FAILED, run.exitCode());
    assertEquals(List.of("error: " + report + " already exists (use --overwrite to replace it)"), run.errorLines());
    assertArrayEquals(new String[] {"index.html"}, names(report));
    assertEquals("an earlier report", Files.readString(report.resolve("index.html")));
    assertFalse(Files.exists(dir.resolve("model.json")), "refused before training");

    CliRun replaced = train(CliIT.IRIS_TRAIN, null, 3, "--report", report.toString(), "--overwrite");
    assertEquals(0, replaced.exitCode(), replaced.err());
    assertArrayEquals(FILES.toArray(), names(report));
    assertArrayEquals(new String[] {"model.json", "report"}, names(dir), "no temporary folder left");
  }

  @Test
  void outputsInsideTheReportFolderAreRefusedBeforeSparkStarts() throws IOException {
    CliRun run = CliRun.of("train", "--data", CliIT.IRIS_TRAIN, "--report", path("report"),
        "--model-out", path("report/model.json"));

    assertEquals(RbfMain.USAGE, run.exitCode());
    assertEquals(List.of("error: --report " + path("report") + " would contain the output " + path("report/model.json")
        + "; write the report to its own folder"), run.errorLines());
    assertArrayEquals(new String[0], names(dir));
  }

  /** The confusion table of index.html: {@code [true][predicted]}. */
  private static long[][] confusionTable(String html) {
    int start = html.indexOf("<table class=\"confusion\">");
    String table = html.substring(start, html.indexOf("</table>", start));
    List<long[]> rows = new ArrayList<>();
    for (String line : table.split("\n")) {
      if (line.contains("<td")) {
        Matcher cell = Pattern.compile("<td class=\"num\">(\\d+)</td>").matcher(line);
        List<Long> counts = new ArrayList<>();
        while (cell.find()) {
          counts.add(Long.parseLong(cell.group(1)));
        }
        rows.add(counts.stream().mapToLong(Long::longValue).toArray());
      }
    }
    return rows.toArray(long[][]::new);
  }

  /** Scores every row with the naive reference network on the model's parameters. */
  private static long[][] scoreIndependently(RbfModel model, Path libsvm) throws IOException {
    double[] classes = model.classes();
    ReferenceRbfNetwork net = new ReferenceRbfNetwork(model.parameters(), 0);
    long[][] confusion = new long[classes.length][classes.length];
    for (String line : Files.readAllLines(libsvm)) {
      if (line.isBlank()) {
        continue;
      }
      String[] tokens = line.split(" ");
      double[] x = new double[model.numFeatures()];
      for (int t = 1; t < tokens.length; t++) {
        String[] kv = tokens[t].split(":");
        x[Integer.parseInt(kv[0]) - 1] = Double.parseDouble(kv[1]);
      }
      if (model.standardization() != null) {
        model.standardization().applyInPlace(x, 0);
      }
      double[] logP = net.logProbabilities(x);
      int predicted = 0;
      for (int c = 1; c < logP.length; c++) {
        predicted = logP[c] > logP[predicted] ? c : predicted;
      }
      int actual = java.util.Arrays.binarySearch(classes, Double.parseDouble(tokens[0]));
      confusion[actual][predicted]++;
    }
    return confusion;
  }

  private static long sum(long[][] m) {
    long s = 0;
    for (long[] row : m) {
      for (long v : row) {
        s += v;
      }
    }
    return s;
  }

  private static void assertPng(Path file, int width, int height) throws IOException {
    BufferedImage image = ImageIO.read(file.toFile());
    assertEquals(width, image.getWidth(), file.toString());
    assertEquals(height, image.getHeight(), file.toString());
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < height; y += 2) {
      for (int x = 0; x < width; x += 2) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertTrue(colours.size() >= 20, file + " has only " + colours.size() + " colours");
  }

  private static String[] names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
    }
  }
}
