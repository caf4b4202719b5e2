package io.sparkrbf.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import io.sparkrbf.data.ParsedRow;
import io.sparkrbf.model.LabelIndex;
import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.util.MetadataUtils;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A Spark ML training DataFrame as the rows the trainer reads: a label column of class
 * indices 0, 1, ... (as Spark ML classifiers expect), a vector column of features, and an
 * optional column of instance weights.
 *
 * <p>The labels and weights are checked in one aggregation on the driver before training,
 * so a bad value fails fast with a message naming the column; the number of classes is
 * the label column's metadata when it has one (StringIndexer writes it), else the largest
 * label + 1.
 */
final class DataFrameRows {
  /** Spark ML's own cap on the classes inferred from label values (Classifier.getNumClasses). */
  static final int MAX_CLASSES = 1000;

  private final JavaRDD<ParsedRow> rows;
  private final int numFeatures;
  private final LabelIndex classes;

  private DataFrameRows(JavaRDD<ParsedRow> rows, int numFeatures, LabelIndex classes) {
    this.rows = rows;
    this.numFeatures = numFeatures;
    this.classes = classes;
  }

  JavaRDD<ParsedRow> rows() {
    return rows;
  }

  int numFeatures() {
    return numFeatures;
  }

  /** Class ids 0 .. K-1, labels equal to their ids. */
  LabelIndex classes() {
    return classes;
  }

  /** @param weightCol the weight column, or null when every row weighs 1 */
  static DataFrameRows of(Dataset<?> dataset, String labelCol, String featuresCol, String weightCol) {
    return of(dataset, labelCol, featuresCol, weightCol, "the training DataFrame");
  }

  /** As {@link #of(Dataset, String, String, String)}, with {@code name} naming the rows in messages. */
  static DataFrameRows of(Dataset<?> dataset, String labelCol, String featuresCol, String weightCol, String name) {
    Column label = col(labelCol).cast("double");
    Column weight = weightCol == null ? lit(1.0) : col(weightCol).cast("double");
    Dataset<Row> data = dataset.select(label.as("label"), col(featuresCol).as("features"), weight.as("weight"));
    Row stats = data.agg(count(lit(1)), count(col("label")), min("label"), max("label"),
        count(when(col("label").notEqual(floor(col("label"))), 1)),
        count(col("weight")), min("weight"), max("weight")).head();
    long rows = stats.getLong(0);
    if (rows == 0) {
      throw new IllegalArgumentException(name + " has no rows");
    }
    if (stats.getLong(1) != rows) {
      throw new IllegalArgumentException("label column '" + labelCol + "' has " + (rows - stats.getLong(1))
          + " null values");
    }
    double minLabel = stats.getDouble(2);
    double maxLabel = stats.getDouble(3);
    if (stats.getLong(4) > 0 || minLabel < 0 || Double.isNaN(maxLabel) || maxLabel >= MAX_CLASSES) {
      throw new IllegalArgumentException("label column '" + labelCol + "' must hold class indices 0, 1, ... below "
          + MAX_CLASSES + ", found values in [" + minLabel + ", " + maxLabel + "]"
          + (stats.getLong(4) > 0 ? " and " + stats.getLong(4) + " non-integers" : "")
          + "; index other labels with StringIndexer");
    }
    if (weightCol != null) {
      checkWeights(weightCol, rows - stats.getLong(5), stats.isNullAt(6) ? 0 : stats.getDouble(6),
          stats.isNullAt(7) ? 0 : stats.getDouble(7));
    }
    int numClasses = Math.max((int) maxLabel + 1, declaredClasses(dataset, labelCol));
    int numFeatures = data.select("features").head().<Vector>getAs(0).size();
    JavaRDD<ParsedRow> parsed = data.javaRDD().mapPartitionsWithIndex((partition, it) -> new Iterator<ParsedRow>() {
      private long row;

      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public ParsedRow next() {
        return toParsedRow(it.next(), partition, row++, numFeatures, featuresCol);
      }
    }, true);
    double[] ids = new double[numClasses];
    for (int c = 0; c < numClasses; c++) {
      ids[c] = c;
    }
    return new DataFrameRows(parsed, numFeatures, new LabelIndex(ids));
  }

  private static void checkWeights(String weightCol, long nulls, double min, double max) {
    if (nulls > 0 || !(min >= 0) || !Double.isFinite(max)) {
      throw new IllegalArgumentException("weight column '" + weightCol + "' must hold finite values >= 0"
          + (nulls > 0 ? ", found " + nulls + " nulls" : ", found values in [" + min + ", " + max + "]"));
    }
  }

  private static int declaredClasses(Dataset<?> dataset, String labelCol) {
    scala.Option<Object> declared = MetadataUtils.getNumClasses(dataset.schema().apply(labelCol));
    return declared.isDefined() ? (Integer) declared.get() : 0;
  }

  /** The row as the trainer reads it; its ordinal (which seeds sampling) comes from its partition and position. */
  private static ParsedRow toParsedRow(Row row, int partition, long position, int numFeatures, String featuresCol) {
    Vector v = checkedFeatures(row.get(1), partition, position, featuresCol, numFeatures);
    double[] values = v instanceof SparseVector s ? s.values() : ((DenseVector) v).values();
    long ordinal = ParsedRow.ordinalBase(partition) + position;
    int[] indices = v instanceof SparseVector s ? s.indices() : null;
    return new ParsedRow(row.getDouble(0), indices, values, ordinal, row.getDouble(2));
  }

  /**
   * A row's feature vector, for training and scoring alike: one that is null, of another size
   * than {@code numFeatures} or holds a non-finite value is refused with an error naming the
   * partition, the row (1-based, from its 0-based {@code position}) and the column.
   */
  static Vector checkedFeatures(Object value, int partition, long position, String featuresCol, int numFeatures) {
    Vector v = (Vector) value;
    if (v == null || v.size() != numFeatures) {
      throw new IllegalArgumentException(where(partition, position) + ": column '" + featuresCol + "' holds "
          + (v == null ? "null" : "a vector of size " + v.size()) + ", expected a vector of size " + numFeatures);
    }
    double[] values = v instanceof SparseVector s ? s.values() : ((DenseVector) v).values();
    for (double x : values) {
      if (!Double.isFinite(x)) {
        throw new IllegalArgumentException(where(partition, position) + ": column '" + featuresCol
            + "' holds the non-finite value " + x);
      }
    }
    return v;
  }

  private static String where(int partition, long position) {
    return "DataFrame partition " + partition + " row " + (position + 1);
  }
}
