package io.sparkrbf.data;

import io.sparkrbf.model.LabelIndex;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * The rows of one Parquet file, through Spark's DataFrame reader: a numeric label column
 * ({@code label}, or the one {@code --label-col} names) and either a Spark ML vector
 * column {@code features} or numeric feature columns (all the others, in file order).
 * Errors name the file, the 1-based row number and the column, as the text formats name
 * the line and the token.
 */
final class ParquetRows {
  private static final String DEFAULT_LABEL = "label";
  private static final String VECTOR_COLUMN = "features";

  private ParquetRows() {
  }

  static JavaRDD<ParsedRow> read(JavaSparkContext sc, String file, long base, InputSpec spec, LabelIndex knownLabels) {
    // The session of this context: config(sc.getConf()) would log "Using an existing SparkContext"
    // on every read. sparkContext(...) is Scala-private but public to Java, as SQLContext.getOrCreate
    // uses it, in Spark 3.5 and 4.
    SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
    requireFooter(file, sc.hadoopConfiguration());
    Dataset<Row> df = spark.read().parquet(file);
    String labelCol = spec.labelCol() == null ? DEFAULT_LABEL : spec.labelCol();
    List<String> names = Arrays.asList(df.columns());
    if (!names.contains(labelCol)) {
      throw new InputFormatException(file, 0, labelCol, "no label column (columns: " + names
          + "); name it with --label-col");
    }
    requireNumeric(file, df.schema().apply(labelCol));
    boolean vector = names.contains(VECTOR_COLUMN)
        && df.schema().apply(VECTOR_COLUMN).dataType().equals(SQLDataTypes.VectorType());
    List<String> features = new ArrayList<>();
    if (vector) {
      features.add(VECTOR_COLUMN);
    } else {
      for (StructField f : df.schema().fields()) {
        if (!f.name().equals(labelCol)) {
          requireNumeric(file, f);
          features.add(f.name());
        }
      }
      if (spec.numFeatures() > 0 && features.size() != spec.numFeatures()) {
        throw new InputFormatException(file, 0, null, "has " + features.size() + " feature columns, expected "
            + spec.numFeatures());
      }
    }
    RowConverter converter = new RowConverter(file, features.toArray(String[]::new), vector, spec.numFeatures(),
        knownLabels);
    Dataset<Row> ordered = df.select(labelCol, features.toArray(String[]::new));
    return ReadGuard.of(ordered.javaRDD(), file, "row").zipWithIndex()
        .map(t -> converter.convert(t._1(), t._2() + 1, base + t._2()));
  }

  /**
   * Reads the file's footer here on the driver, so a file that is not Parquet (or is cut
   * short) is an input error naming it, rather than a failed schema-inference job of Spark's.
   */
  private static void requireFooter(String file, Configuration conf) {
    try (ParquetFileReader footer = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(file), conf))) {
      footer.getFileMetaData();
    } catch (IOException | RuntimeException e) {
      throw ReadGuard.failure(file, "row", 0, false, e);
    }
  }

  private static void requireNumeric(String file, StructField field) {
    if (!(field.dataType() instanceof NumericType)) {
      throw new InputFormatException(file, 0, field.name(), "column is " + field.dataType().simpleString()
          + ", not numeric");
    }
  }

  /** One Parquet row to a parsed row, checking every value. */
  private static final class RowConverter implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final String[] features;
    private final boolean vector;
    private final int numFeatures;
    private final LabelIndex knownLabels;

    RowConverter(String file, String[] features, boolean vector, int numFeatures, LabelIndex knownLabels) {
      this.file = file;
      this.features = features;
      this.vector = vector;
      this.numFeatures = numFeatures;
      this.knownLabels = knownLabels;
    }

    ParsedRow convert(Row row, long rowNumber, long ordinal) {
      if (row.isNullAt(0)) {
        throw error(rowNumber, null, "missing label");
      }
      double label = finite(((Number) row.get(0)).doubleValue(), rowNumber, "label");
      if (knownLabels != null && knownLabels.classOf(label) < 0) {
        throw error(rowNumber, LabelIndex.format(label), "label is not one of the model's classes " + knownLabels);
      }
      if (vector) {
        return fromVector(row, rowNumber, label, ordinal);
      }
      double[] values = new double[features.length];
      for (int j = 0; j < values.length; j++) {
        if (row.isNullAt(j + 1)) {
          throw error(rowNumber, features[j], "missing value in column");
        }
        values[j] = finite(((Number) row.get(j + 1)).doubleValue(), rowNumber, features[j]);
      }
      return new ParsedRow(label, null, values, ordinal);
    }

    private ParsedRow fromVector(Row row, long rowNumber, double label, long ordinal) {
      if (row.isNullAt(1)) {
        throw error(rowNumber, VECTOR_COLUMN, "missing feature vector");
      }
      Vector v = (Vector) row.get(1);
      if (numFeatures > 0 && v.size() > numFeatures) {
        throw error(rowNumber, VECTOR_COLUMN, "vector of size " + v.size() + ", expected " + numFeatures);
      }
      double[] values = v instanceof SparseVector s ? s.values().clone() : ((DenseVector) v).values().clone();
      for (double x : values) {
        finite(x, rowNumber, VECTOR_COLUMN);
      }
      if (v instanceof SparseVector s) {
        return new ParsedRow(label, s.indices().clone(), values, ordinal);
      }
      return new ParsedRow(label, null, values, ordinal);
    }

    private InputFormatException error(long rowNumber, String token, String problem) {
      return InputFormatException.atRow(file, rowNumber, token, problem);
    }

    private double finite(double x, long rowNumber, String column) {
      if (!Double.isFinite(x)) {
        throw error(rowNumber, column, "value " + x + " in column is not a finite number");
      }
      return x;
    }
  }
}
