package io.sparkrbf.report;

import io.sparkrbf.config.TrainOptions;
import io.sparkrbf.model.Projection;
import io.sparkrbf.predict.Evaluation;
import io.sparkrbf.train.TrainingResult;
import java.util.Objects;

/**
 * Everything a training report shows, gathered by the command after training.
 *
 * @param trainPath the training data as the user gave it
 * @param testPath the test data, or null without one
 * @param numFeatures the model's number of features
 * @param result the history and the final metrics as training printed them
 * @param evaluation the final model scored on the test data when given, else on the training data
 * @param modelPath where the model was written
 * @param runSeconds wall time of the command up to the report
 * @param projection the model's projection, or null
 */
public record TrainingReport(TrainOptions config, String trainPath, String testPath, int numFeatures,
                             TrainingResult result, Evaluation evaluation, String modelPath, double runSeconds,
                             Projection projection) {

  /** The report of a model without a projection. */
  public TrainingReport(TrainOptions config, String trainPath, String testPath, int numFeatures,
                        TrainingResult result, Evaluation evaluation, String modelPath, double runSeconds) {
    this(config, trainPath, testPath, numFeatures, result, evaluation, modelPath, runSeconds, null);
  }

  public TrainingReport {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(trainPath, "trainPath");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(evaluation, "evaluation");
    if (result.history().isEmpty()) {
      throw new IllegalArgumentException("a training report needs at least one epoch");
    }
  }

  public boolean hasTest() {
    return testPath != null && result.test() != null;
  }

  /** "test" or "training": the data the confusion matrix and per-class metrics come from. */
  public String evaluatedOn() {
    return hasTest() ? "test" : "training";
  }
}
