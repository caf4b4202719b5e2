package io.sparkrbf.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.LocalSpark;
import io.sparkrbf.model.LabelIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet inputs written by Spark itself: a vector column (sparse and dense rows mixed)
 * and plain numeric columns read as the same rows, in file order; bad values are named
 * by file, row and column.
 */
class ParquetInputIT extends LocalSpark {
  private static final int ROWS = 50;

  @TempDir
  Path dir;

  private SparkSession spark() {
    return SparkSession.builder().config(sc.getConf()).getOrCreate();
  }

  private static double[] features(int i) {
    return new double[] {i, 0, i * 0.5};
  }

  @Test
  void vectorColumnAndNumericColumnsGiveTheSameRowsInOrder() {
    List<Row> vectors = new ArrayList<>();
    List<Row> numbers = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      double[] x = features(i);
      vectors.add(RowFactory.create((double) (i % 3),
          i % 2 == 0 ? Vectors.dense(x).toSparse() : Vectors.dense(x)));
      numbers.add(RowFactory.create(x[0], (i % 3), x[1], x[2]));
    }
    StructType vectorSchema = new StructType().add("label", DataTypes.DoubleType)
        .add("features", SQLDataTypes.VectorType());
    StructType numberSchema = new StructType().add("a", DataTypes.DoubleType).add("y", DataTypes.IntegerType)
        .add("b", DataTypes.DoubleType).add("c", DataTypes.DoubleType);
    String vectorPath = dir.resolve("vectors.parquet").toString();
    String numberPath = dir.resolve("numbers.parquet").toString();
    spark().createDataFrame(vectors, vectorSchema).repartition(1).write().parquet(vectorPath);
    spark().createDataFrame(numbers, numberSchema).coalesce(1).write().parquet(numberPath);
    String namedVectorPath = dir.resolve("named-vectors.parquet").toString();
    spark().read().parquet(vectorPath).withColumnRenamed("features", "vec").withColumn("id", functions.lit("x"))
        .write().parquet(namedVectorPath);

