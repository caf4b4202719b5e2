package io.sparkrbf.ml;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.LocalSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * {@code classWeight} in the Spark ML API: on data where one class has 1 row in 20 and overlaps
 * the common one, {@code balanced} raises that class's recall on held-out data, against the
 * same classifier and seed without class weights.
 */
class ClassWeightIT extends LocalSpark {
  private static final double RARE = 1.0;

  /** Class 0 around (0, 0), 19 rows in 20; class 1 around (1.5, 0), overlapping it. */
  private Dataset<Row> data(long seed, int rows) {
    Random rnd = new Random(seed);
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      double label = i % 20 == 0 ? RARE : 0.0;
      out.add(RowFactory.create(label, Vectors.dense(label * 1.5 + rnd.nextGaussian(), rnd.nextGaussian())));
    }
    StructType schema = new StructType().add("label", DataTypes.DoubleType).add("features", SQLDataTypes.VectorType());
    return SparkSession.builder().sparkContext(sc.sc()).getOrCreate().createDataFrame(out, schema);
  }

  private double rareRecall(RbfClassifier classifier, Dataset<Row> train, Dataset<Row> test) {
    Dataset<Row> rare = classifier.fit(train).transform(test).filter(col("label").equalTo(RARE));
    return (double) rare.filter(col("prediction").equalTo(RARE)).count() / rare.count();
  }

  @Test
  void balancedRaisesTheRecallOfARareClass() {
    Dataset<Row> train = data(11, 2000);
    Dataset<Row> test = data(12, 2000);
    RbfClassifier plain = new RbfClassifier().setNumCenters(8).setMaxIter(60).setSeed(4);

    double without = rareRecall(plain, train, test);
    double balanced = rareRecall(plain.copy(new org.apache.spark.ml.param.ParamMap()).setClassWeight("balanced"),
        train, test);

    assertEquals("", plain.getClassWeight());
    assertTrue(balanced > without + 0.2, "recall of the rare class: " + without + " without, " + balanced
        + " balanced");
  }
}
