package io.sparkrbf.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The Spark ML defaults are the command line's (conf/rbf.properties), so both train the same model. */
class RbfClassifierDefaultsTest {

  @Test
  void defaultsAreThoseOfConfRbfProperties() throws IOException {
    Properties conf = new Properties();
    try (Reader r = Files.newBufferedReader(Path.of("conf/rbf.properties"))) {
      conf.load(r);
    }
    // lbfgs so the map has the tolerance too; the default optimizer is compared on its own
    Map<String, Object> config = new RbfClassifier().setOptimizer("lbfgs").trainOptions().toMap();
    config.put("optimizer", new RbfClassifier().getOptimizer());
    Map<String, String> keys = Map.ofEntries(
        Map.entry("centers", "centers"), Map.entry("epochs", "epochs"), Map.entry("optimizer", "optimizer"),
        Map.entry("learningRate", "learning-rate"), Map.entry("schedule", "lr-schedule"),
        Map.entry("trainCenters", "train-centers"), Map.entry("scaling", "standardize"), Map.entry("init", "init"),
        Map.entry("initWeights", "init-weights"), Map.entry("seed", "seed"), Map.entry("l2", "l2"),
        Map.entry("labelSmoothing", "label-smoothing"), Map.entry("blockRows", "block-rows"),
        Map.entry("precision", "precision"), Map.entry("batchFraction", "batch-fraction"),
        Map.entry("kmeansIterations", "kmeans-iterations"), Map.entry("kmeansSampleRows", "kmeans-sample-rows"),
        Map.entry("aggregationDepth", "aggregation-depth"), Map.entry("tolerance", "tol"));
    assertEquals(keys.keySet(), config.keySet(), "every option is compared");
    keys.forEach((field, option) -> assertEquals(normalized(conf.getProperty(option)),
        normalized(String.valueOf(config.get(field))), option));
  }

  /** Numbers in one spelling ("1" and "1.0" alike); names and booleans as written. */
  private static String normalized(String value) {
    try {
      return Double.toString(Double.parseDouble(value.trim()));
    } catch (NumberFormatException e) {
      return value.trim();
    }
  }
}
