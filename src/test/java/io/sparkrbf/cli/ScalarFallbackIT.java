package io.sparkrbf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.model.RbfModel;
import io.sparkrbf.persist.ModelFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM without {@code jdk.incubator.vector} (spark-submit on a cluster without the flag)
 * trains with the scalar element-wise passes, says so once with what turns the vector ones
 * on, and writes the model the vector passes write in this JVM to within rounding.
 */
class ScalarFallbackIT {
  private static final String MODULE_FLAG = "--add-modules=jdk.incubator.vector";

  @Test
  void withoutTheModuleTrainingFallsBackToScalarPassesAndSaysSo(@TempDir Path dir) throws Exception {
    String[] train = {"train", "--data", "data/pendigits/pendigits.train.libsvm", "--centers", "24", "--epochs", "6",
        "--init", "random", "--conf", "spark.ui.enabled=false", "--master", "local[2]"};
    Path scalarModel = dir.resolve("scalar.json");
    Path vectorModel = dir.resolve("vector.json");

    Process child = new ProcessBuilder(childCommand(train, scalarModel)).redirectErrorStream(true).start();
    String console = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(3, TimeUnit.MINUTES), console);
    assertEquals(0, child.exitValue(), console);
    List<String> choices = console.lines().filter(l -> l.contains("element-wise passes in use")).toList();
    assertEquals(1, choices.size(), console);
    assertTrue(choices.get(0).contains("scalar (Math.exp): jdk.incubator.vector is not in this JVM; add "
        + MODULE_FLAG), choices.get(0));

    CliRun vector = CliRun.of(withModelOut(train, vectorModel));
    assertEquals(0, vector.exitCode(), vector.err());

    RbfModel scalar = ModelFile.read(scalarModel.toString(), new Configuration());
    RbfModel vectorPasses = ModelFile.read(vectorModel.toString(), new Configuration());
    double[] a = scalar.parameters().values();
    double[] b = vectorPasses.parameters().values();
    assertEquals(a.length, b.length);
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], 1e-9 * (1 + Math.abs(a[i])), "parameter " + i);
    }
  }

  private static String[] withModelOut(String[] args, Path model) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--model-out");
    all.add(model.toString());
    return all.toArray(String[]::new);
  }

  /** This test JVM's classpath and the project's JVM options, less the vector module. */
  private static List<String> childCommand(String[] args, Path model) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String line : Files.readAllLines(Path.of("conf/jvm.properties"))) {
      if (line.startsWith("jvm.options=")) {
        for (String option : line.substring("jvm.options=".length()).trim().split("\\s+")) {
          if (!option.equals(MODULE_FLAG)) {
            command.add(option);
          }
        }
      }
    }
    command.add("-Dlog4j2.configurationFile=conf/log4j2.properties");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(RbfMain.class.getName());
    command.addAll(List.of(withModelOut(args, model)));
    return command;
  }
}
