package io.sparkrbf.ml;

import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.export.OnnxExport;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.persist.ModelFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * A trained RBF network as a Spark ML {@link org.apache.spark.ml.Transformer}: adds the
 * raw prediction (the network's logits), the class probabilities (their softmax) and the
 * predicted class index to a DataFrame of feature vectors. {@link #transform} scores the
 * rows in dense blocks with the training kernel's BLAS products rather than one at a time;
 * the single-row methods ({@link #predictRaw}, {@code predict}) remain for Spark's per-row uses.
 *
 * <p>It wraps the same {@link RbfModel} the command line writes, so a model moves both
 * ways: {@link #exportModel} writes the JSON model file that {@code rbf evaluate} and
 * {@code rbf predict} read, and {@link #importModel} wraps a model file trained by
 * {@code rbf train}. Spark ML saves ({@link #write()}) keep the params as Spark's metadata
 * and the network as that same JSON file under {@code data/}.
 *
 * <p>Spark ML predicts class indices, so the model's classes must be non-negative integer
 * labels; output position {@code c} is label {@code c}, and positions of labels the model
 * has no class for get a raw score of minus infinity (probability 0).
 */
public final class RbfClassificationModel
    extends ProbabilisticClassificationModel<Vector, RbfClassificationModel> implements MLWritable {
  private static final long serialVersionUID = 1L;
  private static final String DATA_FILE = "data/model.json";
  private static final Logger LOG = LoggerFactory.getLogger(RbfClassificationModel.class);

  private String uid;
  private final RbfModel model;
  private final int[] positions;
  private final int numClasses;

  /** Wraps {@code model} as a stage with the given uid. */
  public RbfClassificationModel(String uid, RbfModel model) {
    this(ConstructionUid.park(uid), model);
  }

  private RbfClassificationModel(ConstructionUid.Parked parked, RbfModel model) {
    super();
    this.model = model;
    this.positions = positionsOf(model.labels());
    this.numClasses = Arrays.stream(positions).max().orElse(-1) + 1;
  }

  private static int[] positionsOf(LabelIndex labels) {
    if (labels.isNamed()) {
      throw new IllegalArgumentException("Spark ML predicts class indices 0, 1, ..., but this model's classes are named "
          + labels + "; score it with submit/rbf predict, or retrain on labels indexed with StringIndexer");
    }
    double[] classes = labels.labels();
    int[] positions = new int[classes.length];
    for (int c = 0; c < classes.length; c++) {
      double label = classes[c];
      if (!(label >= 0 && label < DataFrameRows.MAX_CLASSES && label == Math.rint(label))) {
        throw new IllegalArgumentException("Spark ML predicts class indices 0, 1, ... below " + DataFrameRows.MAX_CLASSES
            + ", but this model's classes are " + new LabelIndex(classes)
            + "; retrain on labels indexed with StringIndexer");
      }
      positions[c] = (int) label;
    }
    return positions;
  }

  @Override
  public String uid() {
    if (uid == null) {
      uid = ConstructionUid.take("rbfClassificationModel");
    }
    return uid;
  }

  /** The network, as the command line reads and writes it. */
  public RbfModel rbfModel() {
    return model;
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  @Override
  public int numFeatures() {
    return model.numFeatures();
  }

  /**
   * Scores the DataFrame in blocks: each partition's feature vectors are stacked into dense
   * blocks, scaled, and run through the training kernel's BLAS products, which makes bulk
   * scoring several times faster than Spark's per-row path ({@link #transformRowWise}). The
   * output is that path's: the input columns unchanged and in order, then the raw
   * prediction, probability and prediction columns (each skipped when its param is
   * {@code ""}), with Spark's column metadata and the same values to rounding. A feature
   * vector that is null, of another size than the model's or holds a non-finite value fails
   * the job with an error naming the column, partition and row.
   */
  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType outputSchema = transformSchema(dataset.schema(), true);
    if (isDefined(thresholds()) && getThresholds().length != numClasses) {
      throw new IllegalArgumentException("RbfClassificationModel.transform() called with non-matching numClasses and "
          + "thresholds.length. numClasses=" + numClasses + ", but thresholds has length " + getThresholds().length);
    }
    List<String> added = outputColumns();
    if (added.isEmpty()) {
      LOG.warn("{}: RbfClassificationModel.transform() does nothing because no output columns were set.", uid());
      return dataset.toDF();
    }
    BlockScorer scorer = new BlockScorer(this, dataset.schema().fieldIndex(getFeaturesCol()), getFeaturesCol(),
        !getRawPredictionCol().isEmpty(), !getProbabilityCol().isEmpty(), !getPredictionCol().isEmpty());
    Dataset<Row> scored = dataset.toDF().mapPartitions(scorer, Encoders.row(outputSchema));
    // the row encoder keeps names and types but drops column metadata: put it back
    return scored.select(Arrays.stream(outputSchema.fields())
        .map(f -> scored.col("`" + f.name().replace("`", "``") + "`").as(f.name(), f.metadata()))
        .toArray(Column[]::new));
  }

  /**
   * Spark ML's own per-row transform ({@code ProbabilisticClassificationModel.transform}: a UDF
   * calling {@link #predictRaw} per row, then the probability and prediction from it): the
   * same output as {@link #transform}, slower; kept as the reference it is tested and
   * benchmarked against.
   */
  public Dataset<Row> transformRowWise(Dataset<?> dataset) {
    return super.transform(dataset);
  }

  /**
   * Spark's output schema with the added columns in the order {@link #transform} appends them:
   * raw prediction, probability, prediction. Spark's own {@code transformSchema} validates
   * the input and gives each added column its type and metadata (the raw prediction and
   * probability an attribute group of {@link #numClasses} values, the prediction a nominal
   * attribute with that many values), but lists the prediction first.
   */
  @Override
  public StructType transformSchema(StructType schema) {
    StructType spark = super.transformSchema(schema);
    StructType output = schema;
    for (String name : outputColumns()) {
      output = output.add(spark.apply(name));
    }
    return output;
  }

  /** The columns transform adds, in order: those of the raw prediction, probability and prediction that are named. */
  private List<String> outputColumns() {
    return Stream.of(getRawPredictionCol(), getProbabilityCol(), getPredictionCol()).filter(c -> !c.isEmpty()).toList();
  }

  /** The network's scores per class index: its logits, minus infinity for labels it has no class for. */
  @Override
  public Vector predictRaw(Vector features) {
    return rawPrediction(model.scores(features.toArray()), 0);
  }

  /** The raw prediction of the network's K logits starting at {@code scores[from]}, as {@link #predictRaw} gives it. */
  Vector rawPrediction(double[] scores, int from) {
    double[] raw = new double[numClasses];
    Arrays.fill(raw, Double.NEGATIVE_INFINITY);
    for (int c = 0; c < positions.length; c++) {
      raw[positions[c]] = scores[from + c];
    }
    return Vectors.dense(raw);
  }

  /** Softmax of the raw scores, shifted by their largest value so nothing overflows. */
  @Override
  public Vector raw2probabilityInPlace(Vector rawPrediction) {
    double[] v = ((DenseVector) rawPrediction).values();
    double max = Arrays.stream(v).max().orElse(0);
    double sum = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.exp(v[i] - max);
      sum += v[i];
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= sum;
    }
    return rawPrediction;
  }

  /**
   * Spark's own (training-summary support); restated only because Java sees two inherited
   * declarations of it where Scala sees one override.
   */
  @Override
  @SuppressWarnings({"rawtypes", "unchecked"}) // Scala's Tuple3 is covariant, Java's view of it is not
  public scala.Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  @Override
  public RbfClassificationModel copy(ParamMap extra) {
    return copyValues(new RbfClassificationModel(uid(), model), extra).setParent(parent());
  }

  /**
   * Writes the network as the command line's JSON model file, on any Hadoop file system;
   * an existing file is refused unless {@code overwrite}.
   */
  public void exportModel(String path, boolean overwrite, Configuration conf) {
    try {
      ModelFile.write(model, path, overwrite, conf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes the network as an ONNX graph for serving outside Spark ({@link OnnxExport}: input
   * {@code features}, outputs {@code label} and {@code probabilities}), on any Hadoop file
   * system; an existing file is refused unless {@code overwrite}.
   */
  public void exportOnnx(String path, boolean overwrite, Configuration conf) {
    try {
      OnnxExport.write(model, path, overwrite, conf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  /** The network as a serialized ONNX model ({@link #exportOnnx}), for code that stores it itself. */
  public byte[] toOnnx() {
    return OnnxExport.toBytes(model);
  }

  /** Wraps a JSON model file written by {@code rbf train} or {@link #exportModel}. */
  public static RbfClassificationModel importModel(String path, Configuration conf) {
    try {
      return new RbfClassificationModel(ConstructionUid.take("rbfClassificationModel"), ModelFile.read(path, conf));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  /** Reads a model saved with {@code write().save(path)}. */
  public static MLReader<RbfClassificationModel> read() {
    return new Reader();
  }

  public static RbfClassificationModel load(String path) {
    return read().load(path);
  }

  /** Spark's params metadata, then the network as the JSON model file. */
  private static final class Writer extends MLWriter {
    private final RbfClassificationModel instance;

    Writer(RbfClassificationModel instance) {
      this.instance = instance;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter.saveMetadata(instance, path, sc(), Option.empty(), Option.empty());
      instance.exportModel(new Path(path, DATA_FILE).toString(), false, sc().hadoopConfiguration());
    }
  }

  private static final class Reader extends MLReader<RbfClassificationModel> {
    @Override
    public RbfClassificationModel load(String path) {
      DefaultParamsReader.Metadata metadata = DefaultParamsReader.loadMetadata(path, sc(),
          RbfClassificationModel.class.getName());
      RbfClassificationModel model = importModel(new Path(path, DATA_FILE).toString(), sc().hadoopConfiguration());
      RbfClassificationModel withUid = new RbfClassificationModel(metadata.uid(), model.rbfModel());
      metadata.getAndSetParams(withUid, Option.empty());
      return withUid;
    }
  }
}
