package io.sparkrbf.model;

import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.kernel.RbfShape;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained RBF network classifier: its parameters, the label of each class id (a number or
 * a name), the input scaling and projection learned in training, and how it was made.
 *
 * <p>Centers and widths live in the mapped input space: {@link #inputMap()} (the scaling, then
 * the projection) is applied to raw features before the network sees them.
 * {@link #numFeatures()} is the raw width users feed; {@code shape().numFeatures()} the width
 * the network sees (k with a projection).
 */
public final class RbfModel implements Serializable {
  private static final long serialVersionUID = 4L;

  private final LabelIndex classes;
  /** The scaling and the projection; built once, as the per-row path ({@link #scores}) maps every row through it. */
  private final InputMap inputMap;
  private final RbfParameters parameters;
  private final Map<String, Object> provenance;

  /**
   * @param classes the classes' labels; index = class id
   * @param standardization input scaling, or null when inputs are used as they are
   * @param projection applied to the scaled inputs, or null
   * @param parameters W, beta and C
   * @param provenance how the model was made (options, data, metrics, versions); JSON-like values
   */
  public RbfModel(LabelIndex classes, Standardization standardization, Projection projection,
                  RbfParameters parameters, Map<String, Object> provenance) {
    RbfShape shape = parameters.shape();
    if (classes.size() != shape.numClasses()) {
      throw new IllegalArgumentException(
          "model has " + classes.size() + " class labels but W has " + shape.numClasses() + " rows");
    }
    if (projection != null && projection.outputFeatures() != shape.numFeatures()) {
      throw new IllegalArgumentException("the projection gives " + projection.outputFeatures()
          + " features but the centers have " + shape.numFeatures());
    }
    int d = projection != null ? projection.inputFeatures() : shape.numFeatures();
    if (standardization != null && standardization.numFeatures() != d) {
      throw new IllegalArgumentException("standardization has " + standardization.numFeatures()
          + " features but the " + (projection != null ? "projection takes " : "centers have ") + d);
    }
    this.classes = classes;
    this.parameters = parameters;
    this.provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    this.inputMap = new InputMap(d, standardization, projection);
  }

  /** A model without a projection. */
  public RbfModel(LabelIndex classes, Standardization standardization, RbfParameters parameters,
                  Map<String, Object> provenance) {
    this(classes, standardization, null, parameters, provenance);
  }

  /**
   * A model of numeric classes.
   *
   * @param classes the label values in increasing order; index = class id
   */
  public RbfModel(double[] classes, Standardization standardization, RbfParameters parameters,
                  Map<String, Object> provenance) {
    this(new LabelIndex(classes), standardization, parameters, provenance);
  }

  public RbfShape shape() {
    return parameters.shape();
  }

  /** D, the number of raw features the model takes (the network sees {@code shape().numFeatures()}). */
  public int numFeatures() {
    return inputMap.inputFeatures();
  }

  /** The classes' labels, numbers or names; index = class id. */
  public LabelIndex labels() {
    return classes;
  }

  /** The numeric label values, index = class id; a model with named classes throws, naming them. */
  public double[] classes() {
    return classes.labels();
  }

  /** Input scaling, or null. */
  public Standardization standardization() {
    return inputMap.scaling();
  }

  /** The projection of the scaled inputs, or null. */
  public Projection projection() {
    return inputMap.projection();
  }

  /** The map from raw features to the network's: the scaling, then the projection. */
  public InputMap inputMap() {
    return inputMap;
  }

  public RbfParameters parameters() {
    return parameters;
  }

  public Map<String, Object> provenance() {
    return provenance;
  }

  /**
   * The network's scores {@code [1 phi(x)] W^T} for one row of raw features (mapped here):
   * the logits, in class-id order, whose softmax is the class probabilities. Computes
   * each distance directly, row by row: for scoring single rows (Spark ML's per-row
   * transform), where blocks and BLAS do not apply. Safe to call from many threads.
   */
  public double[] scores(double[] features) {
    RbfShape shape = shape();
    if (features.length != numFeatures()) {
      throw new IllegalArgumentException("the model takes " + numFeatures() + " features, got " + features.length);
    }
    double[] x = inputMap.apply(features);
    int d = shape.numFeatures();
    int n = shape.numCenters();
    int cols = shape.weightColumns();
    double[] theta = parameters.values();
    double[] phi = new double[n];
    for (int j = 0, c = shape.centersOffset(); j < n; j++, c += d) {
      double d2 = 0;
      for (int f = 0; f < d; f++) {
        double diff = x[f] - theta[c + f];
        d2 += diff * diff;
      }
      phi[j] = Math.exp(-theta[shape.betasOffset() + j] * d2);
    }
    double[] scores = new double[shape.numClasses()];
    for (int k = 0; k < scores.length; k++) {
      double z = theta[k * cols];
      for (int j = 0; j < n; j++) {
        z += theta[k * cols + 1 + j] * phi[j];
      }
      scores[k] = z;
    }
    return scores;
  }

  /** The same model with other parameters and provenance (classes, scaling and projection kept). */
  public RbfModel withParameters(RbfParameters newParameters, Map<String, Object> newProvenance) {
    return new RbfModel(classes, standardization(), projection(), newParameters, newProvenance);
  }
}
