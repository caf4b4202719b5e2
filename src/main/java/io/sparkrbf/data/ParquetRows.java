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
import org.apache.spark.sql.Column;
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
 * requires the kind of the model's classes. {@code predict} reads no label
 * ({@link #openForScoring}) and passes its kept columns through with their own types.
 */
final class ParquetRows {
  static final String DEFAULT_LABEL = "label";
  private static final String VECTOR_COLUMN = "features";

  /** Spark's hidden struct of a file's metadata (3.5 and later), hidden by a column of the same name. */
  private static final String METADATA_COLUMN = "_metadata";
  /** The row's 0-based number within its Parquet file, which Spark knows without reading the rows before it. */
  private static final String ROW_INDEX = METADATA_COLUMN + ".row_index";

  private final Dataset<Row> selected;
  /** Whether the last selected column is {@link #ROW_INDEX}; else rows are numbered by a counting pass. */
  private final boolean withRowIndex;
  private final List<String> featureColumns;
  private final List<StructField> keptFields;
  private final RowConverter converter;

  /**
   * Selects {@code columns} of {@code df} and, unless a column of the file is named
   * {@code _metadata}, Spark's hidden row number within the file after them.
   */
  private ParquetRows(Dataset<Row> df, List<String> columns, List<String> featureColumns,
                      List<StructField> keptFields, RowConverter converter) {
    this.withRowIndex = !Arrays.asList(df.columns()).contains(METADATA_COLUMN);
    List<Column> selection = new ArrayList<>(columns.stream().map(df::col).toList());
    if (withRowIndex) {
      selection.add(df.col(ROW_INDEX));
    }
    this.selected = df.select(selection.toArray(Column[]::new));
    this.featureColumns = featureColumns;
    this.keptFields = keptFields;
    this.converter = converter;
  }

  /** Reads the schema of {@code file} and resolves its label and feature columns, on the driver. */
  static ParquetRows open(JavaSparkContext sc, String file, InputSpec spec, LabelIndex knownLabels) {
    Dataset<Row> df = read(sc, file);
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
    boolean vector = checkFeatures(file, df, features, spec);
    String weightCol = spec.weightCol();
    if (weightCol != null) {
      requireNumeric(file, df.schema().apply(names.get(FeatureColumns.weightColumn(file, 0, names, spec))));
    }
    RowConverter converter = new RowConverter(file, features.toArray(String[]::new), vector, spec.numFeatures(),
        named, knownLabels, -1, weightCol);
    List<String> columns = new ArrayList<>(List.of(labelCol));
    if (weightCol != null) {
      columns.add(weightCol);
    }
    columns.addAll(features);
    return new ParquetRows(df, columns, features, List.of(), converter);
  }

  /**
   * Resolves the feature and kept columns of {@code file} for {@code predict}, by the rule of
   * {@link ScoringColumns}, on the driver; no label is read.
   */
  static ParquetRows openForScoring(JavaSparkContext sc, String file, InputSpec spec, ScoringColumns scoring) {
    Dataset<Row> df = read(sc, file);
    List<String> names = Arrays.asList(df.columns());
    FeatureColumns.Selected selected = FeatureColumns.forScoring(file, 0, names, spec, scoring, spec.numFeatures(),
        c -> isVector(df, names.get(c)));
    List<String> features = Arrays.stream(selected.features()).mapToObj(names::get).toList();
    List<String> kept = Arrays.stream(selected.kept()).mapToObj(names::get).toList();
    boolean vector = checkFeatures(file, df, features, spec);
    RowConverter converter = new RowConverter(file, features.toArray(String[]::new), vector, spec.numFeatures(),
        false, null, kept.size(), null);
    List<String> columns = new ArrayList<>(features);
    columns.addAll(kept);
    return new ParquetRows(df, columns, features, kept.stream().map(df.schema()::apply).toList(), converter);
  }

  /**
   * The file as a DataFrame, its footer read first. The session is this context's:
   * config(sc.getConf()) would log "Using an existing SparkContext" on every read.
   * sparkContext(...) is Scala-private but public to Java, as SQLContext.getOrCreate uses it,
   * in Spark 3.5 and 4.
   */
  private static Dataset<Row> read(JavaSparkContext sc, String file) {
    SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
    requireFooter(file, sc.hadoopConfiguration());
    return spark.read().parquet(file);
  }

  /**
   * Whether the features are one vector column; otherwise requires them numeric and, when the
   * spec knows D, that many.
   */
  private static boolean checkFeatures(String file, Dataset<Row> df, List<String> features, InputSpec spec) {
    if (features.size() == 1 && isVector(df, features.get(0))) {
      return true;
    }
    for (String f : features) {
      requireNumeric(file, df.schema().apply(f));
    }
    if (spec.numFeatures() > 0 && features.size() != spec.numFeatures()) {
      throw new InputFormatException(file, 0, null, "has " + features.size() + " feature columns, expected "
          + spec.numFeatures());
    }
    return false;
  }

  /** The feature columns, in feature order: numeric columns, or the one vector column. */
  List<String> featureColumns() {
    return featureColumns;
  }

  /** The columns passed through to {@code predict}'s output, as the file has them; none unless read for scoring. */
  List<StructField> keptFields() {
    return keptFields;
  }

  /** The rows, parsed lazily; {@code base} is the ordinal of the first ({@link ParsedRow#ordinalBase}). */
  JavaRDD<ParsedRow> rows(long base) {
    RowConverter c = converter;
    JavaRDD<Row> rows = ReadGuard.of(selected.javaRDD(), c.file, "row");
    if (withRowIndex) {
      return rows.map(row -> {
        long index = row.getLong(row.length() - 1);
        return c.convert(row, index + 1, base + index);
      });
    }
    return rows.zipWithIndex().map(t -> c.convert(t._1(), t._2() + 1, base + t._2()));
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
    /**
     * -1 when column 0 is the label; else the number of kept columns, which follow the features
     * (and may be followed by the row index).
     */
    private final int keptColumns;
    /** The weight column, read after the label, or null when every row weighs 1. */
    private final String weightCol;
    private final LabelTexts labelTexts = new LabelTexts(false);

    RowConverter(String file, String[] features, boolean vector, int numFeatures, boolean named,
                 LabelIndex knownLabels, int keptColumns, String weightCol) {
      this.weightCol = weightCol;
      this.file = file;
      this.features = features;
      this.vector = vector;
      this.numFeatures = numFeatures;
      this.named = named;
      this.knownLabels = knownLabels;
      this.keptColumns = keptColumns;
    }

    ParsedRow convert(Row row, long rowNumber, long ordinal) {
      if (keptColumns >= 0) {
        return unlabelled(row, rowNumber, ordinal);
      }
      if (row.isNullAt(0) || named && row.getString(0).isEmpty()) {
        throw error(rowNumber, null, "missing label");
      }
      LabelTexts.Label label = named ? labelTexts.of(row.getString(0))
          : new LabelTexts.Label(finite(((Number) row.get(0)).doubleValue(), rowNumber, "label"), null);
      if (knownLabels != null && knownLabels.classOf(label.value(), label.name()) < 0) {
        throw error(rowNumber, named ? label.name() : LabelIndex.format(label.value()),
            "label is not one of the model's classes " + knownLabels);
      }
      double weight = weightCol == null ? 1.0 : weight(row, rowNumber);
      int first = weightCol == null ? 1 : 2;
      if (vector) {
        Vector v = vector(row, first, rowNumber);
        return new ParsedRow(label.value(), label.name(), indices(v), values(v, rowNumber), ordinal, weight);
      }
      return new ParsedRow(label.value(), label.name(), null, values(row, first, rowNumber), ordinal, weight);
    }

    /** The instance weight in column 1: a finite number >= 0. */
    private double weight(Row row, long rowNumber) {
      if (row.isNullAt(1)) {
        throw error(rowNumber, weightCol, "missing weight in column");
      }
      double w = finite(((Number) row.get(1)).doubleValue(), rowNumber, weightCol);
      if (w < 0) {
        throw error(rowNumber, weightCol, "weight " + w + " in column is negative; weights must be >= 0");
      }
      return w;
    }

    /** A row read for {@code predict}: the features from column 0 on, then the kept values as they are. */
    private ParsedRow unlabelled(Row row, long rowNumber, long ordinal) {
      int keptFrom = vector ? 1 : features.length;
      Object[] kept = new Object[keptColumns];
      for (int k = 0; k < kept.length; k++) {
        kept[k] = row.get(keptFrom + k);
      }
      if (vector) {
        Vector v = vector(row, 0, rowNumber);
        return new ParsedRow(indices(v), values(v, rowNumber), ordinal, kept);
      }
      return new ParsedRow(null, values(row, 0, rowNumber), ordinal, kept);
    }

    /** The numeric feature columns, which start at column {@code first}. */
    private double[] values(Row row, int first, long rowNumber) {
      double[] values = new double[features.length];
      for (int j = 0; j < values.length; j++) {
        if (row.isNullAt(first + j)) {
          throw error(rowNumber, features[j], "missing value in column");
        }
        values[j] = finite(((Number) row.get(first + j)).doubleValue(), rowNumber, features[j]);
      }
      return values;
    }

    /** The feature vector in column {@code at}, at most {@code numFeatures} long. */
    private Vector vector(Row row, int at, long rowNumber) {
      if (row.isNullAt(at)) {
        throw error(rowNumber, features[0], "missing feature vector");
      }
      Vector v = (Vector) row.get(at);
      if (numFeatures > 0 && v.size() > numFeatures) {
        throw error(rowNumber, features[0], "vector of size " + v.size() + ", expected " + numFeatures);
      }
      return v;
    }

    private double[] values(Vector v, long rowNumber) {
      double[] values = v instanceof SparseVector s ? s.values().clone() : ((DenseVector) v).values().clone();
      for (double x : values) {
        finite(x, rowNumber, features[0]);
      }
      return values;
    }

    private static int[] indices(Vector v) {
      return v instanceof SparseVector s ? s.indices().clone() : null;
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
