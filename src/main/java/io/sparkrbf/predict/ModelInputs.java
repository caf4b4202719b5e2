package io.sparkrbf.predict;

import io.sparkrbf.data.Blockifier;
import io.sparkrbf.data.DataReader;
import io.sparkrbf.data.InputSpec;
import io.sparkrbf.kernel.Block;
import io.sparkrbf.kernel.Precision;
import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.model.RbfModel;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Reads data for an existing model: at most the model's number of features, the model's
 * scaling applied, and (for evaluation) only labels the model knows, each violation
 * reported with its file, line and token. Scoring runs in double precision whatever the
 * model was trained in.
 */
final class ModelInputs {
  /** Rows per block when scoring: large enough for BLAS, small enough for any executor. */
  static final int BLOCK_ROWS = 1024;

  private ModelInputs() {
  }

  static JavaRDD<Block> labelledBlocks(JavaSparkContext sc, RbfModel model, InputSpec input) {
    LabelIndex labels = model.labels();
    return Blockifier.toBlocks(new DataReader(sc, input.withNumFeatures(model.numFeatures()), labels),
        model.numFeatures(), model.standardization(), labels, BLOCK_ROWS, Precision.DOUBLE);
  }

  /** Blocks whose labels are ignored (all class 0): the input's label column may hold anything. */
  static JavaRDD<Block> unlabelledBlocks(JavaSparkContext sc, RbfModel model, InputSpec input) {
    return Blockifier.toBlocks(new DataReader(sc, input.withNumFeatures(model.numFeatures()), null),
        model.numFeatures(), model.standardization(), null, BLOCK_ROWS, Precision.DOUBLE);
  }
}
