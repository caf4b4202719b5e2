package io.sparkrbf.bench;

import io.sparkrbf.data.Blockifier;
import io.sparkrbf.data.DataReader;
import io.sparkrbf.data.DatasetSummary;
import io.sparkrbf.data.InputSpec;
import io.sparkrbf.data.ParsedRow;
import io.sparkrbf.data.RowLocator;
import io.sparkrbf.kernel.Block;
import io.sparkrbf.kernel.Precision;
import io.sparkrbf.model.InputMap;
import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.model.Standardization;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * One data set of an end-to-end benchmark, read or generated once and cached, with its
 * summary: what both sides of the comparison are fed from. Our training, the bare kernel and
 * Spark MLlib's MLP all see the same rows in the same partitions, scaled by the same
 * {@link Standardization}, so the ratios compare like with like. Closing it uncaches the rows.
 */
final class BenchRows implements AutoCloseable {
  private static final StructType MLP_SCHEMA = new StructType().add("label", DataTypes.DoubleType)
      .add("features", SQLDataTypes.VectorType());
  private final String name;
  private final JavaRDD<ParsedRow> rows;
  private final RowLocator locator;
  private final DatasetSummary summary;

  private BenchRows(String name, JavaRDD<ParsedRow> rows, RowLocator locator, int numFeatures) {
    this.name = name;
    this.rows = rows.persist(StorageLevel.MEMORY_AND_DISK());
    this.locator = locator;
    this.summary = DatasetSummary.of(this.rows, numFeatures, name);
  }

  /** The rows of a file, as training reads them; {@code known} fixes the classes (a test set's), or null. */
  static BenchRows read(JavaSparkContext sc, InputSpec spec, LabelIndex known) {
    DataReader reader = new DataReader(sc, spec, known);
    return new BenchRows(spec.path(), reader.read(), reader.locator(), spec.numFeatures());
  }

  /** Rows made in memory (generated), named {@code name} in messages. */
  static BenchRows of(String name, JavaRDD<ParsedRow> rows, int numFeatures) {
    return new BenchRows(name, rows, RowLocator.partitions(name), numFeatures);
  }

  String name() {
    return name;
  }

  DatasetSummary summary() {
    return summary;
  }

  /**
   * The rows to hand to a training run: a child of the cached rows, since a run uncaches the
   * rows it is given once its blocks are built, and these must stay cached for the next.
   */
  JavaRDD<ParsedRow> forTraining() {
    return rows.map(r -> r);
  }

  /** The blocks training builds from these rows, collected per partition, for the kernel to run without Spark. */
  List<List<Block>> collectBlocks(Standardization scaling, LabelIndex classes, int blockRows, Precision precision) {
    return Blockifier.toBlocks(rows, locator, new InputMap(summary.numFeatures(), scaling, null), classes,
        blockRows, precision).glom()
        .collect();
  }

  /**
   * The rows as Spark ML wants them, cached and counted: {@code label} the class index among
   * {@code classes}, {@code features} the scaled values (sparse where that is smaller), in
   * the same partitions.
   */
  Dataset<Row> scaledFrame(SparkSession spark, Standardization scaling, LabelIndex classes) {
    int d = summary.numFeatures();
    JavaRDD<Row> scaled = rows.map(r -> {
      double[] x = new double[d];
      r.densifyInto(x, 0, d);
      if (scaling != null) {
        scaling.applyInPlace(x, 0);
      }
      return RowFactory.create((double) r.classIn(classes), Vectors.dense(x).compressed());
    });
    Dataset<Row> frame = spark.createDataFrame(scaled, MLP_SCHEMA).persist(StorageLevel.MEMORY_AND_DISK());
    frame.count();
    return frame;
  }

  @Override
  public void close() {
    rows.unpersist(false);
  }
}
