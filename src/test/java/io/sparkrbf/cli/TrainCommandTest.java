package io.sparkrbf.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.kernel.RbfShape;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.persist.ModelFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How train turns its flags into options, checked before Spark starts. */
class TrainCommandTest {
  private static final String IRIS = "src/test/resources/data/iris.train.libsvm";

  @TempDir
  Path dir;

  @Test
  void aCenterCountTheStartingModelCannotHaveIsAnInvalidOption() throws IOException {
    RbfShape shape = new RbfShape(4, 8, 3);
    double[] theta = new double[shape.size()];
    Arrays.fill(theta, shape.betasOffset(), shape.centersOffset(), 0.5);
    String model = dir.resolve("eight.json").toString();
    ModelFile.write(new RbfModel(new double[] {0, 1, 2}, null, new RbfParameters(shape, theta), Map.of()), model,
        false, new Configuration());

    CliRun run = CliRun.of("train", "--data", IRIS, "--init-model", model, "--centers", "16",
        "--model-out", dir.resolve("out.json").toString());

    assertEquals(RbfMain.USAGE, run.exitCode());
    assertEquals(List.of("error: --centers 16 conflicts with --init-model, whose network has 8 centers; leave "
        + "--centers out to continue training that network"), run.errorLines());
    assertTrue(org.apache.spark.SparkContext$.MODULE$.getActive().isEmpty(), "Spark never started");
  }

  @Test
  void aBadWordNamesTheWordsThatWork() {
    CliRun run = CliRun.of("train", "--data", IRIS, "--precision", "half");

    assertEquals(RbfMain.USAGE, run.exitCode());
    assertEquals(List.of("error: Invalid value for option '--precision': unknown precision 'half', expected double"
        + " or float (see: rbf train --help)"), run.errorLines());
  }

  @Test
  void aBadProjectionIsAnInvalidOptionNamingTheFormsThatWork() {
    CliRun zero = CliRun.of("train", "--data", IRIS, "--projection", "pca:0");
    CliRun share = CliRun.of("train", "--data", IRIS, "--projection", "pcaVariance:0");
    CliRun word = CliRun.of("train", "--data", IRIS, "--projection", "svd:3");

    assertEquals(RbfMain.USAGE, zero.exitCode());
    assertEquals("error: Invalid value for option '--projection': pca:k needs k >= 1 components, got 0 (see: rbf "
        + "train --help)\n", zero.err());
    assertEquals("", zero.out());
    assertEquals(RbfMain.USAGE, share.exitCode());
    assertEquals("error: Invalid value for option '--projection': pcaVariance:f needs a share f in (0, 1], got 0.0 "
        + "(see: rbf train --help)\n", share.err());
    assertEquals(RbfMain.USAGE, word.exitCode());
    assertEquals("error: Invalid value for option '--projection': unknown projection 'svd:3', expected none, pca:k "
        + "(k >= 1 components) or pcaVariance:f (the share f in (0, 1] of the variance to keep) (see: rbf train "
        + "--help)\n", word.err());
    assertTrue(org.apache.spark.SparkContext$.MODULE$.getActive().isEmpty(), "Spark never started");
  }

  @Test
  void aCsvSeparatorIsOneCharacterOrTabAndNotOneThatNumbersUse() {
    CliRun word = CliRun.of("train", "--data", IRIS, "--csv-separator", "semicolon");
    CliRun dot = CliRun.of("train", "--data", IRIS, "--csv-separator", ".");

    assertEquals(RbfMain.USAGE, word.exitCode());
    assertEquals("error: --csv-separator takes one character or tab, got 'semicolon'\n", word.err());
    assertEquals(RbfMain.USAGE, dot.exitCode());
    assertEquals("error: --csv-separator cannot be '.': give a character such as , ; | or tab\n", dot.err());
  }

  @Test
  void earlyStoppingNeedsValidationDataFromOnePlaceAndAFractionThatLeavesRowsToTrainOn() {
    String test = "src/test/resources/data/iris.test.libsvm";
    CliRun patienceAlone = CliRun.of("train", "--data", IRIS, "--early-stopping-patience", "5");
    CliRun both = CliRun.of("train", "--data", IRIS, "--validation", test, "--validation-fraction", "0.2");
    CliRun tooLarge = CliRun.of("train", "--data", IRIS, "--validation-fraction", "0.6");
    CliRun negative = CliRun.of("train", "--data", IRIS, "--validation-fraction", "-0.1");
    CliRun negativePatience = CliRun.of("train", "--data", IRIS, "--validation", test,
        "--early-stopping-patience", "-1");

    for (CliRun run : List.of(patienceAlone, both, tooLarge, negative, negativePatience)) {
      assertEquals(RbfMain.USAGE, run.exitCode(), run.err());
      assertEquals("", run.out());
    }
    assertEquals("error: --early-stopping-patience 5 watches the validation loss: give --validation PATH or "
        + "--validation-fraction f (Spark ML: validationIndicatorCol)\n", patienceAlone.err());
    assertEquals("error: --validation and --validation-fraction both choose the validation data: give one\n",
        both.err());
    assertEquals("error: --validation-fraction must be in (0, 0.5] (0: none), got 0.6\n", tooLarge.err());
    assertEquals("error: --validation-fraction must be in (0, 0.5] (0: none), got -0.1\n", negative.err());
    assertEquals("error: --early-stopping-patience must be >= 0, got -1\n", negativePatience.err());
    assertTrue(org.apache.spark.SparkContext$.MODULE$.getActive().isEmpty(), "Spark never started");
  }
}
