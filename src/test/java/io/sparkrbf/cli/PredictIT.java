package io.sparkrbf.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrbf.PredictionOutputs;
import io.sparkrbf.PredictionOutputs.Output;
import io.sparkrbf.PredictionOutputs.Scored;
import io.sparkrbf.kernel.BlockKernel;
import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.persist.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code predict} on data as a pipeline has it: unlabelled iris rows in CSV and Parquet with an
 * id column kept, and in LIBSVM (a folder of two files, lines with and without a label, a
 * comment and a blank line) identified by file and line, each written in every output format
 * and read back with Spark. Joined to the input by the id, every input row is there exactly
 * once, its probabilities equal a per-row reference ({@link RbfModel#scores} and a softmax)
 * within 1e-12 and sum to 1, its prediction is their most probable class, and the confusion
 * matrix of the predictions against the species is the one {@code evaluate} gives. Also: the
 * model's recorded feature names choose CSV columns in another order, named classes come out
 * as names, and {@code --overwrite} replaces a former output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PredictIT {
  private static final String GOLDEN_MODEL = "src/test/resources/models/golden-v1-iris.json";
  private static final Path IRIS_TEST_CSV = Path.of("src/test/resources/data/iris.test.csv");
  private static final List<String> FEATURES = List.of("sepal_length", "sepal_width", "petal_length", "petal_width");
  private static final List<String> SPECIES = List.of("setosa", "versicolor", "virginica");
  private static final List<String> INPUTS = List.of("csv", "parquet", "libsvm");
  private static final List<String> FORMATS = List.of("parquet", "csv", "json");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;

  private RbfModel golden;
  /** The iris test rows, in file order: features and species id. */
  private final List<double[]> features = new ArrayList<>();
  private final List<Integer> species = new ArrayList<>();
  /** Each input's row ids (as the output shows them, file names shortened) to the row index. */
  private final Map<String, Map<String, Integer>> ids = new HashMap<>();
  private long[][] evaluated;
  private final Map<String, CliRun> runs = new HashMap<>();
  private Map<String, Output> outputs;

  @BeforeAll
  void writeInputsPredictAndReadTheOutputsBack() throws IOException {
    golden = ModelFile.read(GOLDEN_MODEL, new Configuration());
    List<String> lines = Files.readAllLines(IRIS_TEST_CSV);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      features.add(IntStream.range(0, 4).mapToDouble(i -> Double.parseDouble(f[i])).toArray());
      species.add(SPECIES.indexOf(f[4]));
    }
    writeCsv();
    writeParquet();
    writeLibsvm();
    CliRun evaluate = CliRun.of("evaluate", "--model", GOLDEN_MODEL, "--data", CliIT.IRIS_TEST, "--master",
        "local[2]");
    assertEquals(0, evaluate.exitCode(), evaluate.err());
    evaluated = JSON.convertValue(JSON.readTree(evaluate.out()).get("confusionMatrix"), long[][].class);

    for (String input : INPUTS) {
      for (String format : FORMATS) {
        List<String> args = new ArrayList<>(List.of("predict", "--model", GOLDEN_MODEL, "--data", input(input),
            "--out", out(input, format), "--output-format", format, "--partitions", "3", "--master", "local[2]"));
        args.addAll(input.equals("libsvm") ? List.of("--raw-scores") : List.of("--keep-cols", "id"));
        runs.put(input + "/" + format, CliRun.of(args.toArray(String[]::new)));
      }
    }
    outputs = PredictionOutputs.withSpark(spark -> {
      Map<String, Output> read = new HashMap<>();
      for (String input : INPUTS) {
        for (String format : FORMATS) {
          read.put(input + "/" + format, PredictionOutputs.read(spark, out(input, format), format,
              idColumns(input), List.of("0", "1", "2")));
        }
      }
      return read;
    });
  }

  static Stream<String> cases() {
    return INPUTS.stream().flatMap(input -> FORMATS.stream().map(format -> input + "/" + format));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyRowIsScoredOnceAsTheReferenceAndEvaluateScoreIt(String name) {
    String input = name.split("/")[0];
    String format = name.split("/")[1];
    CliRun run = runs.get(name);
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(List.of(), run.errorLines());
    assertEquals(features.size() + " predictions written to " + out(input, format), run.out().strip());
    Output output = outputs.get(name);

    List<String> scores = format.equals("parquet") ? new ArrayList<>(List.of("probability"))
        : new ArrayList<>(List.of("p_0", "p_1", "p_2"));
    if (input.equals("libsvm")) {
      scores.addAll(format.equals("parquet") ? List.of("rawPrediction") : List.of("raw_0", "raw_1", "raw_2"));
    }
    List<String> columns = new ArrayList<>(idColumns(input));
    columns.add("prediction");
    columns.addAll(scores);
    if (format.equals("json")) {
      assertEquals(new TreeSet<>(columns), new TreeSet<>(output.columns()), "Spark's JSON reader sorts the fields");
    } else {
      assertEquals(columns, output.columns());
    }

    Set<Integer> seen = new HashSet<>();
    long[][] confusion = new long[3][3];
    for (Scored row : output.rows()) {
      Integer index = ids.get(input).get(shortId(row.id()));
      assertNotNull(index, "an input row's id: " + row.id());
      assertTrue(seen.add(index), "row " + row.id() + " once");
      double[] logits = golden.scores(features.get(index));
      double[] reference = softmax(logits);
      assertArrayEquals(reference, row.probabilities(), 1e-12, "probabilities of " + row.id());
      assertEquals(1.0, row.probabilities()[0] + row.probabilities()[1] + row.probabilities()[2], 1e-12);
      int predicted = argmax(row.probabilities());
      assertEquals(predicted, Double.parseDouble(row.prediction()), 0.0, "the most probable class of " + row.id());
      if (input.equals("libsvm")) {
        assertArrayEquals(logits, row.logits(), 1e-12, "logits of " + row.id());
      } else {
        assertNull(row.logits());
      }
      confusion[species.get(index)][predicted]++;
    }
    assertEquals(features.size(), seen.size(), "every input row");
    assertArrayEquals(evaluated, confusion, "evaluate's confusion matrix on the labelled rows");
    assertTrue(Files.exists(Path.of(out(input, format), "_SUCCESS")), "the folder Spark's writer committed");
  }

  @Test
  void theModelsRecordedFeatureNamesChooseTheColumnsAndNamedClassesComeOutAsNames() throws IOException {
    RbfModel named = new RbfModel(LabelIndex.named(SPECIES), golden.standardization(), golden.parameters(),
        Map.of("data", Map.of("featureColumns", FEATURES)));
    ModelFile.write(named, dir.resolve("named.json").toString(), false, new Configuration());
    StringBuilder csv = new StringBuilder("species,petal_width,id,petal_length,sepal_width,measured_at,sepal_length\n");
    for (int i = 0; i < features.size(); i++) {
      double[] x = features.get(i);
      csv.append(SPECIES.get(species.get(i))).append(',').append(x[3]).append(",\"iris ").append(i).append("\",")
          .append(x[2]).append(',').append(x[1]).append(",2024-05-01 10:00,").append(x[0]).append('\n');
    }
    Files.writeString(dir.resolve("shuffled.csv"), csv);

    CliRun run = CliRun.of("predict", "--model", dir.resolve("named.json").toString(), "--data",
        dir.resolve("shuffled.csv").toString(), "--keep-cols", "id,species", "--out", dir.resolve("named").toString(),
        "--master", "local[2]");

    assertEquals(0, run.exitCode(), run.err());
    Output output = PredictionOutputs.read(dir.resolve("named").toString(), "parquet", List.of("id", "species"),
        SPECIES);
    assertEquals(List.of("id", "species", "prediction", "probability"), output.columns());
    assertEquals(features.size(), output.rows().size());
    for (Scored row : output.rows()) {
      int i = Integer.parseInt(row.id().get(0).substring("iris ".length()));
      assertEquals(SPECIES.get(species.get(i)), row.id().get(1), "the label passes through when kept");
      double[] reference = softmax(golden.scores(features.get(i)));
      assertArrayEquals(reference, row.probabilities(), 1e-12, "the features found by name, row " + i);
      assertEquals(SPECIES.get(argmax(reference)), row.prediction());
    }
  }

  @Test
  void overwriteReplacesAFormerOutputAndLeavesNothingElse() throws IOException {
    String out = dir.resolve("replaced").toString();
    List<String> args = List.of("predict", "--model", GOLDEN_MODEL, "--data", input("csv"), "--keep-cols", "id",
        "--out", out, "--master", "local[2]");
    CliRun first = CliRun.of(concat(args, "--output-format", "csv"));
    assertEquals(0, first.exitCode(), first.err());

    CliRun second = CliRun.of(concat(args, "--output-format", "json", "--overwrite"));

    assertEquals(0, second.exitCode(), second.err());
    try (Stream<Path> files = Files.list(Path.of(out))) {
      List<String> parts = files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("part-")).toList();
      assertTrue(!parts.isEmpty() && parts.stream().allMatch(f -> f.endsWith(".json")),
          "only the new output: " + parts);
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith(".replaced"))
          .toList(), "no temporary or former output left beside it");
    }
  }

  private static String[] concat(List<String> args, String... more) {
    return Stream.concat(args.stream(), Stream.of(more)).toArray(String[]::new);
  }

  private String input(String kind) {
    return dir.resolve(switch (kind) {
      case "csv" -> "unlabelled.csv";
      case "parquet" -> "unlabelled.parquet";
      default -> "libsvm";
    }).toString();
  }

  private String out(String input, String format) {
    return dir.resolve("out-" + input + "-" + format).toString();
  }

  private static List<String> idColumns(String input) {
    return input.equals("libsvm") ? List.of("file", "line") : List.of("id");
  }

  /** A row's id with a LIBSVM file named by its last part: the output names it as Hadoop lists it. */
  private static String shortId(List<String> id) {
    return id.size() == 1 ? id.get(0) : id.get(0).substring(id.get(0).lastIndexOf('/') + 1) + ":" + id.get(1);
  }

  /** id, then the four features; ids {@code flower-1} ... in row order. */
  private void writeCsv() throws IOException {
    StringBuilder csv = new StringBuilder("id," + String.join(",", FEATURES) + "\n");
    Map<String, Integer> byId = new HashMap<>();
    for (int i = 0; i < features.size(); i++) {
      csv.append("flower-").append(i + 1);
      for (double x : features.get(i)) {
        csv.append(',').append(x);
      }
      csv.append('\n');
      byId.put("flower-" + (i + 1), i);
    }
    Files.writeString(Path.of(input("csv")), csv);
    ids.put("csv", byId);
  }

  /** A long id (1000 + row) and a dense features vector, in two part files. */
  private void writeParquet() {
    List<Row> rows = new ArrayList<>();
    Map<String, Integer> byId = new HashMap<>();
    for (int i = 0; i < features.size(); i++) {
      rows.add(RowFactory.create(1000L + i, Vectors.dense(features.get(i))));
      byId.put(String.valueOf(1000L + i), i);
    }
    StructType schema = new StructType().add("id", DataTypes.LongType).add("features", SQLDataTypes.VectorType());
    PredictionOutputs.withSpark(spark -> {
      spark.createDataFrame(rows, schema).repartition(2).write().parquet(input("parquet"));
      return null;
    });
    ids.put("parquet", byId);
  }

  /**
   * Rows 1-15 in a.libsvm without labels, after a comment line and with a blank line after
   * the 7th; rows 16-30 in b.libsvm, every other one with its label (not read).
   */
  private void writeLibsvm() throws IOException {
    Files.createDirectories(Path.of(input("libsvm")));
    Map<String, Integer> byId = new HashMap<>();
    StringBuilder a = new StringBuilder("# unlabelled iris rows\n");
    StringBuilder b = new StringBuilder();
    int lineA = 1;
    int lineB = 0;
    for (int i = 0; i < features.size(); i++) {
      StringBuilder text = i < 15 ? a : b;
      int line = i < 15 ? ++lineA : ++lineB;
      if (i >= 15 && i % 2 == 0) {
        text.append(species.get(i)).append(' ');
      }
      double[] x = features.get(i);
      for (int f = 0; f < x.length; f++) {
        text.append(f == 0 ? "" : " ").append(f + 1).append(':').append(x[f]);
      }
      text.append('\n');
      byId.put((i < 15 ? "a.libsvm:" : "b.libsvm:") + line, i);
      if (i == 6) {
        a.append('\n');
        lineA++;
      }
    }
    Files.writeString(Path.of(input("libsvm"), "a.libsvm"), a);
    Files.writeString(Path.of(input("libsvm"), "b.libsvm"), b);
    ids.put("libsvm", byId);
  }

  /** The softmax of per-row logits, through the kernel's log-softmax (tested in BlockKernelTest). */
  private static double[] softmax(double[] logits) {
    double[] p = logits.clone();
    BlockKernel.logSoftmaxInPlace(p, 0, p.length);
    return Arrays.stream(p).map(Math::exp).toArray();
  }

  private static int argmax(double[] values) {
    return BlockKernel.argmax(values, 0, values.length);
  }
}
