package io.sparkrbf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.model.RbfModel;
import io.sparkrbf.persist.ModelFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code train --weight-col} and {@code --class-weight} as a user runs them: weights of 2 on
 * every row train the same model as no weights; a bad weight is one error line naming the file,
 * the line and the token, with exit code 1 and nothing written; options that cannot work exit 2.
 */
class WeightOptionsIT {
  private static final String SPARK = "--master local[2] --conf spark.ui.port=0";

  @TempDir
  Path dir;

  /** 120 rows of three classes in two features, with a weight column of {@code weight} when not null. */
  private Path csv(String name, String weight) throws IOException {
    Random rnd = new Random(5);
    StringBuilder s = new StringBuilder(weight == null ? "label,x,y\n" : "label,w,x,y\n");
    for (int i = 0; i < 120; i++) {
      int c = i % 3;
      s.append(c).append(',');
      if (weight != null) {
        s.append(weight).append(',');
      }
      s.append(c + rnd.nextGaussian() * 0.7).append(',').append(c % 2 * 2 + rnd.nextGaussian() * 0.7).append('\n');
    }
    Path p = dir.resolve(name);
    Files.writeString(p, s.toString(), StandardCharsets.UTF_8);
    return p;
  }

  private CliRun train(String options) {
    return CliRun.of((options + " --epochs 15 --seed 3 --quiet " + SPARK).trim().split(" +"));
  }

  @Test
  void weightsOfTwoOnEveryRowTrainTheSameModelAsNoWeights() throws IOException {
    Path weighted = csv("weighted.csv", "2");
    Path plain = csv("plain.csv", null);
    Path a = dir.resolve("a.json");
    Path b = dir.resolve("b.json");

    CliRun withWeights = train("train --centers 6 --data " + weighted + " --weight-col w --model-out " + a);
    CliRun without = train("train --centers 6 --data " + plain + " --model-out " + b);

    assertEquals(0, withWeights.exitCode(), withWeights.err());
    assertEquals(0, without.exitCode(), without.err());
    RbfModel ma = ModelFile.read(a.toString(), new Configuration());
    RbfModel mb = ModelFile.read(b.toString(), new Configuration());
    assertClose(mb.standardization().mean(), ma.standardization().mean(), "scaling mean");
    assertClose(mb.standardization().std(), ma.standardization().std(), "scaling std");
    assertClose(mb.parameters().values(), ma.parameters().values(), "parameters");
  }

  @ParameterizedTest
  @CsvSource({"-1, weight must be >= 0", "NaN, weight must be a finite number", "Infinity, weight must be a finite number",
      "heavy, weight is not a number"})
  void aBadWeightIsOneErrorNamingFileLineAndTokenAndWritesNothing(String token, String problem) throws IOException {
    Path data = dir.resolve("bad.csv");
    Files.writeString(data, "label,w,x\n0,1,0.5\n1," + token + ",0.7\n0,1,0.1\n1,1,0.9\n");
    Path model = dir.resolve("model.json");

    CliRun run = train("train --data " + data + " --weight-col w --model-out " + model);

    assertEquals(1, run.exitCode(), run.err());
    assertEquals(List.of("error: " + data + ":3: " + problem + " (token '" + token + "')"),
        run.errorLines().stream().map(l -> l.replace("file:", "")).toList());
    assertEquals(List.of("bad.csv"), listing());
  }

  @Test
  void everyWeightZeroIsRefused() throws IOException {
    Path data = dir.resolve("zero.csv");
    Files.writeString(data, "label,w,x\n0,0,0.5\n1,0,0.7\n0,0,0.1\n1,0,0.9\n");

    CliRun run = train("train --data " + data + " --weight-col w --model-out " + dir.resolve("model.json"));

    assertEquals(1, run.exitCode(), run.err());
    assertEquals(List.of("error: " + data + ": every instance weight is 0: nothing to train on"),
        run.errorLines().stream().map(l -> l.replace("file:", "")).toList());
    assertEquals(List.of("zero.csv"), listing());
  }

  @Test
  void libsvmHasNoWeightColumn() throws IOException {
    Path data = dir.resolve("ok.libsvm");
    Files.writeString(data, "0 1:1\n1 1:2\n");

    CliRun run = train("train --data " + data + " --weight-col w --model-out " + dir.resolve("model.json"));

    assertEquals(2, run.exitCode(), run.err());
    assertEquals(List.of("error: --weight-col names a CSV or Parquet column, but " + data + " is read as LIBSVM, "
        + "which has no columns (give --format csv or parquet if it is one of those)"), run.errorLines());
    assertEquals(List.of("ok.libsvm"), listing());
  }

  @Test
  void aClassWeightForALabelTheDataLacksIsRefusedNamingIt() throws IOException {
    Path data = csv("plain.csv", null);

    CliRun run = train("train --data " + data + " --class-weight 0:1,7:3 --model-out " + dir.resolve("model.json"));

    assertEquals(2, run.exitCode(), run.err());
    assertEquals(List.of("error: --class-weight names class 7, which is not a class of the training data; the "
        + "classes are [0, 1, 2]"), run.errorLines());
    assertEquals(List.of("plain.csv"), listing());
  }

  @Test
  void aClassWeightThatIsNotPositiveIsAnOptionError() throws IOException {
    Path data = csv("plain.csv", null);

    CliRun run = train("train --data " + data + " --class-weight 0:0 --model-out " + dir.resolve("model.json"));

    assertEquals(2, run.exitCode(), run.err());
    assertEquals(List.of("error: --class-weight weights must be finite numbers > 0, got '0' in 0:0"),
        run.errorLines());
  }

  @Test
  void aReportOnTrainingRowsOfFractionalWeightsIsRefusedBeforeTraining() throws IOException {
    Path data = csv("plain.csv", null);

    CliRun run = train("train --centers 3 --data " + data + " --class-weight 0:1.5 --report " + dir.resolve("report")
        + " --model-out " + dir.resolve("model.json"));

    assertEquals(2, run.exitCode(), run.err());
    assertEquals(List.of("error: the report scores the final model on the training rows, whose confusion matrix "
        + "counts whole rows, but their weights are fractional (--class-weight 0:1.5): give --test data to score it "
        + "on"), run.errorLines());
    assertEquals(List.of("plain.csv"), listing());
  }

  private List<String> listing() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static void assertClose(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertTrue(Math.abs(expected[i] - actual[i]) <= 1e-9 * Math.max(1, Math.abs(expected[i])),
          what + "[" + i + "]: " + expected[i] + " vs " + actual[i]);
    }
  }
}
