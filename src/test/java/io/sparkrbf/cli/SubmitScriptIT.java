package io.sparkrbf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code submit/rbf} hands a cluster run to {@code $SPARK_HOME/bin/spark-submit} only when
 * that installation is the Spark and Scala the jar was built for. A fake SPARK_HOME stands
 * in: its spark-submit only prints how it was called. Run embedded, the JVM's incubator-module
 * warning never reaches the console.
 */
class SubmitScriptIT {
  @TempDir
  Path home;

  private record Result(int exitCode, String out, String err) {
  }

  private Result submit(String sparkCoreJar) throws IOException, InterruptedException {
    Files.createDirectories(home.resolve("jars"));
    Files.createFile(home.resolve("jars").resolve(sparkCoreJar));
    Path bin = Files.createDirectories(home.resolve("bin"));
    Path sparkSubmit = Files.writeString(bin.resolve("spark-submit"), "#!/bin/sh\necho \"spark-submit $*\"\n");
    Files.setPosixFilePermissions(sparkSubmit, PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessBuilder pb = new ProcessBuilder("submit/rbf", "train", "--master", "spark://127.0.0.1:7077", "--data",
        "data/pendigits/pendigits.train.libsvm");
    pb.environment().put("SPARK_HOME", home.toString());
    Path out = home.resolve("out.txt");
    Path err = home.resolve("err.txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "submit/rbf finished");
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** The spark-core jar this build runs on, e.g. spark-core_2.13-4.1.0 (CI builds Spark 4.1 and 3.5). */
  private static String builtSparkCore() throws IOException {
    return Files.readString(Path.of("target/runtime-classpath.txt"))
        .replaceAll("(?s).*(spark-core_[0-9.]+-[0-9][0-9.]*)\\.jar.*", "$1");
  }

  @Test
  void anotherSparkVersionIsRefusedBeforeSparkSubmitRuns() throws Exception {
    boolean builtFor213 = builtSparkCore().startsWith("spark-core_2.13-");
    String other = builtFor213 ? "Spark 3.5.1 for Scala 2.12" : "Spark 4.1.0 for Scala 2.13";

    Result r = submit(builtFor213 ? "spark-core_2.12-3.5.1.jar" : "spark-core_2.13-4.1.0.jar");

    assertEquals(2, r.exitCode(), r.err());
    assertEquals("", r.out(), "spark-submit was not called");
    assertTrue(r.err().contains("error: SPARK_HOME " + home + " is " + other + ", but this build is for Spark "),
        r.err());
  }

  @Test
  void theMatchingSparkGetsTheJob() throws Exception {
    Result r = submit(builtSparkCore() + ".jar");

    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().startsWith("spark-submit --master spark://127.0.0.1:7077 --class io.sparkrbf.cli.RbfMain"),
        r.out());
    assertTrue(r.out().contains(" train --master spark://127.0.0.1:7077 --data "), r.out());
  }

  private Result embedded(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("submit/rbf"));
    command.addAll(List.of(args));
    Path out = home.resolve("out.txt");
    Path err = home.resolve("err.txt");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "submit/rbf finished");
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void noCommandShowsTheJvmsModuleWarning() throws Exception {
    Result version = embedded("-V");
    Result bare = embedded();
    Result missing = embedded("train", "--data", home.resolve("nosuch.libsvm").toString());

    assertEquals(new Result(0, "spark-rbf " + io.sparkrbf.model.Versions.sparkRbf() + "\n", ""), version);
    assertEquals(0, bare.exitCode(), bare.err());
    assertTrue(bare.out().startsWith("Usage: rbf [-hV] COMMAND\n"), bare.out());
    assertEquals("", bare.err());
    assertEquals(new Result(RbfMain.USAGE, "", "error: --data " + home.resolve("nosuch.libsvm")
        + ": no such file or directory\n"), missing, "the whole console, the error line written before the exit");
  }

  /**
   * {@code > run.log 2>&1}, the usual way to keep a run's console: the log lines (stderr) and the
   * progress lines (stdout) all reach the one file, none written over by the other.
   */
  @Test
  void stdoutAndStderrToOneFileKeepEveryLine() throws Exception {
    Path log = home.resolve("run.log");
    Process p = new ProcessBuilder("bash", "-c", "submit/rbf train --data data/pendigits/pendigits.train.libsvm "
        + "--centers 8 --epochs 3 --model-out '" + home.resolve("m.json") + "' > '" + log + "' 2>&1").start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "submit/rbf finished");

    String console = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), console);
    assertTrue(console.contains(" INFO  TrainJob: training data/pendigits/pendigits.train.libsvm on 7494 rows"),
        console);
    for (int epoch = 1; epoch <= 3; epoch++) {
      assertTrue(console.contains("epoch " + epoch + "/3  loss "), console);
    }
    assertTrue(console.contains("model written to " + home.resolve("m.json")), console);
  }
}
