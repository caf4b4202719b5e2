package io.sparkrbf.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.LocalSpark;
import io.sparkrbf.kernel.KernelFixtures;
import io.sparkrbf.kernel.RbfShape;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.model.ScalingMode;
import io.sparkrbf.model.Standardization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MetadataUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The blocked {@link RbfClassificationModel#transform} against Spark's per-row path: the same
 * columns, metadata and values (to 1e-12) on every row, whatever the partitions hold.
 */
class BlockedTransformIT extends LocalSpark {
  private static final double TOLERANCE = 1e-12;
  private static final int BLOCK = BlockScorer.BLOCK_ROWS;
  private SparkSession spark;

  @BeforeAll
  void session() {
    spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
  }

  @Test
  void irisModelScoresEveryRowAsThePerRowPathDoes() {
    Dataset<Row> train = spark.read().format("libsvm").option("numFeatures", 4)
        .load("src/test/resources/data/iris.train.libsvm");
    Dataset<Row> test = spark.read().format("libsvm").option("numFeatures", 4)
        .load("src/test/resources/data/iris.test.libsvm");
    RbfClassificationModel model = new RbfClassifier().setNumCenters(8).setMaxIter(60).setStepSize(0.05)
        .setInitMode("kmeans-random").fit(train);
    Dataset<Row> rows = train.union(test).repartition(3).cache();

    assertScoresEqualRowWise(model, rows, 3);
    assertScoresEqualRowWise(model.copy(new ParamMap()).setThresholds(
        new double[] {0.5, 0.2, 0.3}), rows, 3);
  }

  /**
   * A random model whose classes skip label 1 (its raw score is minus infinity), on dense and
   * sparse rows in partitions of several blocks and a short last one, exactly one block, fewer
   * rows than a block, and none.
   */
  @Test
  void randomModelScoresEveryRowAsThePerRowPathDoes() {
    Random rnd = new Random(42);
    RbfClassificationModel model = randomModel(rnd, 7, 13, new double[] {0, 2, 3});
    Dataset<Row> rows = partitioned(rnd, 7, 2 * BLOCK + 452, BLOCK, 100, 0);

    assertEquals(4, rows.javaRDD().getNumPartitions());
    assertEquals(List.of(2 * BLOCK + 452, BLOCK, 100, 0), rows.javaRDD().glom().map(List::size).collect());
    assertScoresEqualRowWise(model, rows, 4);
  }

  @Test
  void columnParamsAreHonouredAsSparkDoes() {
    Random rnd = new Random(7);
    RbfClassificationModel model = randomModel(rnd, 5, 6, new double[] {0, 1, 2});
    Dataset<Row> rows = partitioned(rnd, 5, 300, 40);
    double[] thresholds = {0.6, 0.1, 0.3};

    assertScoresEqualRowWise(copy(model).setRawPredictionCol("").setThresholds(thresholds), rows, 3);
    assertScoresEqualRowWise(copy(model).setProbabilityCol(""), rows, 3);
    assertScoresEqualRowWise(copy(model).setProbabilityCol("").setThresholds(thresholds), rows, 3);
    assertScoresEqualRowWise(copy(model).setRawPredictionCol("").setProbabilityCol(""), rows, 3);
    assertScoresEqualRowWise(copy(model).setPredictionCol("").setRawPredictionCol("scores"), rows, 3);

    RbfClassificationModel none = copy(model).setRawPredictionCol("").setProbabilityCol("").setPredictionCol("");
    Dataset<Row> unchanged = none.transform(rows);
    assertEquals(rows.schema(), unchanged.schema());
    assertEquals(rows.collectAsList(), unchanged.collectAsList());
  }

  /** Spark's check that the thresholds fit the classes, made before anything runs. */
  @Test
  void thresholdsOfTheWrongLengthAreRefused() {
    RbfClassificationModel threeClasses = randomModel(new Random(3), 2, 2, new double[] {0, 1, 2});
    RbfClassificationModel model = threeClasses.copy(new ParamMap().put(threeClasses.thresholds(), new double[] {0.5, 0.5}));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> model.transform(partitioned(new Random(3), 2, 5)));
    assertTrue(e.getMessage().contains("numClasses=3, but thresholds has length 2"), e.getMessage());
  }

  /** The input columns pass through unchanged, with their metadata; the added ones carry Spark's. */
  @Test
  void inputColumnsPassThroughAndAddedColumnsCarrySparksMetadata() {
    Random rnd = new Random(11);
    RbfClassificationModel model = randomModel(rnd, 3, 4, new double[] {0, 1, 3});
    Metadata labelMeta = NominalAttribute.defaultAttr().withName("label").withValues(new String[] {"a", "b"})
        .toMetadata();
    StructType schema = new StructType(new StructField[] {
        new StructField("id", DataTypes.StringType, true, Metadata.empty()),
        new StructField("label", DataTypes.DoubleType, false, labelMeta),
        new StructField("features", SQLDataTypes.VectorType(), true, Metadata.empty()),
        new StructField("weight", DataTypes.IntegerType, true, Metadata.empty())});
    List<Row> input = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      input.add(RowFactory.create(i % 7 == 0 ? null : "row " + i, (double) (i % 2), randomVector(rnd, 3), i));
    }
    Dataset<Row> rows = spark.createDataFrame(sc.parallelize(input, 2), schema);

    Dataset<Row> scored = model.transform(rows);

    assertEquals(model.transformSchema(schema), scored.schema());
    assertEquals(columns(model.transformRowWise(rows).schema()), columns(scored.schema()));
    List<StructField> fields = List.of(scored.schema().fields());
    assertEquals(List.of(schema.fields()), fields.subList(0, 4));
    assertEquals(List.of("rawPrediction", "probability", "prediction"),
        fields.subList(4, 7).stream().map(StructField::name).toList());
    assertEquals(4, AttributeGroup.fromStructField(fields.get(4)).size());
    assertEquals(4, AttributeGroup.fromStructField(fields.get(5)).size());
    assertEquals(4, (Integer) MetadataUtils.getNumClasses(fields.get(6)).get());
    List<Row> out = scored.collectAsList();
    for (int i = 0; i < input.size(); i++) {
      for (int c = 0; c < 4; c++) {
        assertEquals(input.get(i).get(c), out.get(i).get(c), "row " + i + " column " + c);
      }
    }
  }

  @Test
  void vectorsOfTheWrongSizeAreRefusedNamingTheColumn() {
    RbfClassificationModel model = randomModel(new Random(5), 4, 3, new double[] {0, 1}).setFeaturesCol("x");
    StructType schema = new StructType().add("x", SQLDataTypes.VectorType());
    List<Row> rows = List.of(RowFactory.create(Vectors.dense(1, 2, 3, 4)), RowFactory.create(Vectors.dense(1, 2, 3, 4)),
        RowFactory.create(Vectors.sparse(3, new int[] {1}, new double[] {2})));
    Dataset<Row> short3 = spark.createDataFrame(sc.parallelize(rows, 1), schema);

    Exception e = assertThrows(Exception.class, () -> model.transform(short3).count());
    assertTrue(messages(e).contains("DataFrame partition 0 row 3: column 'x' holds a vector of size 3, "
        + "expected a vector of size 4"), messages(e));

    Dataset<Row> nulls = spark.createDataFrame(sc.parallelize(List.of(RowFactory.create((Object) null)), 1), schema);
    Exception n = assertThrows(Exception.class, () -> model.transform(nulls).count());
    assertTrue(messages(n).contains("column 'x' holds null, expected a vector of size 4"), messages(n));
  }

  /** Blocked and per-row transforms agree on schema, input columns, and each output to 1e-12 of the row-wise methods. */
  private void assertScoresEqualRowWise(RbfClassificationModel model, Dataset<Row> rows, int numClasses) {
    Dataset<Row> blocked = model.transform(rows);
    Dataset<Row> rowWise = model.transformRowWise(rows);
    assertEquals(columns(rowWise.schema()), columns(blocked.schema()));
    assertEquals(model.transformSchema(rows.schema()), blocked.schema());
    List<Row> actual = blocked.collectAsList();
    List<Row> expected = rowWise.collectAsList();
    assertEquals(expected.size(), actual.size());
    assertEquals(rows.count(), actual.size());
    int width = rows.schema().size();
    int featuresAt = rows.schema().fieldIndex(model.getFeaturesCol());
    for (int i = 0; i < actual.size(); i++) {
      Row row = actual.get(i);
      for (int c = 0; c < width; c++) {
        assertEquals(expected.get(i).get(c), row.get(c), "row " + i + " input column " + c);
      }
      Vector raw = model.predictRaw(row.getAs(featuresAt));
      Vector probability = model.raw2probability(raw);
      int at = width;
      if (!model.getRawPredictionCol().isEmpty()) {
        assertClose(raw, row.getAs(at++), "raw prediction of row " + i);
      }
      if (!model.getProbabilityCol().isEmpty()) {
        assertClose(probability, row.getAs(at++), "probability of row " + i);
      }
      if (!model.getPredictionCol().isEmpty()) {
        assertEquals(model.raw2prediction(raw), row.getDouble(at), "prediction of row " + i);
        assertEquals(expected.get(i).getDouble(at), row.getDouble(at), "prediction of row " + i);
      }
      assertEquals(expected.get(i).size(), row.size());
    }
    assertEquals(numClasses, model.numClasses());
  }

  /**
   * Each column's name, type and metadata. Not its nullability: Spark's per-row output marks
   * vector columns nullable although its transformSchema does not.
   */
  private static List<String> columns(StructType schema) {
    return java.util.Arrays.stream(schema.fields()).map(f -> f.name() + " " + f.dataType() + " " + f.metadata())
        .toList();
  }

  private static void assertClose(Vector expected, Vector actual, String what) {
    double[] e = expected.toArray();
    double[] a = actual.toArray();
    assertEquals(e.length, a.length, what);
    for (int c = 0; c < e.length; c++) {
      if (Double.isInfinite(e[c])) {
        assertEquals(e[c], a[c], what + " class " + c);
      } else {
        assertEquals(e[c], a[c], TOLERANCE * Math.max(1, Math.abs(e[c])), what + " class " + c);
      }
    }
  }

  private static RbfClassificationModel copy(RbfClassificationModel model) {
    return model.copy(new ParamMap());
  }

  /** A network with random parameters and z-scores, for class labels {@code labels}. */
  private static RbfClassificationModel randomModel(Random rnd, int d, int n, double[] labels) {
    double[] mean = new double[d];
    double[] std = new double[d];
    for (int f = 0; f < d; f++) {
      mean[f] = rnd.nextGaussian();
      std[f] = 0.5 + 2 * rnd.nextDouble();
    }
    RbfModel network = new RbfModel(labels, new Standardization(ScalingMode.ZSCORE, mean, std),
        KernelFixtures.randomParameters(new RbfShape(d, n, labels.length), rnd, 2.0), Map.of());
    return new RbfClassificationModel("rbf-test", network);
  }

  /** A {@code features} column over partitions of exactly the given sizes, rows alternately dense and sparse. */
  private Dataset<Row> partitioned(Random rnd, int d, int... sizes) {
    StructType schema = new StructType().add("id", DataTypes.IntegerType).add("features", SQLDataTypes.VectorType());
    JavaRDD<Row> all = null;
    int id = 0;
    for (int size : sizes) {
      List<Row> part = new ArrayList<>();
      for (int i = 0; i < size; i++, id++) {
        part.add(RowFactory.create(id, randomVector(rnd, d)));
      }
      JavaRDD<Row> rdd = sc.parallelize(part, 1);
      all = all == null ? rdd : all.union(rdd);
    }
    return spark.createDataFrame(all, schema);
  }

  /** Dense half the time, else sparse with about a third of the values non-zero. */
  private static Vector randomVector(Random rnd, int d) {
    double[] x = new double[d];
    boolean sparse = rnd.nextBoolean();
    for (int f = 0; f < d; f++) {
      x[f] = sparse && rnd.nextInt(3) > 0 ? 0 : 3 * rnd.nextGaussian();
    }
    return sparse ? Vectors.dense(x).toSparse() : Vectors.dense(x);
  }

  private static String messages(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      sb.append(t.getMessage()).append('\n');
    }
    return sb.toString();
  }
}
