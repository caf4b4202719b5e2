package io.sparkrbf.train;

/**
 * The model of the epoch with the lowest validation loss so far: its parameters exactly
 * (those the epoch ended with), their validation loss and accuracy, and how many epochs
 * since then brought no strictly lower loss. Kept by {@link ValidationWatch}, saved in
 * checkpoints so a resumed run keeps it.
 *
 * @param epoch the epoch whose parameters these are (the model {@code --epochs epoch} writes)
 * @param epochsWithoutImprovement epochs run after {@code epoch}, none with a lower validation loss
 */
public record BestModel(int epoch, double validationLoss, double validationAccuracy, double[] parameters,
                        int epochsWithoutImprovement) {

  /** The same best after one more epoch that did not improve on it. */
  BestModel notImprovedOn() {
    return new BestModel(epoch, validationLoss, validationAccuracy, parameters, epochsWithoutImprovement + 1);
  }
}
