package io.sparkrbf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.export.OnnxRuntimeScorer;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What {@code mvn install} publishes, as the build leaves it in {@code target/}:
 * <ul>
 *   <li>the library jar (the main artifact, for {@code --jars}, {@code --packages} and Maven builds)
 *       carries the ONNX protobuf classes and protobuf-java relocated and no picocli: in a class
 *       loader with only Spark's jars (no Tribuo, no protobuf-java, no picocli) it reads a model
 *       through the Spark ML API and exports it, and ONNX Runtime scores the golden predictions
 *       from that export;
 *   <li>the application jar (classifier {@code app}) adds picocli, relocated, and names the main class;
 *   <li>the installed pom names the artifact {@code spark-rbf_<Scala version of the Spark built
 *       against>}, has no profiles, and keeps Tribuo and protobuf-java out of users' builds.
 * </ul>
 */
class BuildArtifactsIT {
  private static final Pattern SPARK_CORE = Pattern.compile("spark-core_([0-9.]+)-[0-9][0-9.]*\\.jar");

  private static String scalaVersion() throws IOException {
    Matcher m = SPARK_CORE.matcher(Files.readString(Path.of("target/runtime-classpath.txt")));
    assertTrue(m.find(), "spark-core on the runtime class path");
    return m.group(1);
  }

  private static Path jar(String suffix) throws IOException {
    String name = "spark-rbf_" + scalaVersion() + "-[^-]+(-SNAPSHOT)?" + Pattern.quote(suffix);
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      List<Path> found = files.filter(f -> f.getFileName().toString().matches(name)).toList();
      assertEquals(1, found.size(), "one " + name + " in target/: " + found);
      return found.get(0);
    }
  }

  private static List<String> classes(Path jar) throws IOException {
    try (JarFile j = new JarFile(jar.toFile())) {
      return j.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")).toList();
    }
  }

  @Test
  void theLibraryJarExportsWithSparksJarsAlone() throws Exception {
    Path library = jar(".jar");
    List<String> inside = classes(library);
    assertTrue(inside.contains("io/sparkrbf/shaded/onnx/OnnxMl$ModelProto.class"), "relocated ONNX classes");
    assertTrue(inside.contains("io/sparkrbf/shaded/protobuf/ByteString.class"), "relocated protobuf");
    for (String foreign : List.of("com/google/", "ai/onnx/", "org/tribuo/", "picocli/", "io/sparkrbf/shaded/picocli/")) {
      assertFalse(inside.stream().anyMatch(n -> n.startsWith(foreign)), "no " + foreign + " classes");
    }

    List<URL> path = new ArrayList<>(List.of(library.toUri().toURL()));
    for (String entry : Files.readString(Path.of("target/runtime-classpath.txt")).trim().split(":")) {
      if (!entry.contains("/org/tribuo/") && !entry.contains("/com/google/protobuf/")
          && !entry.contains("/info/picocli/")) {
        path.add(Path.of(entry).toUri().toURL());
      }
    }
    byte[] onnx;
    ClassLoader testLoader = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader spark = new URLClassLoader(path.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      Thread.currentThread().setContextClassLoader(spark); // Hadoop loads its classes through it
      Class<?> configuration = spark.loadClass("org.apache.hadoop.conf.Configuration");
      Class<?> model = spark.loadClass("io.sparkrbf.ml.RbfClassificationModel");
      Object read = model.getMethod("importModel", String.class, configuration)
          .invoke(null, "src/test/resources/models/golden-v1-iris.json", configuration.getConstructor().newInstance());
      onnx = (byte[]) model.getMethod("toOnnx").invoke(read);
    } finally {
      Thread.currentThread().setContextClassLoader(testLoader);
    }

    List<String> golden = Files.readAllLines(Path.of("src/test/resources/models/golden-v1-iris.predictions.csv"));
    List<String> test = Files.readAllLines(Path.of("src/test/resources/data/iris.test.libsvm"));
    double[][] rows = new double[test.size()][4];
    for (int i = 0; i < rows.length; i++) {
      String[] tokens = test.get(i).trim().split("\\s+");
      for (int t = 1; t < tokens.length; t++) {
        String[] pair = tokens[t].split(":");
        rows[i][Integer.parseInt(pair[0]) - 1] = Double.parseDouble(pair[1]);
      }
    }
    try (OnnxRuntimeScorer scorer = new OnnxRuntimeScorer(onnx)) {
      OnnxRuntimeScorer.Scored scored = scorer.score(rows);
      assertEquals(rows.length + 1, golden.size());
      for (int i = 0; i < rows.length; i++) {
        double[] expected = Arrays.stream(golden.get(i + 1).split(",")).mapToDouble(Double::parseDouble).toArray();
        assertEquals((long) expected[0], ((long[]) scored.labels())[i], "row " + i);
        for (int c = 0; c < 3; c++) {
          assertEquals(expected[c + 1], scored.probabilities()[i][c], 1e-6, "row " + i + ", class " + c);
        }
      }
    }
  }

  @Test
  void theApplicationJarCarriesTheCommandLine() throws IOException {
    Path app = jar("-app.jar");
    List<String> inside = classes(app);
    assertTrue(inside.contains("io/sparkrbf/shaded/picocli/CommandLine.class"), "relocated picocli");
    assertTrue(inside.contains("io/sparkrbf/shaded/onnx/OnnxMl$ModelProto.class"), "the library jar's classes");
    assertFalse(inside.stream().anyMatch(n -> n.startsWith("picocli/") || n.startsWith("com/google/")
        || n.startsWith("org/apache/spark/") || n.startsWith("scala/")), "nothing unrelocated, no Spark, no Scala");
    try (JarFile j = new JarFile(app.toFile())) {
      assertEquals("io.sparkrbf.cli.RbfMain", j.getManifest().getMainAttributes().getValue("Main-Class"));
    }
  }

  @Test
  void theInstalledPomNamesTheScalaVersion() throws IOException {
    String pom = Files.readString(Path.of(".flattened-pom.xml"));
    String scala = scalaVersion();
    assertTrue(pom.contains("<artifactId>spark-rbf_" + scala + "</artifactId>"), pom);
    assertTrue(pom.contains("<artifactId>spark-mllib_" + scala + "</artifactId>"), pom);
    assertFalse(pom.contains("${") || pom.contains("<profiles>"), "resolved, no profiles: " + pom);
    Matcher tribuo = Pattern.compile("<artifactId>(tribuo-util-onnx|protobuf-java)</artifactId>(?s:.*?)</dependency>")
        .matcher(pom);
    int optional = 0;
    while (tribuo.find()) {
      assertTrue(tribuo.group().contains("<optional>true</optional>"), tribuo.group());
      optional++;
    }
    assertEquals(2, optional, "Tribuo and protobuf-java, inside the jar, are optional for users");
  }
}
