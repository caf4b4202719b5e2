package io.sparkrbf.data;

import io.sparkrbf.config.TrainOptions;
import io.sparkrbf.kernel.Block;
import io.sparkrbf.model.InputMap;
import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.model.Projection;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.model.Standardization;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * The data of one training run and the owner of everything it caches: the parsed training
 * rows (cached while the run sets up), their summary, label set, scaling and projection, and the cached
 * blocks of the training and test data. Closing it unpersists every RDD it persisted, on
 * every path: a run that fails at any step of its setup or training leaves nothing cached,
 * which matters in a long-lived SparkSession (a notebook, a CrossValidator).
 *
 * <p>With a saved model to start from, the data must fit it: the model's number of features,
 * classes, scaling and projection are used instead of being learned.
 *
 * <p>Validation data, for early stopping, comes from a file read like the test data, from
 * rows the caller gives (the Spark ML API's validation indicator), or is held out of the
 * training rows ({@link ValidationSplit}); the training part alone then gives the summary,
 * labels, scaling, projection and the rows the centers are chosen from. Validation rows must
 * fit the training part's features and classes, and are cached as blocks like the test data.
 */
public final class TrainingData implements AutoCloseable {
  private final List<JavaRDD<?>> persisted = new ArrayList<>();
  private final String trainName;
  private final String testName;
  private final String validationName;
  private final List<String> featureColumns;
  /** The parsed rows as cached, the held-out validation rows included; {@link #rows} is their training part. */
  private JavaRDD<ParsedRow> parsed;
  private JavaRDD<ParsedRow> rows;
  private DatasetSummary summary;
  private LabelIndex labels;
  private InputMap inputMap;
  private JavaRDD<Block> trainBlocks;
  private JavaRDD<Block> testBlocks;
  private JavaRDD<Block> validationBlocks;
  private long validationRows;

  private TrainingData(String trainName, String testName, String validationName, List<String> featureColumns) {
    this.trainName = trainName;
    this.testName = testName;
    this.validationName = validationName;
    this.featureColumns = featureColumns;
  }

  /**
   * Reads, checks and caches the training data at {@code train} and, when not null, the test
   * data at {@code test} and the validation data at {@code validation}; with
   * {@link TrainOptions#validationFraction} the validation data is held out of {@code train}.
   *
   * @param start a saved model the run starts from, or null
   */
  public static TrainingData read(JavaSparkContext sc, TrainOptions options, InputSpec train, InputSpec test,
                                  InputSpec validation, RbfModel start) {
    int numFeatures = start != null ? start.numFeatures() : train.numFeatures();
    LabelIndex known = start != null ? start.labels() : null;
    DataReader reader = new DataReader(sc, train.withNumFeatures(numFeatures), known);
    JavaRDD<ParsedRow> rows = reader.read();
    String validationName = validation != null ? validation.path()
        : options.validationFraction() > 0 ? ValidationSplit.describe(train.path(), options) : null;
    return new TrainingData(train.path(), test == null ? null : test.path(), validationName, reader.featureColumns())
        .load(rows, reader.locator(), numFeatures, known, start, options, test, validation, null);
  }

  /**
   * Checks and caches rows the caller has read (the Spark ML API's DataFrame); no test data.
   *
   * @param validation the validation rows (the Spark ML API's indicator column), or null
   * @param name names the data in messages and provenance
   * @param numFeatures D, or 0 to take the widest row
   * @param classes the classes, which may include labels no row has, or null for the labels the rows have
   */
  public static TrainingData of(JavaRDD<ParsedRow> rows, JavaRDD<ParsedRow> validation, String name, int numFeatures,
                                LabelIndex classes, TrainOptions options) {
    String validationName = validation == null ? null : "validation rows of " + name;
    return new TrainingData(name, null, validationName, null).load(rows, RowLocator.partitions(name), numFeatures,
        classes, null, options, null, null, validation);
  }

  private TrainingData load(JavaRDD<ParsedRow> trainRows, RowLocator locator, int numFeatures, LabelIndex known,
                            RbfModel start, TrainOptions options, InputSpec test, InputSpec validation,
                            JavaRDD<ParsedRow> validationRows) {
    boolean loaded = false;
    try {
      parsed = persist(trainRows);
      ValidationSplit split = options.validationFraction() > 0
          ? new ValidationSplit(options.validationFraction(), options.seed()) : null;
      rows = split == null ? parsed : parsed.filter(split::trains);
      JavaRDD<ParsedRow> heldOut = split == null ? validationRows : parsed.filter(split::validates);
      summary = DatasetSummary.of(rows, numFeatures, trainName);
      labels = known != null ? known : summary.labels();
      if (labels.size() < 2) {
        throw new InputFormatException(trainName, 0, null, "the training data has only one class (label "
            + labels + "); a classifier needs at least two");
      }
      if (!options.classWeights().isNone()) {
        reweightClasses(options.classWeights().resolve(labels, summary.classWeights(labels)), numFeatures);
      }
      int d = summary.numFeatures();
      Standardization scaling = start != null ? start.standardization() : summary.scaling(options.scaling());
      Projection projection = start != null ? start.projection()
          : PrincipalComponents.fit(rows, locator, summary, scaling, options.projection(), options.aggregationDepth());
      inputMap = new InputMap(d, scaling, projection);
      trainBlocks = cache(Blockifier.toBlocks(rows, locator, inputMap, labels, options.blockRows(),
          options.precision()));
      if (test != null) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(rows.context());
        testBlocks = cache(Blockifier.toBlocks(new DataReader(sc, test.withNumFeatures(d), labels), inputMap,
            labels, options.blockRows(), options.precision()));
        if (testBlocks.isEmpty()) {
          throw new InputFormatException(test.path(), 0, null, "no data rows");
        }
      }
      if (validation != null) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(rows.context());
        validationBlocks = cacheValidation(Blockifier.toBlocks(new DataReader(sc, validation.withNumFeatures(d),
            labels), inputMap, labels, options.blockRows(), options.precision()));
      } else if (heldOut != null) {
        LabelIndex classes = labels;
        String training = split == null ? "the training rows" : "the training part";
        JavaRDD<ParsedRow> checked = heldOut.map(row -> {
          if (row.classIn(classes) < 0) {
            throw locator.error(row.ordinal(), "validation row of label " + (row.labelName() != null ? row.labelName()
                : row.label()) + ", a class " + training + " does not have");
          }
          return row;
        });
        validationBlocks = cacheValidation(Blockifier.toBlocks(checked, locator, inputMap, labels,
            options.blockRows(), options.precision()));
      }
      loaded = true;
      return this;
    } finally {
      if (!loaded) { // also on Spark's job failures, which are checked exceptions Java code cannot catch by type
        close();
      }
    }
  }

  /**
   * Multiplies each row's instance weight by its class's weight and summarizes the reweighted rows again, so
   * the scaling statistics and the start see the same weights as the loss (two more passes over cached rows).
   */
  private void reweightClasses(double[] classWeights, int numFeatures) {
    LabelIndex classes = labels;
    JavaRDD<ParsedRow> reweighted = persist(rows.map(r -> r.reweighted(classWeights[r.classIn(classes)])));
    rows.unpersist(false);
    persisted.remove(rows);
    rows = reweighted;
    summary = DatasetSummary.of(rows, numFeatures, trainName);
  }

  /** The parsed training rows: cached until {@link #releaseRows()}, for the summary and the choice of centers. */
  public JavaRDD<ParsedRow> rows() {
    if (rows == null) {
      throw new IllegalStateException("the parsed rows were released");
    }
    return rows;
  }

  /** Frees the parsed rows once the run has chosen its start: the epochs read only the blocks. */
  public void releaseRows() {
    if (parsed != null) {
      parsed.unpersist(false);
      persisted.remove(parsed);
      parsed = null;
      rows = null;
    }
  }

  public DatasetSummary summary() {
    return summary;
  }

  public LabelIndex labels() {
    return labels;
  }

  /** The input scaling: learned from the training data, or the starting model's; null for none. */
  public Standardization scaling() {
    return inputMap.scaling();
  }

  /** The map from the raw rows to the network's features: the scaling, then the projection. */
  public InputMap inputMap() {
    return inputMap;
  }

  /** D, the raw rows' width. */
  public int numFeatures() {
    return summary.numFeatures();
  }

  /** The width of the rows the network sees: k with a projection, else D. */
  public int networkFeatures() {
    return inputMap.outputFeatures();
  }

  /** The scaled, labelled training blocks, cached. */
  public JavaRDD<Block> trainBlocks() {
    return trainBlocks;
  }

  /** The test blocks, cached, or null without test data. */
  public JavaRDD<Block> testBlocks() {
    return testBlocks;
  }

  public String trainName() {
    return trainName;
  }

  /**
   * The names of the training data's feature columns (CSV, Parquet), in feature order, or
   * null where features are numbered rather than named (LIBSVM, a DataFrame's vector).
   */
  public List<String> featureColumns() {
    return featureColumns;
  }

  /** The test data's path, or null. */
  public String testName() {
    return testName;
  }

  /** The validation blocks, cached, or null without validation data. */
  public JavaRDD<Block> validationBlocks() {
    return validationBlocks;
  }

  /** The validation data's path or description, or null. */
  public String validationName() {
    return validationName;
  }

  /** The number of validation rows, 0 without validation data. */
  public long validationRows() {
    return validationRows;
  }

  /**
   * Mean squared distance of the rows the network sees to their mean: the sum of the scaled
   * variances, times the share of it the projection keeps (the sum of its components' variances).
   */
  public double scaledSpread() {
    double[] std = summary.std();
    double[] scale = inputMap.scaling() == null ? null : inputMap.scaling().std();
    double spread = 0;
    for (int f = 0; f < std.length; f++) {
      double s = scale == null ? std[f] : std[f] / scale[f];
      spread += s * s;
    }
    return inputMap.projection() == null ? spread : spread * inputMap.projection().keptShare();
  }

  /** Unpersists everything this run cached; safe to call more than once. */
  @Override
  public void close() {
    for (JavaRDD<?> rdd : persisted) {
      rdd.unpersist(false);
    }
    persisted.clear();
    parsed = null;
    rows = null;
  }

  private <T> JavaRDD<T> persist(JavaRDD<T> rdd) {
    JavaRDD<T> cached = rdd.persist(StorageLevel.MEMORY_AND_DISK());
    persisted.add(cached);
    return cached;
  }

  /** Caches the validation blocks and counts their rows; validation data without rows is refused. */
  private JavaRDD<Block> cacheValidation(JavaRDD<Block> blocks) {
    JavaRDD<Block> cached = persist(blocks);
    validationRows = cached.map(b -> (long) b.rows()).fold(0L, Long::sum);
    if (validationRows == 0) {
      throw new InputFormatException(validationName, 0, null, "no validation rows");
    }
    return cached;
  }

  /** Persists the blocks and builds them now, so a bad row fails here, during setup. */
  private JavaRDD<Block> cache(JavaRDD<Block> blocks) {
    JavaRDD<Block> cached = persist(blocks);
    cached.count();
    return cached;
  }
}
