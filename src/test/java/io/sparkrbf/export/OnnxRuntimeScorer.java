package io.sparkrbf.export;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Map;

/**
 * Scores rows with an exported ONNX graph in ONNX Runtime (CPU), as a serving system would:
 * float32 features in, the {@code label} and {@code probabilities} outputs back.
 */
public final class OnnxRuntimeScorer implements AutoCloseable {
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;

  public OnnxRuntimeScorer(byte[] onnx) throws OrtException {
    session = env.createSession(onnx, new OrtSession.SessionOptions());
  }

  /** What the graph gives for a batch of rows. */
  public record Scored(Object labels, float[][] probabilities) {
  }

  public Scored score(double[][] rows) throws OrtException {
    float[][] x = new float[rows.length][];
    for (int r = 0; r < rows.length; r++) {
      x[r] = new float[rows[r].length];
      for (int f = 0; f < x[r].length; f++) {
        x[r][f] = (float) rows[r][f];
      }
    }
    try (OnnxTensor input = OnnxTensor.createTensor(env, x);
         OrtSession.Result result = session.run(Map.of(OnnxExport.FEATURES, input))) {
      Object labels = result.get(OnnxExport.LABEL).orElseThrow().getValue();
      float[][] probabilities = (float[][]) result.get(OnnxExport.PROBABILITIES).orElseThrow().getValue();
      return new Scored(labels, probabilities);
    }
  }

  /** The graph's input and output names and types, as the runtime reads them. */
  public String describe() throws OrtException {
    return "inputs " + session.getInputInfo() + ", outputs " + session.getOutputInfo();
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