    for (InputSpec spec : List.of(new InputSpec(vectorPath, null, 0, null, 3),
        new InputSpec(numberPath, InputFormat.PARQUET, 3, "y", 3),
        new InputSpec(namedVectorPath, null, 0, null, 3, List.of("vec"), null))) {
      List<ParsedRow> rows = new DataReader(sc, spec, null).read().collect();
      assertEquals(ROWS, rows.size(), spec.path());
      for (int i = 0; i < ROWS; i++) {
        double[] x = new double[3];
        rows.get(i).densifyInto(x, 0, 3);
        assertArrayEquals(features(i), x, 0.0, spec.path() + " row " + i);
        assertEquals(i % 3, rows.get(i).label(), 0.0);
      }
    }
  }

  @Test
  void aStringLabelColumnGivesNamedClassesWhichScoringRequires() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      rows.add(RowFactory.create(i % 3 == 0 ? "10" : i % 3 == 1 ? "9" : "x", i * 1.0));
    }
    String path = dir.resolve("named.parquet").toString();
    spark().createDataFrame(rows, new StructType().add("label", DataTypes.StringType).add("a", DataTypes.DoubleType))
        .coalesce(1).write().parquet(path);
    InputSpec spec = new InputSpec(path, null, 0, null, 2);
    LabelIndex named = LabelIndex.named(List.of("10", "9"));

    assertEquals(LabelIndex.named(List.of("10", "9", "x")),
        DatasetSummary.of(new DataReader(sc, spec, null).read(), 0, path).labels(), "strings, even those of numbers");
    InputFormatException unknown = InputFormatException.findCause(assertThrows(Exception.class,
        () -> new DataReader(sc, spec, named).read().count())).orElseThrow();
    assertTrue(unknown.getMessage().endsWith(": row 3: label is not one of the model's classes [10, 9] (token 'x')"),
        unknown.getMessage());
    InputFormatException numbers = assertThrows(InputFormatException.class,
        () -> new DataReader(sc, spec, new LabelIndex(new double[] {9, 10})).read());
    assertTrue(numbers.getMessage().endsWith(": label column is string, but the model's classes are numbers [9, 10] "
        + "(token 'label')"), numbers.getMessage());
  }

  @Test
  void badValuesAreNamedByFileRowAndColumn() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      rows.add(RowFactory.create(1.0, i == 3 ? Double.NaN : i * 1.0));
    }
    StructType schema = new StructType().add("label", DataTypes.DoubleType).add("b", DataTypes.DoubleType);
    String path = dir.resolve("bad.parquet").toString();
    Dataset<Row> df = spark().createDataFrame(rows, schema);
    df.coalesce(1).write().parquet(path);

    InputFormatException e = InputFormatException.findCause(assertThrows(Exception.class,
        () -> new DataReader(sc, new InputSpec(path, null, 0, null, 1), null).read().count())).orElseThrow();
    assertTrue(e.getMessage().contains("bad.parquet") && e.getMessage().contains("row 4")
        && e.getMessage().contains("'b'"), e.getMessage());

    String text = dir.resolve("text.parquet").toString();
    spark().createDataFrame(List.of(RowFactory.create(1.0, "x")),
        new StructType().add("label", DataTypes.DoubleType).add("name", DataTypes.StringType))
        .coalesce(1).write().parquet(text);
    InputFormatException notNumeric = assertThrows(InputFormatException.class,
        () -> new DataReader(sc, new InputSpec(text, null, 0, null, 1), null).read());
    assertTrue(notNumeric.getMessage().contains("'name'") && notNumeric.getMessage().contains("not numeric"),
        notNumeric.getMessage());
  }

  @Test
  void theWeightColumnGivesEachRowItsWeightAndIsNoFeature() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      rows.add(RowFactory.create((double) (i % 2), i * 1.0, i == 3 ? -0.5 : i + 0.5, 10.0 - i));
    }
    StructType schema = new StructType().add("label", DataTypes.DoubleType).add("a", DataTypes.DoubleType)
        .add("w", DataTypes.DoubleType).add("b", DataTypes.DoubleType);
    String path = dir.resolve("weighted.parquet").toString();
    spark().createDataFrame(rows, schema).coalesce(1).write().parquet(path);
    String good = dir.resolve("good.parquet").toString();
    spark().createDataFrame(rows.subList(0, 3), schema).coalesce(1).write().parquet(good);

    List<ParsedRow> read = new DataReader(sc, new InputSpec(good, null, 0, null, 1).withWeightCol("w"), null).read()
        .collect();
    assertEquals(List.of(0.5, 1.5, 2.5), read.stream().map(ParsedRow::weight).toList());
    assertEquals(2, read.get(1).width(), "a and b are the features, w is not");
    double[] x = new double[2];
    read.get(1).densifyInto(x, 0, 2);
    assertArrayEquals(new double[] {1.0, 9.0}, x, 0.0);

    InputFormatException negative = InputFormatException.findCause(assertThrows(Exception.class,
        () -> new DataReader(sc, new InputSpec(path, null, 0, null, 1).withWeightCol("w"), null).read().count()))
        .orElseThrow();
    assertTrue(negative.getMessage().contains("weighted.parquet") && negative.getMessage().contains("row 4")
        && negative.getMessage().endsWith("weight -0.5 in column is negative; weights must be >= 0 (token 'w')"),
        negative.getMessage());
  }

  /**
   * Rows are numbered from the file's start in every split, by Spark's hidden row index or, when a
   * column of the file hides it, by a counting pass: the same numbers, ordinals and error either way.
   */
  @Test
  void rowNumbersCountFromTheFileStartInEverySplit() {
    int rows = 3000;
    int bad = 2500;
    List<Row> values = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      values.add(RowFactory.create((double) (i % 2), (double) i, "r" + i));
    }
    StructType schema = new StructType().add("label", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
        .add("_metadata", DataTypes.StringType);
    Dataset<Row> df = spark().createDataFrame(values, schema).coalesce(1);
    String indexed = dir.resolve("indexed.parquet").toString();
    String hidden = dir.resolve("hidden-index.parquet").toString();
    String badPath = dir.resolve("bad-late.parquet").toString();
    df.drop("_metadata").write().option("parquet.block.size", 4096).parquet(indexed);
    df.write().option("parquet.block.size", 4096).parquet(hidden);
    df.drop("_metadata").withColumn("b", functions.when(functions.col("b").equalTo(bad), Double.NaN)
        .otherwise(functions.col("b"))).write().option("parquet.block.size", 4096).parquet(badPath);
    spark().conf().set("spark.sql.files.maxPartitionBytes", "8k");
    try {
      for (String path : List.of(indexed, hidden)) {
        InputSpec spec = new InputSpec(path, null, 0, null, 0, List.of("b"), null);
        JavaRDD<ParsedRow> read = new DataReader(sc, spec, null).read();
        assertTrue(read.getNumPartitions() > 2, path + " in " + read.getNumPartitions() + " partitions");
        List<ParsedRow> parsed = read.collect();
        assertEquals(rows, parsed.size(), path);
        for (int i = 0; i < rows; i++) {
          double[] x = new double[1];
          parsed.get(i).densifyInto(x, 0, 1);
          assertEquals(i, x[0], 0.0, path);
          assertEquals(ParsedRow.ordinalBase(0) + i, parsed.get(i).ordinal(), path);
        }
      }
      InputFormatException e = InputFormatException.findCause(assertThrows(Exception.class,
          () -> new DataReader(sc, new InputSpec(badPath, null, 0, null, 0), null).read().count())).orElseThrow();
      assertTrue(e.getMessage().contains("row " + (bad + 1) + ":") && e.getMessage().contains("'b'"), e.getMessage());
    } finally {
      spark().conf().unset("spark.sql.files.maxPartitionBytes");
    }
  }
}
