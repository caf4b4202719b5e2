package io.sparkrbf.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sum;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrbf.LocalSpark;
import io.sparkrbf.config.OptionException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Early stopping in the Spark ML API, by Spark's convention: the rows a boolean {@code validationIndicatorCol}
 * marks are validation data, not trained on; the fitted model is the epoch with the lowest validation loss (bit
 * for bit the model of a fit with {@code maxIter} at that epoch), with the step rules and with L-BFGS, and its
 * provenance names the epoch.
 */
class EarlyStoppingMlIT extends LocalSpark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private Dataset<Row> iris;

  @BeforeAll
  void readIris() {
    SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
    // every fourth line of the file is validation data: a column of the data, whatever its partitioning
    iris = spark.read().format("libsvm").option("numFeatures", 4).load("src/test/resources/data/iris.train.libsvm")
        .repartition(1).withColumn("isVal", pmod(monotonically_increasing_id(), lit(4)).equalTo(0)).cache();
  }

  private static RbfClassifier classifier(String optimizer) {
    return new RbfClassifier().setNumCenters(30).setStepSize(0.2).setOptimizer(optimizer).setInitMode("kmeans-random")
        .setValidationIndicatorCol("isVal");
  }

  @ParameterizedTest
  @ValueSource(strings = {"adam", "lbfgs"})
  void theFittedModelIsTheEpochWithTheLowestValidationLoss(String optimizer) {
    RbfClassificationModel stopped = classifier(optimizer).setMaxIter(60).setEarlyStoppingPatience(4).fit(iris);

    JsonNode provenance = JSON.valueToTree(stopped.rbfModel().provenance());
    JsonNode selection = provenance.get("modelSelection");
    int kept = selection.get("keptEpoch").asInt();
    assertTrue(kept >= 1 && kept <= selection.get("lastEpoch").asInt(), selection.toString());
    long validationRows = iris.agg(sum(col("isVal").cast("long"))).head().getLong(0);
    assertEquals(validationRows, provenance.get("data").get("validationRows").asLong());
    assertEquals(iris.count() - validationRows, provenance.get("data").get("trainRows").asLong(),
        "the validation rows are held out of training");

    RbfClassificationModel byMaxIter = classifier(optimizer).setMaxIter(kept).fit(iris);

    assertArrayEquals(byMaxIter.rbfModel().parameters().values(), stopped.rbfModel().parameters().values(), 0.0,
        "the model of epoch " + kept + ", bit for bit");
  }

  @Test
  void patienceWithoutAValidationIndicatorIsRefused() {
    OptionException e = assertThrows(OptionException.class,
        () -> new RbfClassifier().setNumCenters(4).setMaxIter(3).setEarlyStoppingPatience(2).fit(iris));

    assertEquals("--early-stopping-patience 2 watches the validation loss: give --validation PATH or "
        + "--validation-fraction f (Spark ML: validationIndicatorCol)", e.getMessage());
  }

  @Test
  void anEmptyValidationPartIsRefusedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> classifier("adam").setMaxIter(3).fit(iris.withColumn("isVal", lit(false))));

    assertEquals("the validation part of the DataFrame (validationIndicatorCol 'isVal' true) has no rows",
        e.getMessage());
  }
}
