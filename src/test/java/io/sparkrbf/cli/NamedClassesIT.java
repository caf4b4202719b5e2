package io.sparkrbf.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.persist.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Labels as users have them, through the whole command line: iris with its species names
 * trains, evaluates and predicts in names; a version-1 model file written before names
 * existed predicts as it did; evaluate and predict read only the feature columns given.
 */
class NamedClassesIT {
  private static final String IRIS_TRAIN_CSV = "src/test/resources/data/iris.train.csv";
  private static final String IRIS_TEST_CSV = "src/test/resources/data/iris.test.csv";
  private static final String GOLDEN_MODEL = "src/test/resources/models/golden-v1-iris.json";
  private static final String GOLDEN_PREDICTIONS = "src/test/resources/models/golden-v1-iris.predictions.csv";
  private static final List<String> SPECIES = List.of("setosa", "versicolor", "virginica");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private String path(String name) {
    return dir.resolve(name).toString();
  }

  private CliRun train(String data, String model, String... extra) {
    List<String> args = new ArrayList<>(List.of("train", "--data", data, "--centers", "8", "--epochs", "40",
        "--learning-rate", "0.05", "--partitions", "1", "--master", "local[2]", "--model-out", path(model)));
    args.addAll(List.of(extra));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertEquals(0, run.exitCode(), run.err());
    return run;
  }

  @Test
  void irisSpeciesNamesTrainEvaluateAndPredictAsNames() throws IOException {
    train(CliIT.IRIS_TRAIN, "numbered.json");
    train(IRIS_TRAIN_CSV, "named.json", "--label-col", "species", "--test", IRIS_TEST_CSV, "--report", path("report"));
    RbfModel numbered = ModelFile.read(path("numbered.json"), new Configuration());
    RbfModel named = ModelFile.read(path("named.json"), new Configuration());

    assertEquals(LabelIndex.named(SPECIES), named.labels());
    assertArrayEquals(numbered.parameters().values(), named.parameters().values(), 0.0,
        "the same rows, the species in the order of their numbers 0, 1, 2 in the LIBSVM copy");
    JsonNode file = JSON.readTree(dir.resolve("named.json").toFile());
    assertEquals(2, file.get("version").asInt());
    assertEquals("[\"setosa\",\"versicolor\",\"virginica\"]", file.get("classes").toString());
    String report = Files.readString(dir.resolve("report/index.html"));
    assertTrue(report.contains("<tr><td>versicolor</td>") && report.contains("<th class=\"num\">virginica</th>"),
        "per-class table and confusion matrix name the species");

    CliRun evaluate = CliRun.of("evaluate", "--model", path("named.json"), "--data", IRIS_TEST_CSV, "--label-col",
        "species", "--metrics-out", path("metrics.json"), "--master", "local[2]");
    assertEquals(0, evaluate.exitCode(), evaluate.err());
    JsonNode metrics = JSON.readTree(dir.resolve("metrics.json").toFile());
    assertEquals(SPECIES, JSON.convertValue(metrics.get("classes"), List.class));
    assertEquals(SPECIES, metrics.get("perClass").findValuesAsText("label"));
    double accuracy = metrics.get("accuracy").asDouble();
    assertEquals(testAccuracy(named), accuracy, 1e-12, "evaluate agrees with the final test accuracy of train");
    assertTrue(accuracy > 0.85, "accuracy " + accuracy);

    CliRun predict = CliRun.of("predict", "--model", path("named.json"), "--data", IRIS_TEST_CSV, "--label-col",
        "species", "--single-file", "--out", path("predictions.csv"), "--master", "local[2]");
    assertEquals(0, predict.exitCode(), predict.err());
    List<String> csv = Files.readAllLines(dir.resolve("predictions.csv"));
    List<String> truth = Files.readAllLines(Path.of(IRIS_TEST_CSV));
    assertEquals("prediction,p_setosa,p_versicolor,p_virginica", csv.get(0));
    assertEquals(31, csv.size());
    int correct = 0;
    for (int i = 1; i <= 30; i++) {
      String predicted = csv.get(i).split(",")[0];
      assertTrue(SPECIES.contains(predicted), csv.get(i));
      correct += truth.get(i).endsWith("," + predicted) ? 1 : 0;
    }
    assertEquals(accuracy, correct / 30.0, 1e-12, "predictions are in input order");
  }

