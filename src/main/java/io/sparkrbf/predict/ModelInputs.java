package io.sparkrbf.predict;

import io.sparkrbf.data.Blockifier;
import io.sparkrbf.data.DataReader;
import io.sparkrbf.data.InputSpec;
import io.sparkrbf.data.ScoringColumns;
import io.sparkrbf.kernel.Block;
import io.sparkrbf.kernel.Precision;
import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.model.RbfModel;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Reads data for an existing model: at most the model's number of features, the model's
 * scaling applied, and (for evaluation) only labels the model knows, each violation
 * reported with its file, line and token; for prediction, rows without labels whose feature
 * columns the model's recorded names choose. Scoring runs in double precision whatever the
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
        model.inputMap(), labels, BLOCK_ROWS, Precision.DOUBLE);
  }

  /** A reader of the rows {@code predict} scores: no label needed, the feature columns by the model's names. */
  static DataReader scoringReader(JavaSparkContext sc, RbfModel model, InputSpec input, ScoringColumns columns) {
    return DataReader.forScoring(sc, input.withNumFeatures(model.numFeatures()), columns);
  }

  /**
   * The feature column names the model was trained on, as train records them in its
   * provenance ({@code data.featureColumns}), or null when it has none (trained on LIBSVM, or
   * written before they were recorded).
   */
  static List<String> recordedFeatureColumns(RbfModel model) {
    if (model.provenance().get("data") instanceof Map<?, ?> data && data.get("featureColumns") instanceof List<?> names
        && names.stream().allMatch(String.class::isInstance)) {
      return names.stream().map(String.class::cast).toList();
    }
    return null;
  }
}
