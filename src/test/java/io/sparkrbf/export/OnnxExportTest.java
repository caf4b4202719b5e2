package io.sparkrbf.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.sparkrbf.kernel.BlockKernel;
import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.model.Projection;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.model.ScalingMode;
import io.sparkrbf.model.Standardization;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The exported graph against the model itself, without Spark: models with random parameters
 * (each scaling mode, with and without a projection, numeric, fractional and named labels),
 * scored by ONNX Runtime and by {@link RbfModel#scores} and the kernel's softmax in double
 * precision, row by row.
 */
class OnnxExportTest {
  private static final int D = 7;
  private static final int CENTERS = 12;
  private static final int ROWS = 300;

  @Test
  void zscoreModelScoresLikeTheModel() throws Exception {
    check(model(new Random(1), ScalingMode.ZSCORE, false, new LabelIndex(new double[] {0, 1, 2})), 1e-6);
  }

  @Test
  void globalScalingAndAProjection() throws Exception {
    check(model(new Random(2), ScalingMode.GLOBAL, true, new LabelIndex(new double[] {-1, 1})), 1e-6);
  }

  @Test
  void unscaledModelWithFractionalLabels() throws Exception {
    check(model(new Random(3), ScalingMode.NONE, false, new LabelIndex(new double[] {0.5, 1.5, 7.25})), 1e-6);
  }

  @Test
  void namedClasses() throws Exception {
    check(model(new Random(4), ScalingMode.ZSCORE, true, LabelIndex.named(List.of("cat", "dog", "yak", "émeu"))),
        1e-6);
  }

  private static void check(RbfModel model, double tolerance) throws Exception {
    Random rnd = new Random(99);
    double[][] rows = new double[ROWS][D];
    for (double[] row : rows) {
      for (int f = 0; f < D; f++) {
        row[f] = (float) (10 * f + 3 * rnd.nextGaussian()); // float values, as the graph's input holds them
      }
    }
    try (OnnxRuntimeScorer onnx = new OnnxRuntimeScorer(OnnxExport.toBytes(model))) {
      OnnxRuntimeScorer.Scored scored = onnx.score(rows);
      double worst = 0;
      for (int r = 0; r < ROWS; r++) {
        double[] expected = model.scores(rows[r]);
        BlockKernel.logSoftmaxInPlace(expected, 0, expected.length);
        expected = Arrays.stream(expected).map(Math::exp).toArray();
        int best = BlockKernel.argmax(expected, 0, expected.length);
        for (int c = 0; c < expected.length; c++) {
          worst = Math.max(worst, Math.abs(expected[c] - scored.probabilities()[r][c]));
        }
        LabelIndex labels = model.labels();
        Object label = labelAt(scored.labels(), r);
        Object want = labels.isNamed() ? labels.name(best)
            : label instanceof Long ? (Object) (long) labels.labels()[best] : (Object) labels.labels()[best];
        assertEquals(want, label, "row " + r);
      }
      assertTrue(worst <= tolerance, "largest probability difference " + worst);
    }
  }

  private static Object labelAt(Object labels, int r) {
    if (labels instanceof long[] l) {
      return l[r];
    }
    if (labels instanceof double[] d) {
      return d[r];
    }
    return ((String[]) labels)[r];
  }

  static RbfModel model(Random rnd, ScalingMode scaling, boolean projected, LabelIndex labels) {
    Standardization standardization = null;
    if (scaling != ScalingMode.NONE) {
      double[] mean = new double[D];
      double[] std = new double[D];
      for (int f = 0; f < D; f++) {
        mean[f] = scaling == ScalingMode.GLOBAL ? 0 : 10 * f;
        std[f] = scaling == ScalingMode.GLOBAL ? 25 : 2 + rnd.nextDouble();
      }
      standardization = new Standardization(scaling, mean, std);
    }
    Projection projection = null;
    int width = D;
    if (projected) {
      double[] covariance = new double[D * D];
      double[][] a = new double[D][D];
      for (double[] row : a) {
        for (int f = 0; f < D; f++) {
          row[f] = rnd.nextGaussian();
        }
      }
      for (int i = 0; i < D; i++) {
        for (int j = 0; j < D; j++) {
          for (int t = 0; t < D; t++) {
            covariance[j * D + i] += a[i][t] * a[j][t];
          }
        }
      }
      double[] mean = new double[D];
      for (int f = 0; f < D; f++) {
        mean[f] = 0.1 * rnd.nextGaussian();
      }
      projection = Projection.principalComponents(mean, covariance).first(4);
      width = 4;
    }
    int k = labels.size();
    double[][] weights = new double[k][CENTERS + 1];
    for (double[] row : weights) {
      for (int j = 0; j <= CENTERS; j++) {
        row[j] = 3 * rnd.nextGaussian();
      }
    }
    double[] betas = new double[CENTERS];
    double[][] centers = new double[CENTERS][width];
    double spread = scaling == ScalingMode.NONE ? 10 : 1;
    for (int j = 0; j < CENTERS; j++) {
      betas[j] = (0.2 + rnd.nextDouble()) / (spread * spread * width);
      for (int f = 0; f < width; f++) {
        centers[j][f] = scaling == ScalingMode.NONE ? 10 * f + spread * rnd.nextGaussian() : rnd.nextGaussian();
      }
    }
    return new RbfModel(labels, standardization, projection, RbfParameters.of(weights, betas, centers), Map.of());
  }

  @Test
  void aModelTooLargeForOneOnnxFileIsRefusedBeforeAnythingIsBuilt() throws Exception {
    for (RbfModel model : List.of(model(new Random(6), ScalingMode.ZSCORE, true, new LabelIndex(new double[] {0, 1})),
        model(new Random(7), ScalingMode.NONE, false, new LabelIndex(new double[] {0, 1, 2})))) {
      long floats = 0;
      for (var tensor : ModelProto.parseFrom(OnnxExport.toBytes(model)).getGraph().getInitializerList()) {
        floats += tensor.getDataType() == TensorProto.DataType.FLOAT_VALUE ? tensor.getRawData().size() : 0;
      }
      assertEquals(floats, OnnxExport.parameterBytes(model), "the size check counts what the graph holds");
    }
    OnnxExport.requireFits(OnnxExport.MAX_PARAMETER_BYTES);
    IllegalArgumentException tooLarge = assertThrows(IllegalArgumentException.class,
        () -> OnnxExport.requireFits(3L << 30));
    assertEquals("the model's parameters take 3.00 GiB as float32, more than the 2 GiB one ONNX file can hold (ONNX's "
        + "external data files are not written); a model with fewer centers, or trained with --projection, fits",
        tooLarge.getMessage());
  }

  @Test
  void declaresItsOpsetAndDynamicBatch() throws Exception {
    RbfModel model = model(new Random(5), ScalingMode.ZSCORE, false, new LabelIndex(new double[] {1, 2}));
    try (OnnxRuntimeScorer onnx = new OnnxRuntimeScorer(OnnxExport.toBytes(model))) {
      ModelProto proto = ModelProto.parseFrom(OnnxExport.toBytes(model));
      assertEquals(OnnxExport.OPSET, proto.getOpsetImport(0).getVersion());
      assertEquals(OnnxExport.IR_VERSION, proto.getIrVersion());
      Map<String, String> metadata = new java.util.TreeMap<>();
      proto.getMetadataPropsList().forEach(p -> metadata.put(p.getKey(), p.getValue()));
      assertEquals(Map.of("classes", "[1.0,2.0]", "scaling", "zscore", "projection", "none", "centers", "12"), metadata);
      String described = onnx.describe();
      assertTrue(described.contains("shape=[-1, 7]"), described);
      double[][] one = {new double[D]};
      assertEquals(1, onnx.score(one).probabilities().length);
      assertEquals(2, onnx.score(new double[][] {new double[D], new double[D]}).probabilities()[1].length);
    }
  }
}
