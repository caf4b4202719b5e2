package io.sparkrbf.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.LocalSpark;
import io.sparkrbf.data.InputSpec;
import io.sparkrbf.kernel.BlockKernel;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.predict.Prediction;
import io.sparkrbf.predict.PredictionOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code RbfClassifier.setProjection} end to end: the fitted model carries the projection, and
 * its probabilities are the same, to 1e-12, after a save and load, as the command line's
 * {@code predict} scores them ({@link Prediction}, blocks), and as the model computes them one row
 * at a time ({@link RbfModel#scores}); the param refuses what {@code --projection} refuses.
 */
class ProjectionMlIT extends LocalSpark {
  private static final int ROWS = 240;
  private static final int FEATURES = 8;

  @TempDir
  Path dir;

  /** Three classes in 8 correlated features, dense LIBSVM lines; the rows are kept in {@code rows}. */
  private Path libsvm(List<double[]> rows) throws IOException {
    Random rnd = new Random(7);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < ROWS; i++) {
      int c = i % 3;
      double a = c + rnd.nextGaussian() * 0.5;
      double b = (c == 1 ? 2 : 0) + rnd.nextGaussian() * 0.5;
      double[] x = new double[FEATURES];
      s.append(c);
      for (int f = 0; f < FEATURES; f++) {
        x[f] = (f + 1) * a - f * b + 0.2 * rnd.nextGaussian();
        s.append(' ').append(f + 1).append(':').append(x[f]);
      }
      s.append('\n');
      rows.add(x);
    }
    Path p = dir.resolve("train.libsvm");
    Files.writeString(p, s);
    return p;
  }

  @Test
  void aProjectedModelScoresTheSameAfterSaveAndLoadInBlocksAndPerRow() throws IOException {
    List<double[]> rows = new ArrayList<>();
    Path data = libsvm(rows);
    SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
    Dataset<Row> train = spark.read().format("libsvm").option("numFeatures", FEATURES).load(data.toString())
        .coalesce(1);

    RbfClassificationModel model = new RbfClassifier().setNumCenters(6).setMaxIter(10).setSeed(2)
        .setProjection("pca:3").fit(train);
    List<double[]> fitted = probabilities(model.transform(train));
    String path = dir.resolve("model").toString();
    model.write().save(path);
    List<double[]> loaded = probabilities(RbfClassificationModel.load(path).transform(train));
    Path predicted = dir.resolve("predicted.csv");
    new Prediction(model.rbfModel(), new InputSpec(data.toString(), null, FEATURES, null, 2), List.of(),
        new PredictionOutput(predicted.toString(), null, true, false, false)).write(sc);
    List<String> lines = Files.readAllLines(predicted);

    RbfModel rbf = model.rbfModel();
    assertEquals(3, rbf.projection().outputFeatures());
    assertEquals(FEATURES, rbf.numFeatures());
    assertEquals(ROWS, fitted.size());
    assertEquals(ROWS + 1, lines.size());
    for (int i = 0; i < ROWS; i++) {
      double[] perRow = rbf.scores(rows.get(i));
      BlockKernel.logSoftmaxInPlace(perRow, 0, perRow.length);
      double[] reference = Arrays.stream(perRow).map(Math::exp).toArray();
      String[] fields = lines.get(i + 1).split(",");
      assertEquals(String.valueOf(i + 1), fields[1], "rows in input order");
      double[] cli = Arrays.stream(fields, 3, 6).mapToDouble(Double::parseDouble).toArray();
      assertArrayEquals(reference, fitted.get(i), 1e-12, "transform, row " + i);
      assertArrayEquals(fitted.get(i), loaded.get(i), 1e-12, "transform after load, row " + i);
      assertArrayEquals(fitted.get(i), cli, 1e-12, "predict's blocks, row " + i);
    }
    assertTrue(rbf.projection().keptShare() > 0.9, "two directions carry most of the variance");
  }

  @Test
  void theParamRefusesWhatTheOptionRefuses() {
    RbfClassifier classifier = new RbfClassifier();

    assertThrows(IllegalArgumentException.class, () -> classifier.setProjection("pca:0"));
    assertThrows(IllegalArgumentException.class, () -> classifier.setProjection("pcaVariance:0"));
    assertThrows(IllegalArgumentException.class, () -> classifier.setProjection("svd:3"));
    assertEquals("none", classifier.getProjection());
    assertEquals("pcaVariance:0.9", classifier.setProjection("pcaVariance:0.9").getProjection());
  }

  private static List<double[]> probabilities(Dataset<Row> scored) {
    List<double[]> p = new ArrayList<>();
    for (Row r : scored.select("probability").collectAsList()) {
      p.add(r.<Vector>getAs(0).toArray());
    }
    return p;
  }
}
