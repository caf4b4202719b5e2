package io.sparkrbf.export;

import static io.sparkrbf.export.OnnxGraphBuilder.floatAttribute;
import static io.sparkrbf.export.OnnxGraphBuilder.intAttribute;
import static io.sparkrbf.export.OnnxGraphBuilder.intsAttribute;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.kernel.RbfShape;
import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.model.Projection;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.model.Standardization;
import io.sparkrbf.model.Versions;
import io.sparkrbf.persist.AtomicOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Writes a trained model's whole scoring path as a standard ONNX graph, so the model can be
 * served by any ONNX runtime, outside Spark and outside Java:
 * <pre>
 *   features [N, D] float32
 *   scaled   = (features - mean) / std                      (the stored scaling, if any)
 *   mapped   = (scaled - projection mean) V^T                (the stored projection, if any)
 *   d2       = max(0, ||x||^2 + ||c||^2 - 2 x C^T)            [N, M], x and C taken from the centers' mean
 *   phi      = exp(-beta * d2)
 *   logits   = phi W^T + bias                                 [N, K]
 *   probabilities = softmax(logits)                           [N, K] float32
 *   label    = class labels[argmax(logits)]                   [N]
 * </pre>
 * The label output holds the classes as the model knows them: int64 when every label is a
 * whole number, float64 when one is not, strings for named classes. The graph computes in
 * float32 (the parameters are rounded once, on export); it uses ONNX opset {@value #OPSET}
 * (IR version {@value #IR_VERSION}), which every current runtime supports.
 */
public final class OnnxExport {
  /** The ONNX operator set the graph is written for. */
  public static final int OPSET = 17;
  /** The ONNX IR version that goes with {@link #OPSET}. */
  public static final int IR_VERSION = 8;
  /** The graph's input: the raw features, float32 [N, D]. */
  public static final String FEATURES = "features";
  /** The graph's label output, [N]. */
  public static final String LABEL = "label";
  /** The graph's probability output, float32 [N, K], columns in the order of {@link RbfModel#labels()}. */
  public static final String PROBABILITIES = "probabilities";

  private OnnxExport() {
  }

  /** A protobuf message, so a whole ONNX file, holds less than 2 GiB; the graph's own bytes are far fewer. */
  static final long MAX_PARAMETER_BYTES = (1L << 31) - (1L << 20);

  /**
   * The model as a serialized ONNX ModelProto.
   *
   * @throws IllegalArgumentException when its parameters as float32 exceed what one ONNX file holds
   */
  public static byte[] toBytes(RbfModel model) {
    requireFits(parameterBytes(model));
    return graphOf(model).toByteArray();
  }

  static void requireFits(long parameterBytes) {
    if (parameterBytes > MAX_PARAMETER_BYTES) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "the model's parameters take %.2f GiB as float32, "
          + "more than the 2 GiB one ONNX file can hold (ONNX's external data files are not written); a model with "
          + "fewer centers, or trained with --projection, fits", parameterBytes / (double) (1L << 30)));
    }
  }

  /** The bytes of the graph's float32 constants: scaling, projection, centers, widths, weights. */
  static long parameterBytes(RbfModel model) {
    RbfShape shape = model.shape();
    long d = model.numFeatures();
    // centers with their squared norms and widths, weights with the bias, the centers' mean
    long values = (long) shape.numCenters() * (shape.numFeatures() + 2L)
        + (long) shape.numClasses() * (shape.numCenters() + 1L) + shape.numFeatures();
    if (model.standardization() != null) {
      values += 2 * d;
    }
    if (model.projection() != null) {
      values += d + d * model.projection().outputFeatures();
    }
    return Float.BYTES * values;
  }

  /**
   * Writes the model as an ONNX file at {@code path}, on any Hadoop file system, atomically;
   * an existing file is refused unless {@code overwrite}. Returns the file's size in bytes.
   */
  public static long write(RbfModel model, String path, boolean overwrite, Configuration conf) throws IOException {
    byte[] bytes = toBytes(model);
    AtomicOutput.write(path, overwrite, conf, out -> out.write(bytes));
    return bytes.length;
  }

  /** The element type of the label output for these classes: "int64", "double" or "string". */
  public static String labelTypeName(LabelIndex labels) {
    return switch (labelType(labels)) {
      case INT64 -> "int64";
      case DOUBLE -> "double";
      default -> "string";
    };
  }

  private static ModelProto graphOf(RbfModel model) {
    RbfShape shape = model.shape();
    OnnxGraphBuilder g = new OnnxGraphBuilder("spark_rbf",
        "RBF network classifier: " + shape.numCenters() + " Gaussian units, " + shape.numClasses() + " classes");
    g.input(FEATURES, TensorProto.DataType.FLOAT, model.numFeatures(),
        "raw features, " + model.numFeatures() + " per row, as the model was trained on them");
    String phi = gaussianLayer(g, mappedInputs(g, model), model.parameters());
    outputs(g, phi, model);

    ModelProto.Builder onnx = ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setProducerName("spark-rbf")
        .setProducerVersion(Versions.sparkRbf())
        .setDomain("io.sparkrbf")
        .setModelVersion(1)
        .setDocString("RBF network classifier trained by spark-rbf")
        .setGraph(g.build());
    metadata(model).forEach((key, value) ->
        onnx.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
    return onnx.build();
  }

  /** The model's input map as nodes: the scaling, then the projection, each when the model has one. */
  private static String mappedInputs(OnnxGraphBuilder g, RbfModel model) {
    String x = FEATURES;
    Standardization scaling = model.standardization();
    if (scaling != null) {
      long d = scaling.numFeatures();
      x = g.node("Sub", "centered_features", new String[] {x, g.floats("scaling_mean", scaling.mean(), d)});
      x = g.node("Div", "scaled_features", new String[] {x, g.floats("scaling_std", scaling.std(), d)});
    }
    Projection projection = model.projection();
    if (projection != null) {
      int d = projection.inputFeatures();
      int k = projection.outputFeatures();
      x = g.node("Sub", "projection_centered", new String[] {x, g.floats("projection_mean", projection.mean(), d)});
      x = g.node("MatMul", "projected_features",
          new String[] {x, g.floats("projection_components_t", transposed(projection.components()), d, k)});
    }
    return x;
  }

  /**
   * phi = exp(-beta * max(0, ||x||^2 + ||c||^2 - 2 x C^T)), [N, M]. Distances are taken from the
   * centers' mean, ||x - c|| = ||(x - o) - (c - o)||: the expansion loses float32 digits in
   * proportion to ||x||^2 + ||c||^2, large for unscaled inputs.
   */
  private static String gaussianLayer(OnnxGraphBuilder g, String x, RbfParameters p) {
    int m = p.shape().numCenters();
    int n = p.shape().numFeatures();
    double[][] centers = p.centers();
    double[] origin = new double[n];
    for (double[] c : centers) {
      for (int f = 0; f < n; f++) {
        origin[f] += c[f] / m;
      }
    }
    double[] centerSquares = new double[m];
    double[] negativeBetas = new double[m];
    for (int j = 0; j < m; j++) {
      double s = 0;
      for (int f = 0; f < n; f++) {
        centers[j][f] -= origin[f];
        s += centers[j][f] * centers[j][f];
      }
      centerSquares[j] = s;
      negativeBetas[j] = -p.beta(j);
    }
    String shifted = g.node("Sub", "from_centers_mean", new String[] {x, g.floats("centers_mean", origin, n)});
    String rowSquares = g.node("ReduceSumSquare", "row_squared_norms", new String[] {shifted},
        intsAttribute("axes", 1), intAttribute("keepdims", 1));
    // ||c||^2 - 2 x C^T in one Gemm, then + ||x||^2, clamped at 0 (rounding can make it slightly negative)
    String cross = g.node("Gemm", "center_terms",
        new String[] {shifted, g.floats("centers", flat(centers), m, n),
            g.floats("center_squared_norms", centerSquares, m)},
        floatAttribute("alpha", -2f), floatAttribute("beta", 1f), intAttribute("transB", 1));
    String d2 = g.node("Add", "squared_distances_unclamped", new String[] {cross, rowSquares});
    d2 = g.node("Relu", "squared_distances", new String[] {d2});
    String scaled = g.node("Mul", "scaled_distances", new String[] {d2, g.floats("negative_betas", negativeBetas, m)});
    return g.node("Exp", "gaussian_units", new String[] {scaled});
  }

  /** The linear layer on phi, then the graph's outputs: softmax probabilities, and the label of the largest logit. */
  private static void outputs(OnnxGraphBuilder g, String phi, RbfModel model) {
    int m = model.shape().numCenters();
    int classes = model.shape().numClasses();
    double[][] w = model.parameters().weights();
    double[] bias = new double[classes];
    double[] unitWeights = new double[classes * m];
    for (int c = 0; c < classes; c++) {
      bias[c] = w[c][0];
      System.arraycopy(w[c], 1, unitWeights, c * m, m);
    }
    String logits = g.node("Gemm", "logits",
        new String[] {phi, g.floats("weights", unitWeights, classes, m), g.floats("bias", bias, classes)},
        intAttribute("transB", 1));
    g.node("Softmax", PROBABILITIES, new String[] {logits}, intAttribute("axis", 1));
    String index = g.node("ArgMax", "class_index", new String[] {logits}, intAttribute("axis", 1),
        intAttribute("keepdims", 0));
    LabelIndex labels = model.labels();
    TensorProto.DataType labelType = labelType(labels);
    String table = switch (labelType) {
      case INT64 -> g.longs("class_labels", wholeNumbers(labels.labels()));
      case DOUBLE -> g.doubles("class_labels", labels.labels());
      default -> g.strings("class_labels", names(labels));
    };
    g.node("Gather", LABEL, new String[] {table, index}, intAttribute("axis", 0));
    g.output(LABEL, labelType, "the predicted class, as the training data wrote it");
    g.output(PROBABILITIES, TensorProto.DataType.FLOAT,
        "class probabilities, one column per class, in the order of the metadata entry 'classes'", classes);
  }

  /** int64 for whole-number labels, float64 for other numbers, string for names. */
  private static TensorProto.DataType labelType(LabelIndex labels) {
    if (labels.isNamed()) {
      return TensorProto.DataType.STRING;
    }
    for (double v : labels.labels()) {
      if (v != Math.rint(v) || Math.abs(v) >= 0x1p53) {
        return TensorProto.DataType.DOUBLE;
      }
    }
    return TensorProto.DataType.INT64;
  }

  private static Map<String, String> metadata(RbfModel model) {
    Map<String, String> m = new LinkedHashMap<>();
    try {
      m.put("classes", new ObjectMapper().writeValueAsString(model.labels().jsonValues()));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    m.put("scaling", model.standardization() == null ? "none" : model.standardization().mode().id());
    m.put("projection", model.projection() == null ? "none" : model.projection().describe());
    m.put("centers", Integer.toString(model.shape().numCenters()));
    return m;
  }

  private static long[] wholeNumbers(double[] values) {
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (long) values[i];
    }
    return out;
  }

  private static String[] names(LabelIndex labels) {
    String[] out = new String[labels.size()];
    for (int c = 0; c < out.length; c++) {
      out[c] = labels.name(c);
    }
    return out;
  }

  /** rows x cols, row-major. */
  private static double[] flat(double[][] rows) {
    int cols = rows[0].length;
    double[] out = new double[rows.length * cols];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, out, r * cols, cols);
    }
    return out;
  }

  /** The transpose of rows x cols, row-major: cols x rows. */
  private static double[] transposed(double[][] rows) {
    int cols = rows[0].length;
    double[] out = new double[rows.length * cols];
    for (int r = 0; r < rows.length; r++) {
      for (int c = 0; c < cols; c++) {
        out[c * rows.length + r] = rows[r][c];
      }
    }
    return out;
  }
}
