package io.sparkrbf.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.LocalSpark;
import io.sparkrbf.export.OnnxRuntimeScorer;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RbfClassificationModel#exportOnnx} from a Spark ML fit: the file ONNX Runtime loads gives,
 * on every row, the {@code probability} column {@code transform} gives (to 1e-6, float32) and a
 * label whose class index is {@code transform}'s {@code prediction}; {@link RbfClassificationModel#toOnnx}
 * holds the same bytes; an existing file is refused unless overwrite.
 */
class OnnxExportMlIT extends LocalSpark {
  private static final String TRAIN = "data/pendigits/pendigits.train.libsvm";
  private static final String TEST = "data/pendigits/pendigits.test.libsvm";

  @TempDir
  Path dir;

  @Test
  void anExportedFitScoresLikeTransform() throws Exception {
    SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
    Dataset<Row> train = spark.read().format("libsvm").option("numFeatures", 16).load(TRAIN);
    Dataset<Row> test = spark.read().format("libsvm").option("numFeatures", 16).load(TEST).coalesce(1);
    RbfClassificationModel model = new RbfClassifier().setNumCenters(30).setMaxIter(10).setSeed(3)
        .setProjection("pca:8").fit(train);
    Path onnx = dir.resolve("model.onnx");
    model.exportOnnx(onnx.toString(), false, sc.hadoopConfiguration());
    byte[] written = Files.readAllBytes(onnx);
    assertArrayEquals(model.toOnnx(), written);

    List<Row> rows = model.transform(test).select("features", "probability", "prediction").collectAsList();
    double[][] features = rows.stream().map(r -> r.<Vector>getAs(0).toArray()).toArray(double[][]::new);
    try (OnnxRuntimeScorer scorer = new OnnxRuntimeScorer(written)) {
      OnnxRuntimeScorer.Scored scored = scorer.score(features);
      long[] labels = (long[]) scored.labels();
      double worst = 0;
      for (int i = 0; i < rows.size(); i++) {
        double[] expected = rows.get(i).<Vector>getAs(1).toArray();
        for (int c = 0; c < expected.length; c++) {
          worst = Math.max(worst, Math.abs(expected[c] - scored.probabilities()[i][c]));
        }
        // LIBSVM labels 0-9 are their own class indices here
        assertEquals(rows.get(i).getDouble(2), labels[i], 0.0, "row " + i);
      }
      assertEquals(3498, rows.size());
      assertTrue(worst <= 1e-6, "largest probability difference " + worst);
    }

    UncheckedIOException exists = assertThrows(UncheckedIOException.class,
        () -> model.exportOnnx(onnx.toString(), false, sc.hadoopConfiguration()));
    assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
    model.exportOnnx(onnx.toString(), true, sc.hadoopConfiguration());
    assertArrayEquals(written, Files.readAllBytes(onnx));
  }
}
