package io.sparkrbf.config;

import io.sparkrbf.model.LabelIndex;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Weights per class ({@code --class-weight}, the Spark ML param {@code classWeight}) that multiply
 * the rows' instance weights, so a rare class counts as much as its weight says in the loss, the
 * input scaling and the k-means start: {@code balanced} gives class c the weight
 * {@code N / (K * N_c)}, with N the total instance weight, K the classes and N_c class c's total
 * (every class then weighs N / K in all); {@code c1:w1,c2:w2} gives the named classes those
 * weights (finite, > 0) and the others 1. Labels are written as the data writes them: numbers
 * ({@code 3} and {@code 3.0} are one class) or names.
 *
 * @param spec the text as given; empty for none
 * @param balanced whether the weights are {@code balanced}
 * @param given the weights by label text, in the order given (empty when balanced or none)
 */
public record ClassWeights(String spec, boolean balanced, Map<String, Double> given) {
  /** No class weights: every class weighs 1. */
  public static final ClassWeights NONE = new ClassWeights("", false, Map.of());

  /** The weights {@code spec} gives; empty or null is {@link #NONE}; a malformed spec is an {@link OptionException}. */
  public static ClassWeights parse(String spec) {
    if (spec == null || spec.isBlank()) {
      return NONE;
    }
    String text = spec.strip();
    if (text.equals("balanced")) {
      return new ClassWeights(text, true, Map.of());
    }
    Map<String, Double> given = new LinkedHashMap<>();
    for (String pair : text.split(",", -1)) {
      int colon = pair.lastIndexOf(':');
      String label = colon < 0 ? "" : pair.substring(0, colon).strip();
      if (label.isEmpty()) {
        throw new OptionException("--class-weight takes balanced or label:weight,... (e.g. 0:1,1:5), got '" + pair
            + "' in " + text);
      }
      double w = weight(pair.substring(colon + 1).strip(), pair);
      if (given.put(label, w) != null) {
        throw new OptionException("--class-weight gives class " + label + " twice: " + text);
      }
    }
    return new ClassWeights(text, false, Map.copyOf(given));
  }

  /** Whether every class weighs 1. */
  public boolean isNone() {
    return !balanced && given.isEmpty();
  }

  /**
   * The weight of each of {@code classes}, in class order; a label the spec names that is none of
   * the classes is an {@link OptionException} naming it and the classes.
   *
   * @param classTotals each class's total instance weight in the training data ({@code balanced} needs them)
   */
  public double[] resolve(LabelIndex classes, double[] classTotals) {
    double[] w = new double[classes.size()];
    Arrays.fill(w, 1.0);
    if (balanced) {
      double total = Arrays.stream(classTotals).sum();
      for (int c = 0; c < w.length; c++) {
        w[c] = classTotals[c] > 0 ? total / (w.length * classTotals[c]) : 1.0;
      }
      return w;
    }
    for (Map.Entry<String, Double> e : given.entrySet()) {
      w[classOf(classes, e.getKey())] = e.getValue();
    }
    return w;
  }

  private static int classOf(LabelIndex classes, String label) {
    int c;
    if (classes.isNamed()) {
      c = classes.classOf(Double.NaN, label);
    } else {
      try {
        c = classes.classOf(Double.parseDouble(label), null);
      } catch (NumberFormatException notANumber) {
        c = -1;
      }
    }
    if (c < 0) {
      throw new OptionException("--class-weight names class " + label + ", which is not a class of the training "
          + "data; the classes are " + classes);
    }
    return c;
  }

  private static double weight(String token, String pair) {
    double w;
    try {
      w = Double.parseDouble(token);
    } catch (NumberFormatException e) {
      w = Double.NaN;
    }
    if (!(w > 0) || !Double.isFinite(w)) {
      throw new OptionException("--class-weight weights must be finite numbers > 0, got '" + token + "' in " + pair);
    }
    return w;
  }
}