  @Test
  void versionOneModelWrittenBeforeNamedClassesPredictsAsItDid() throws IOException {
    CliRun predict = CliRun.of("predict", "--model", GOLDEN_MODEL, "--data", CliIT.IRIS_TEST, "--single-file",
        "--out", path("predictions.csv"), "--master", "local[2]");

    assertEquals(0, predict.exitCode(), predict.err());
    List<String> lines = Files.readAllLines(dir.resolve("predictions.csv"));
    for (int i = 0; i < lines.size(); i++) {
      String rowId = i == 0 ? "file,line," : CliIT.IRIS_TEST + "," + i + ",";
      assertTrue(lines.get(i).startsWith(rowId), "LIBSVM rows now come with their file and line: " + lines.get(i));
      lines.set(i, lines.get(i).substring(rowId.length()));
    }
    assertSamePredictions(Files.readAllLines(Path.of(GOLDEN_PREDICTIONS)), lines);
  }

  @Test
  void evaluateAndPredictReadOnlyTheFeatureColumnsGiven() throws IOException {
    StringBuilder decorated = new StringBuilder("id,sepal_length,label,sepal_width,measured_at,petal_length,"
        + "petal_width\n");
    List<String> iris = Files.readAllLines(Path.of(IRIS_TEST_CSV));
    for (int i = 1; i < iris.size(); i++) {
      String[] x = iris.get(i).split(",");
      decorated.append("flower ").append(i).append(',').append(x[0]).append(',').append(SPECIES.indexOf(x[4]))
          .append(',').append(x[1]).append(",2024-05-0").append(i % 9 + 1).append(" 10:00,").append(x[2]).append(',')
          .append(x[3]).append('\n');
    }
    Files.writeString(dir.resolve("decorated.csv"), decorated);

    CliRun plain = CliRun.of("evaluate", "--model", GOLDEN_MODEL, "--data", CliIT.IRIS_TEST, "--master", "local[2]");
    CliRun ignoring = CliRun.of("evaluate", "--model", GOLDEN_MODEL, "--data", path("decorated.csv"), "--label-col",
        "label", "--ignore-cols", "id,measured_at", "--master", "local[2]");
    CliRun predict = CliRun.of("predict", "--model", GOLDEN_MODEL, "--data", path("decorated.csv"), "--label-col",
        "label", "--feature-cols", "sepal_length,sepal_width,petal_length,petal_width", "--single-file", "--out",
        path("predictions.csv"), "--master", "local[2]");

    assertEquals(0, plain.exitCode(), plain.err());
    assertEquals(0, ignoring.exitCode(), ignoring.err());
    JsonNode expected = JSON.readTree(plain.out());
    JsonNode actual = JSON.readTree(ignoring.out());
    assertEquals(expected.get("confusionMatrix"), actual.get("confusionMatrix"));
    assertEquals(expected.get("classes"), actual.get("classes"));
    assertEquals(expected.get("loss").asDouble(), actual.get("loss").asDouble(), 1e-12);
    assertEquals(0, predict.exitCode(), predict.err());
    assertSamePredictions(Files.readAllLines(Path.of(GOLDEN_PREDICTIONS)),
        Files.readAllLines(dir.resolve("predictions.csv")));
  }

  /** The same header and predicted labels, the same probabilities to rounding. */
  private static void assertSamePredictions(List<String> expected, List<String> actual) {
    assertEquals(expected.size(), actual.size());
    assertEquals(expected.get(0), actual.get(0));
    for (int i = 1; i < expected.size(); i++) {
      String[] e = expected.get(i).split(",");
      String[] a = actual.get(i).split(",");
      assertEquals(e[0], a[0], "row " + i);
      for (int c = 1; c < e.length; c++) {
        assertEquals(Double.parseDouble(e[c]), Double.parseDouble(a[c]), 1e-12, "row " + i + " column " + c);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static double testAccuracy(RbfModel model) {
    java.util.Map<String, Object> metrics = (java.util.Map<String, Object>) model.provenance().get("finalMetrics");
    return ((Number) ((java.util.Map<String, Object>) metrics.get("test")).get("accuracy")).doubleValue();
  }
}
