package io.sparkrbf.model;

import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.kernel.RbfShape;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained RBF network classifier: its parameters, the label of each class id (a number or
 * a name), the input scaling learned in training, and how it was made.
 *
 * <p>Centers and widths live in the scaled input space; {@link #standardization()} is
 * applied to raw features before the network sees them.
 */
public final class RbfModel implements Serializable {
  private static final long serialVersionUID = 2L;

  private final LabelIndex classes;
  private final Standardization standardization;
  private final RbfParameters parameters;
  private final Map<String, Object> provenance;

  /**
   * @param classes the classes' labels; index = class id
   * @param standardization input scaling, or null when inputs are used as they are
   * @param parameters W, beta and C
   * @param provenance how the model was made (options, data, metrics, versions); JSON-like values
   */
  public RbfModel(LabelIndex classes, Standardization standardization, RbfParameters parameters,
                  Map<String, Object> provenance) {
    RbfShape shape = parameters.shape();
    if (classes.size() != shape.numClasses()) {
      throw new IllegalArgumentException(
          "model has " + classes.size() + " class labels but W has " + shape.numClasses() + " rows");
    }
    if (standardization != null && standardization.numFeatures() != shape.numFeatures()) {
      throw new IllegalArgumentException("standardization has " + standardization.numFeatures()
          + " features but the centers have " + shape.numFeatures());
    }
    this.classes = classes;
    this.standardization = standardization;
    this.parameters = parameters;
    this.provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
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

  public int numFeatures() {
    return parameters.shape().numFeatures();
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
    return standardization;
  }

  public RbfParameters parameters() {
    return parameters;
  }

  public Map<String, Object> provenance() {
    return provenance;
  }

  /**
   * The network's scores {@code [1 phi(x)] W^T} for one row of raw features (scaled here):
   * the logits, in class-id order, whose softmax is the class probabilities. Computes
   * each distance directly, row by row: for scoring single rows (Spark ML's per-row
   * transform), where blocks and BLAS do not apply. Safe to call from many threads.
   */
  public double[] scores(double[] features) {
    RbfShape shape = shape();
    int d = shape.numFeatures();
    if (features.length != d) {
      throw new IllegalArgumentException("the model takes " + d + " features, got " + features.length);
    }
    double[] x = features.clone();
    if (standardization != null) {
      standardization.applyInPlace(x, 0);
    }
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

  /** The same model with other parameters and provenance (classes and scaling kept). */
  public RbfModel withParameters(RbfParameters newParameters, Map<String, Object> newProvenance) {
    return new RbfModel(classes, standardization, newParameters, newProvenance);
  }
}
