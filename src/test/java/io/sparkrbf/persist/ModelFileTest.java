package io.sparkrbf.persist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.kernel.RbfShape;
import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.model.Projection;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.model.ScalingMode;
import io.sparkrbf.model.Standardization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModelFileTest {
  @TempDir
  Path dir;

  static RbfModel randomModel(long seed, boolean scaled) {
    Random rnd = new Random(seed);
    RbfShape shape = new RbfShape(5, 4, 3);
    double[] v = new double[shape.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(20) - 10);
    }
    for (int j = 0; j < 4; j++) {
      v[shape.betasOffset() + j] = Math.abs(v[shape.betasOffset() + j]) + Double.MIN_VALUE;
    }
    v[0] = 0.1 + 0.2;
    v[1] = 1.0 / 3;
    v[2] = -0.0;
    v[3] = Double.MIN_VALUE;
    v[4] = 1e-300;
    Standardization s = scaled ? new Standardization(ScalingMode.ZSCORE, new double[] {1, 2, 3, 4, 0.1 + 0.7}, new double[] {1, 1, 2, 1e-9, 5})
        : null;
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("config", Map.of("centers", 4, "optimizer", "adam"));
    provenance.put("data", List.of("a", 1, 2.5));
    return new RbfModel(new double[] {-2, 0.5, 3}, s, new RbfParameters(shape, v), provenance);
  }

  @Test
  void roundTripIsBitExact() throws IOException {
    for (boolean scaled : new boolean[] {true, false}) {
      RbfModel model = randomModel(scaled ? 1 : 2, scaled);
      String path = dir.resolve("m" + scaled + ".json").toString();

      ModelFile.write(model, path, false, new Configuration());
      RbfModel back = ModelFile.read(path, new Configuration());

      double[] a = model.parameters().values();
      double[] b = back.parameters().values();
      for (int i = 0; i < a.length; i++) {
        assertEquals(Double.doubleToRawLongBits(a[i]), Double.doubleToRawLongBits(b[i]), "value " + i);
      }
      assertArrayEquals(model.classes(), back.classes(), 0.0);
      assertEquals(model.standardization(), back.standardization());
      assertEquals(model.provenance(), back.provenance());
    }
  }

  @Test
  void fieldsAppearInTheDocumentedOrder() throws IOException {
    JsonNode root = new ObjectMapper().readTree(ModelFile.toJson(randomModel(3, true)));
    List<String> names = new ArrayList<>();
    root.fieldNames().forEachRemaining(names::add);
    assertEquals(List.of("format", "version", "numFeatures", "numCenters", "numClasses", "classes", "standardization",
        "centers", "betas", "weights", "provenance"), names);
    assertEquals(5, root.get("weights").get(0).size(), "K x (n+1)");
    assertEquals(4, root.get("centers").size());
  }

  @Test
  void namedClassesRoundTripAsStringsInVersionTwo() throws IOException {
    RbfModel numeric = randomModel(6, true);
    LabelIndex names = LabelIndex.named(List.of("Iris \"virginica\"", "setosa", "versicolor, wild"));
    RbfModel named = new RbfModel(names, numeric.standardization(), numeric.parameters(), numeric.provenance());
    String path = dir.resolve("named.json").toString();

    ModelFile.write(named, path, false, new Configuration());
    JsonNode root = new ObjectMapper().readTree(Files.readString(Path.of(path)));
    RbfModel back = ModelFile.read(path, new Configuration());

    assertEquals(2, root.get("version").asInt());
    assertEquals("[\"Iris \\\"virginica\\\"\",\"setosa\",\"versicolor, wild\"]", root.get("classes").toString());
    assertEquals(names, back.labels());
    assertArrayEquals(numeric.parameters().values(), back.parameters().values(), 0.0);
    assertEquals(1, new ObjectMapper().readTree(ModelFile.toJson(numeric)).get("version").asInt(),
        "numeric classes stay version 1");
  }

  @Test
  void versionOneFileWrittenBeforeNamedClassesIsWrittenBackByteForByte() throws IOException {
    Path golden = Path.of("src/test/resources/models/golden-v1-iris.json");

    RbfModel m = ModelFile.read(golden.toString(), new Configuration());

    assertEquals(new LabelIndex(new double[] {0, 1, 2}), m.labels());
    assertEquals(Files.readString(golden), ModelFile.toJson(m));
  }

  @Test
  void goldenVersionOneFileLoads() throws IOException {
    RbfModel m = ModelFile.read("src/test/resources/models/golden-v1.json", new Configuration());

    assertArrayEquals(new double[] {-1.0, 0.5, 7.0}, m.classes(), 0.0);
    assertArrayEquals(new double[] {1.5, -2.0}, m.standardization().mean(), 0.0);
    assertArrayEquals(new double[] {0.25, 4.0}, m.standardization().std(), 0.0);
    assertArrayEquals(new double[] {1e-300, 3.0}, m.parameters().centers()[1], 0.0);
    assertArrayEquals(new double[] {0.5, 2.0}, m.parameters().betas(), 0.0);
    assertArrayEquals(new double[] {-0.1, 0.2, 0.1 + 0.2}, m.parameters().weights()[2], 0.0);
    assertEquals(1.0 / 3, m.parameters().weight(1, 0), 0.0);
    assertEquals("adam", ((Map<?, ?>) m.provenance().get("config")).get("optimizer"));
  }

  @Test
  void nonFiniteModelsAreNeverWritten() {
    RbfModel model = randomModel(4, false);
    model.parameters().values()[model.shape().centersOffset() + 3] = Double.NaN;
    String path = dir.resolve("nan.json").toString();

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelFile.write(model, path, false, new Configuration()));

    assertTrue(e.getMessage().contains("centers"), e.getMessage());
    assertTrue(!Files.exists(dir.resolve("nan.json")));
  }

  static Stream<Arguments> damagedFiles() {
    return Stream.of(
        Arguments.of("{not json", "not valid JSON"),
        Arguments.of("[]", "not a JSON object"),
        Arguments.of("{\"format\": \"other\"}", "not a spark-rbf model"),
        Arguments.of(golden().replace("\"version\" : 1", "\"version\" : 4"),
            "written by a newer spark-rbf (format version 4); this one reads versions up to 3"),
        Arguments.of(golden().replace("\"version\" : 1", "\"version\" : 3"),
            "missing object \"projection\" (a version 3 model has one)"),
        Arguments.of(golden().replace("\"version\" : 1", "\"version\" : 0"), "unknown format version 0"),
        Arguments.of(golden().replace("\"version\" : 1", "\"version\" : 2"), "\"classes\"[0] is not a string: -1.0"),
        Arguments.of(golden().replace("[ -1.0, 0.5, 7.0 ]", "[ \"a\", \"b\", \"c\" ]"),
            "\"classes\"[0] is not a finite number: \"a\""),
        Arguments.of(golden().replace("\"version\" : 1", "\"version\" : 2").replace("[ -1.0, 0.5, 7.0 ]",
            "[ \"a\", \"c\", \"b\" ]"), "\"classes\" must be strictly increasing"),
        Arguments.of(golden().replace("\"version\" : 1", "\"version\" : 2").replace("[ -1.0, 0.5, 7.0 ]",
            "[ \"a\", \"b\" ]"), "\"classes\" has 2 values, expected 3"),
        Arguments.of(golden().replace("\"numClasses\" : 3", "\"numClasses\" : 4"), "\"classes\" has 3 values, expected 4"),
        Arguments.of(golden().replace("\"betas\" : [ 0.5, 2.0 ]", "\"betas\" : [ 0.5, -2.0 ]"), "\"betas\"[1] is -2.0"),
        Arguments.of(golden().replace("[ 0.1, -0.2 ]", "[ 0.1 ]"), "\"centers[0]\" has 1 values, expected 2"),
        Arguments.of(golden().replace("[ 0.1, -0.2 ]", "[ 0.1, NaN ]"), "not valid JSON"),
        Arguments.of(golden().replace("[ 0.1, -0.2 ]", "[ 0.1, \"x\" ]"), "\"centers[0]\"[1] is not a finite number"),
        Arguments.of(golden().replace("[ -1.0, 0.5, 7.0 ]", "[ -1.0, 7.0, 0.5 ]"), "strictly increasing"),
        Arguments.of(golden().replace("\"std\" : [ 0.25, 4.0 ]", "\"std\" : [ 0.0, 4.0 ]"), "\"standardization.std\"[0] is 0.0"),
        Arguments.of(golden().replace("\"weights\" :", "\"weightz\" :"), "missing array \"weights\""),
        Arguments.of(golden().replace("\"numFeatures\" : 2", "\"numFeatures\" : 0"), "\"numFeatures\" must be an integer >= 1"));
  }

  /** A model of 5 raw features projected onto 2 components, its 4 centers of 2 values. */
  static RbfModel projectedModel(LabelIndex classes) {
    RbfModel raw = randomModel(7, true);
    RbfShape shape = new RbfShape(2, 4, 3);
    double[] v = new double[shape.size()];
    Random rnd = new Random(8);
    for (int i = 0; i < v.length; i++) {
      v[i] = i >= shape.betasOffset() && i < shape.betasOffset() + 4 ? 0.5 + rnd.nextDouble() : rnd.nextGaussian();
    }
    Projection projection = new Projection(new double[] {0.1, -0.2, 0.3, 1.0 / 3, 0},
        new double[][] {{0.6, 0.8, 0, 0, 0}, {0, 0, 0.1 + 0.2, -0.7, Double.MIN_VALUE}}, new double[] {0.5, 0.25});
    return new RbfModel(classes, raw.standardization(), projection, new RbfParameters(shape, v), raw.provenance());
  }

  @Test
  void projectedModelsRoundTripBitExactInVersionThree() throws IOException {
    for (LabelIndex classes : List.of(new LabelIndex(new double[] {-2, 0.5, 3}),
        LabelIndex.named(List.of("a", "b", "c")))) {
      RbfModel model = projectedModel(classes);
      String json = ModelFile.toJson(model);
      JsonNode root = new ObjectMapper().readTree(json);

      RbfModel back = ModelFile.fromJson(json, "p.json");

      assertEquals(3, root.get("version").asInt());
      assertEquals(5, root.get("numFeatures").asInt(), "the raw width users feed");
      assertEquals(2, root.get("centers").get(0).size(), "centers live in the projected space");
      assertEquals(model.projection(), back.projection());
      assertEquals(model.labels(), back.labels());
      assertEquals(model.standardization(), back.standardization());
      assertEquals(5, back.numFeatures());
      assertEquals(2, back.shape().numFeatures());
      assertArrayEquals(model.parameters().values(), back.parameters().values(), 0.0);
      assertEquals(json, ModelFile.toJson(back));
    }
  }

  @Test
  void theProjectionComesBetweenTheScalingAndTheCenters() throws IOException {
    JsonNode root = new ObjectMapper().readTree(ModelFile.toJson(projectedModel(new LabelIndex(new double[] {0, 1,
        2}))));
    List<String> names = new ArrayList<>();
    root.fieldNames().forEachRemaining(names::add);
    assertEquals(List.of("format", "version", "numFeatures", "numCenters", "numClasses", "classes", "standardization",
        "projection", "centers", "betas", "weights", "provenance"), names);
  }

  static Stream<Arguments> damagedProjections() {
    return Stream.of(
        Arguments.of("\"mean\" : [ 0.1, -0.2, 0.3, 0.3333333333333333, 0.0 ]", "\"mean\" : [ 0.1, -0.2 ]",
            "\"projection.mean\" has 2 values, expected 5"),
        Arguments.of("[ 0.6, 0.8, 0.0, 0.0, 0.0 ]", "[ 0.6, 0.8, \"x\", 0.0, 0.0 ]",
            "\"projection.components[0]\"[2] is not a finite number"),
        Arguments.of("[ 0.6, 0.8, 0.0, 0.0, 0.0 ]", "[ 0.6, 0.8, 0.0 ]",
            "\"projection.components[0]\" has 3 values, expected 5"),
        Arguments.of("\"explainedVariance\" : [ 0.5, 0.25 ]", "\"explainedVariance\" : [ 0.5, 1.25 ]",
            "\"projection.explainedVariance\"[1] is 1.25; a share must be in [0, 1]"),
        Arguments.of("\"explainedVariance\" : [ 0.5, 0.25 ]", "\"explainedVariance\" : [ 0.5 ]",
            "\"projection.explainedVariance\" has 1 values, expected 2"),
        Arguments.of("\"components\" : [", "\"components\" : [ ], \"x\" : [",
            "\"projection.components\" must be an array of 1 to 5 components of 5 values"),
        Arguments.of("\"projection\" : {", "\"projectionz\" : {", "missing object \"projection\""));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("damagedProjections")
  void damagedProjectionsAreRefusedNamingTheField(String field, String damaged, String problem) {
    String json = ModelFile.toJson(projectedModel(new LabelIndex(new double[] {0, 1, 2})));
    assertTrue(json.contains(field), field);
    ModelFormatException e = assertThrows(ModelFormatException.class,
        () -> ModelFile.fromJson(json.replace(field, damaged), "m.json"));
    assertTrue(e.getMessage().startsWith("m.json: ") && e.getMessage().contains(problem), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("damagedFiles")
  void damagedFilesAreRefusedWithTheProblemNamed(String json, String problem) {
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.fromJson(json, "m.json"));
    assertTrue(e.getMessage().startsWith("m.json: "), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  void missingFileIsAClearError() {
    IOException e = assertThrows(IOException.class,
        () -> ModelFile.read(dir.resolve("absent.json").toString(), new Configuration()));
    assertTrue(e.getMessage().endsWith("absent.json: no such model file"), e.getMessage());
  }

  @Test
  void unscaledModelWritesNullStandardization() throws IOException {
    JsonNode root = new ObjectMapper().readTree(ModelFile.toJson(randomModel(5, false)));
    assertTrue(root.get("standardization").isNull());
    assertNull(ModelFile.fromJson(ModelFile.toJson(randomModel(5, false)), "x").standardization());
  }

  private static String golden() {
    try {
      return Files.readString(Path.of("src/test/resources/models/golden-v1.json"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
