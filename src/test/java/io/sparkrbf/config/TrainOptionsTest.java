package io.sparkrbf.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.kernel.Precision;
import io.sparkrbf.optim.OptimizerKind;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TrainOptionsTest {

  @Test
  void defaultsAreTheBundledConfRbfProperties() throws IOException {
    Properties conf = new Properties();
    try (Reader r = Files.newBufferedReader(Path.of("conf/rbf.properties"))) {
      conf.load(r);
    }
    TrainOptions fromFile = TrainOptions.builder(conf).build();

    assertEquals(fromFile, TrainOptions.DEFAULTS);
    assertEquals(256, TrainOptions.DEFAULTS.centers());
    assertEquals(OptimizerKind.ADAM, TrainOptions.DEFAULTS.optimizer());
    assertFalse(TrainOptions.DEFAULTS.centersGiven(), "a default is not the user's choice");
  }

  @Test
  void theDefaultCenterCountFitsSmallDataAndAGivenOneMustFit() {
    assertEquals(75, TrainOptions.DEFAULTS.fittedTo(150).centers(), "half of 150 rows");
    assertFalse(TrainOptions.DEFAULTS.fittedTo(150).centersGiven());
    assertEquals(1, TrainOptions.DEFAULTS.fittedTo(1).centers());
    assertEquals(256, TrainOptions.DEFAULTS.fittedTo(512).centers(), "the default fits 512 rows");
    assertEquals(256, TrainOptions.DEFAULTS.fittedTo(10_000).centers());
    TrainOptions given = TrainOptions.defaults().centers(100).build();
    assertEquals(100, given.fittedTo(150).centers(), "a given count that fits is the user's");
    OptionException tooMany = assertThrows(OptionException.class, () -> given.fittedTo(99));
    assertEquals("--centers 100 is more than the 99 training rows; use --centers 99 or fewer", tooMany.getMessage());
  }

  @Test
  void theLoggedFlagsGiveTheSameOptionsBack() {
    TrainOptions options = TrainOptions.defaults().centers(12).optimizer(OptimizerKind.LBFGS).precision(Precision.FLOAT)
        .init(InitMode.KMEANS_RANDOM).l2(0.25).tolerance(1e-9).seed(-7).classWeights("a:2,3:0.5").build();
    Properties flags = new Properties();
    String[] words = options.toFlags().split(" ");
    for (int i = 0; i < words.length; i += 2) {
      assertTrue(words[i].startsWith("--"), words[i]);
      flags.setProperty(words[i].substring(2), words[i + 1]);
    }

    TrainOptions back = TrainOptions.builder(flags).build();

    assertEquals(options.toMap(), back.toMap());
    assertTrue(options.toFlags().startsWith("--centers 12 --epochs 300 --optimizer lbfgs"), options.toFlags());
  }

  @Test
  void onlyAnExplicitCenterCountIsTheUsersChoice() {
    Properties file = new Properties();
    file.setProperty("centers", "64");

    assertFalse(TrainOptions.builder(file).build().centersGiven());
    assertEquals(64, TrainOptions.builder(file).build().centers());
    assertTrue(TrainOptions.defaults().centers(64).build().centersGiven());
    assertEquals(8, TrainOptions.defaults().centers(64).build().withCenters(8).centers());
  }

  @Test
  void aBadPropertyNamesItsKey() {
    Properties file = new Properties();
    file.setProperty("precision", "half");

    OptionException e = assertThrows(OptionException.class, () -> TrainOptions.builder(file));

    assertEquals("precision=half: unknown precision 'half', expected double or float", e.getMessage());
  }

  @Test
  void lbfgsRefusesMiniBatchesWithOneClearLine() {
    OptionException e = assertThrows(OptionException.class,
        () -> TrainOptions.defaults().optimizer(OptimizerKind.LBFGS).batchFraction(0.5).build());

    assertEquals("--optimizer lbfgs is full-batch: --batch-fraction must be 1, got 0.5", e.getMessage());
    assertEquals(0.5, TrainOptions.defaults().batchFraction(0.5).build().batchFraction(),
        "the step rules still take mini-batches");
  }

  @Test
  void everyRangeIsCheckedNamingTheFlag() {
    assertEquals("--centers must be >= 1, got 0",
        assertThrows(OptionException.class, () -> TrainOptions.defaults().centers(0).build()).getMessage());
    assertEquals("--learning-rate must be a positive number, got NaN",
        assertThrows(OptionException.class, () -> TrainOptions.defaults().learningRate(Double.NaN).build())
            .getMessage());
    assertEquals("--label-smoothing must be in [0, 1), got 1.0",
        assertThrows(OptionException.class, () -> TrainOptions.defaults().labelSmoothing(1).build()).getMessage());
    assertThrows(OptionException.class, () -> TrainOptions.defaults().tolerance(0).build());
    assertThrows(OptionException.class, () -> TrainOptions.defaults().l2(-1).build());
    assertEquals("--aggregation-depth must be >= 0, got -1",
        assertThrows(OptionException.class, () -> TrainOptions.defaults().aggregationDepth(-1).build()).getMessage());
    assertEquals(0, TrainOptions.DEFAULTS.aggregationDepth(), "chosen from the partitions and the result size");
  }

  @Test
  void toleranceIsRecordedOnlyForLbfgs() {
    assertEquals(1e-6, TrainOptions.defaults().optimizer(OptimizerKind.LBFGS).build().toMap().get("tolerance"));
    assertFalse(TrainOptions.DEFAULTS.toMap().containsKey("tolerance"),
        "checkpoints of step-rule runs from before --tol keep their fingerprint");
  }

  @Test
  void unknownNamesListTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OptimizerKind.parse("newton"));
    assertTrue(e.getMessage().contains("[gd, momentum, adam, lbfgs]"), e.getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> InitMode.parse("kmeans++")).getMessage()
        .contains("[kmeans, kmeans-random, random, kmeans-per-class]"));
  }
}
