package io.sparkrbf.ml;

import io.sparkrbf.kernel.Block;
import io.sparkrbf.kernel.BlockKernel;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.model.InputMap;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Scores a DataFrame partition in dense blocks, the way training reads its rows: up to
 * {@link #BLOCK_ROWS} feature vectors stacked into one block, scaled with the model's
 * standardization, run through the training kernel's BLAS products for their logits; then
 * each input row comes out with the columns Spark ML's per-row transform appends, computed
 * from the logits by the model's own per-row methods: the raw prediction, its probabilities
 * and the predicted class, each only when its column is named.
 *
 * <p>A partition is held one block at a time; an empty one gives no rows.
 */
final class BlockScorer implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /** Rows per block, as the command line's {@code predict} scores: large enough for BLAS, small for any executor. */
  static final int BLOCK_ROWS = 1024;

  private final RbfClassificationModel model;
  private final int featuresIndex;
  private final String featuresCol;
  private final boolean withRaw;
  private final boolean withProbability;
  private final boolean withPrediction;

  /**
   * @param model the Spark ML model whose per-row methods turn logits into the output values
   * @param featuresIndex the position of the feature vector column in the input rows
   * @param featuresCol its name, for errors
   * @param withRaw whether to append the raw prediction (then the probability, then the
   *     prediction, each when its flag is set, as Spark ML orders them)
   */
  BlockScorer(RbfClassificationModel model, int featuresIndex, String featuresCol, boolean withRaw,
              boolean withProbability, boolean withPrediction) {
    this.model = model;
    this.featuresIndex = featuresIndex;
    this.featuresCol = featuresCol;
    this.withRaw = withRaw;
    this.withProbability = withProbability;
    this.withPrediction = withPrediction;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    return new Scored(rows, TaskContext.getPartitionId());
  }

  /**
   * The output values of one row, from its raw prediction, by the branches of Spark's
   * {@code ProbabilisticClassificationModel.transform}: the prediction comes from the raw
   * prediction when that column is named, else from the probabilities when those are.
   */
  private Object[] outputs(Vector raw) {
    Object[] values = new Object[(withRaw ? 1 : 0) + (withProbability ? 1 : 0) + (withPrediction ? 1 : 0)];
    int at = 0;
    if (withRaw) {
      values[at++] = raw;
    }
    Vector probability = withProbability ? model.raw2probability(raw) : null;
    if (withProbability) {
      values[at++] = probability;
    }
    if (withPrediction) {
      values[at] = !withRaw && withProbability ? model.probability2prediction(probability)
          : model.raw2prediction(raw);
    }
    return values;
  }

  /** The scored rows of one partition, computed a block at a time as the consumer asks for them. */
  private final class Scored implements Iterator<Row> {
    private final Iterator<Row> rows;
    private final int partition;
    private final int d;
    private final int k;
    private final InputMap map;
    private final BlockKernel kernel;
    private final double[] features;
    private final Row[] inputs = new Row[BLOCK_ROWS];
    private final Row[] outputs = new Row[BLOCK_ROWS];
    private long position;
    private int next;
    private int count;

    Scored(Iterator<Row> rows, int partition) {
      RbfModel network = model.rbfModel();
      this.rows = rows;
      this.partition = partition;
      this.d = network.numFeatures();
      this.k = network.shape().numClasses();
      this.map = network.inputMap();
      this.kernel = new BlockKernel(network.shape(), 0.0);
      kernel.bind(network.parameters());
      this.features = new double[BLOCK_ROWS * d];
    }

    @Override
    public boolean hasNext() {
      if (next == count && rows.hasNext()) {
        scoreNextBlock();
      }
      return next < count;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Row row = outputs[next];
      outputs[next++] = null;
      return row;
    }

    private void scoreNextBlock() {
      int b = 0;
      while (b < BLOCK_ROWS && rows.hasNext()) {
        Row row = rows.next();
        Vector v = DataFrameRows.checkedFeatures(row.get(featuresIndex), partition, position++, featuresCol, d);
        int offset = b * d;
        if (v instanceof SparseVector s) {
          Arrays.fill(features, offset, offset + d, 0.0);
          int[] indices = s.indices();
          double[] values = s.values();
          for (int i = 0; i < indices.length; i++) {
            features[offset + indices[i]] = values[i];
          }
        } else {
          System.arraycopy(((DenseVector) v).values(), 0, features, offset, d);
        }
        inputs[b++] = row;
      }
      double[] logits = kernel.logits(new Block(b, map.outputFeatures(), map.applyToRows(features, b), new int[b]));
      for (int i = 0; i < b; i++) {
        Row input = inputs[i];
        Object[] added = outputs(model.rawPrediction(logits, i * k));
        Object[] values = new Object[input.length() + added.length];
        for (int c = 0; c < input.length(); c++) {
          values[c] = input.get(c);
        }
        System.arraycopy(added, 0, values, input.length(), added.length);
        outputs[i] = RowFactory.create(values);
        inputs[i] = null;
      }
      next = 0;
      count = b;
    }
  }
}
