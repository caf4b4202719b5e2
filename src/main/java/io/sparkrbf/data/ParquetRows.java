package io.sparkrbf.data;

import io.sparkrbf.model.LabelIndex;
import java.io.IOException;
import java.io.Serializable;
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
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;

/**
 * The rows of one Parquet file, through Spark's DataFrame reader: a label column ({@code label},
 * or the one {@code --label-col} names) of numbers or strings, and either a Spark ML vector
 * column {@code features} or numeric feature columns: all the others in file order, or those
 * an {@link InputSpec} selects ({@link FeatureColumns}), which may also be one vector column.
 * Columns that are not features are not read. Errors name the file, the 1-based row number
 * and the column, as the text formats name the line and the token.
 *
 * <p>A string label column gives named classes, a numeric one numeric classes; scoring
 * requires the kind of the model's classes.
 */
final class ParquetRows {
  private static final String DEFAULT_LABEL = "label";
  private static final String VECTOR_COLUMN = "features";

  private final Dataset<Row> selected;
  private final List<String> featureColumns;
  private final RowConverter converter;

  private ParquetRows(Dataset<Row> selected, List<String> featureColumns, RowConverter converter) {
    this.selected = selected;
    this.featureColumns = featureColumns;
    this.converter = converter;
  }

  /** Reads the schema of {@code file} and resolves its label and feature columns, on the driver. */
  static ParquetRows open(JavaSparkContext sc, String file, InputSpec spec, LabelIndex knownLabels) {
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
    boolean named = namedLabels(file, df.schema().apply(labelCol), knownLabels);
    List<String> features = !spec.selectsColumns() && names.contains(VECTOR_COLUMN) && isVector(df, VECTOR_COLUMN)
        ? List.of(VECTOR_COLUMN)
        : Arrays.stream(FeatureColumns.select(file, 0, names, names.indexOf(labelCol), spec)).mapToObj(names::get)
            .toList();
    boolean vector = features.size() == 1 && isVector(df, features.get(0));
    if (!vector) {
      for (String f : features) {
        requireNumeric(file, df.schema().apply(f));
      }
      if (spec.numFeatures() > 0 && features.size() != spec.numFeatures()) {
        throw new InputFormatException(file, 0, null, "has " + features.size() + " feature columns, expected "
            + spec.numFeatures());
      }
    }
    RowConverter converter = new RowConverter(file, features.toArray(String[]::new), vector, spec.numFeatures(),
        named, knownLabels);
    return new ParquetRows(df.select(labelCol, features.toArray(String[]::new)), features, converter);
  }

  /** The feature columns, in feature order: numeric columns, or the one vector column. */
  List<String> featureColumns() {
    return featureColumns;
  }

  /** The rows, parsed lazily; {@code base} is the ordinal of the first ({@link ParsedRow#ordinalBase}). */
  JavaRDD<ParsedRow> rows(long base) {
    RowConverter c = converter;
    return ReadGuard.of(selected.javaRDD(), c.file, "row").zipWithIndex()
        .map(t -> c.convert(t._1(), t._2() + 1, base + t._2()));
  }

  private static boolean isVector(Dataset<Row> df, String column) {
    return df.schema().apply(column).dataType().equals(SQLDataTypes.VectorType());
  }

  /**
   * Whether the label column holds names (strings) rather than numbers; it must hold the kind
   * the known classes are.
   */
  private static boolean namedLabels(String file, StructField label, LabelIndex knownLabels) {
    boolean named = label.dataType() instanceof StringType;
    if (!named && !(label.dataType() instanceof NumericType)) {
      throw new InputFormatException(file, 0, label.name(), "label column is " + label.dataType().simpleString()
          + ", not numeric or string");
    }
    if (knownLabels != null && knownLabels.isNamed() != named) {
      throw new InputFormatException(file, 0, label.name(), "label column is " + label.dataType().simpleString()
          + ", but the model's classes are " + (named ? "numbers " : "names ") + knownLabels);
    }
    return named;
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
          + ", not numeric; leave it out with --ignore-cols or name the features with --feature-cols");
    }
  }

  /** One Parquet row to a parsed row, checking every value. */
  private static final class RowConverter implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final String[] features;
    private final boolean vector;
    private final int numFeatures;
    private final boolean named;
    private final LabelIndex knownLabels;
    private final LabelTexts labelTexts = new LabelTexts(false);

    RowConverter(String file, String[] features, boolean vector, int numFeatures, boolean named,
                 LabelIndex knownLabels) {
      this.file = file;
      this.features = features;
      this.vector = vector;
      this.numFeatures = numFeatures;
      this.named = named;
      this.knownLabels = knownLabels;
    }

    ParsedRow convert(Row row, long rowNumber, long ordinal) {
      if (row.isNullAt(0) || named && row.getString(0).isEmpty()) {
        throw error(rowNumber, null, "missing label");
      }
      LabelTexts.Label label = named ? labelTexts.of(row.getString(0))
          : new LabelTexts.Label(finite(((Number) row.get(0)).doubleValue(), rowNumber, "label"), null);
      if (knownLabels != null && knownLabels.classOf(label.value(), label.name()) < 0) {
        throw error(rowNumber, named ? label.name() : LabelIndex.format(label.value()),
            "label is not one of the model's classes " + knownLabels);
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
      return new ParsedRow(label.value(), label.name(), null, values, ordinal, 1.0);
    }

    private ParsedRow fromVector(Row row, long rowNumber, LabelTexts.Label label, long ordinal) {
      if (row.isNullAt(1)) {
        throw error(rowNumber, features[0], "missing feature vector");
      }
      Vector v = (Vector) row.get(1);
      if (numFeatures > 0 && v.size() > numFeatures) {
        throw error(rowNumber, features[0], "vector of size " + v.size() + ", expected " + numFeatures);
      }
      double[] values = v instanceof SparseVector s ? s.values().clone() : ((DenseVector) v).values().clone();
      for (double x : values) {
        finite(x, rowNumber, features[0]);
      }
      int[] indices = v instanceof SparseVector s ? s.indices().clone() : null;
      return new ParsedRow(label.value(), label.name(), indices, values, ordinal, 1.0);
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
