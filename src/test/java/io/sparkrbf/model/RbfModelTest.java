package io.sparkrbf.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkrbf.kernel.Block;
import io.sparkrbf.kernel.BlockKernel;
import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.kernel.RbfShape;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RbfModelTest {

  /** The per-row scores (Spark ML's transform) against the blocked kernel (the CLI's predict). */
  @Test
  void rowScoresGiveTheBlockedKernelsProbabilities() {
    Random rnd = new Random(5);
    RbfShape shape = new RbfShape(3, 7, 4);
    double[] theta = new double[shape.size()];
    for (int i = 0; i < theta.length; i++) {
      theta[i] = rnd.nextGaussian();
    }
    for (int j = 0; j < shape.numCenters(); j++) {
      theta[shape.betasOffset() + j] = 0.1 + rnd.nextDouble();
    }
    Standardization scaling = new Standardization(ScalingMode.ZSCORE, new double[] {1, -2, 0.5},
        new double[] {2, 0.5, 3});
    RbfModel model = new RbfModel(new double[] {0, 1, 2, 5}, scaling, new RbfParameters(shape, theta), Map.of());
    int rows = 6;
    double[][] raw = new double[rows][3];
    double[] scaled = new double[rows * 3];
    for (int i = 0; i < rows; i++) {
      for (int f = 0; f < 3; f++) {
        raw[i][f] = 4 * rnd.nextGaussian();
      }
      System.arraycopy(raw[i], 0, scaled, i * 3, 3);
      scaling.applyInPlace(scaled, i * 3);
    }
    BlockKernel kernel = new BlockKernel(shape, 0.0);
    kernel.bind(model.parameters());
    double[] logP = kernel.logProbabilities(new Block(rows, 3, scaled, new int[rows]));

    for (int i = 0; i < rows; i++) {
      double[] z = model.scores(raw[i]);
      double max = Math.max(Math.max(z[0], z[1]), Math.max(z[2], z[3]));
      double logSum = max + Math.log(Math.exp(z[0] - max) + Math.exp(z[1] - max) + Math.exp(z[2] - max)
          + Math.exp(z[3] - max));
      for (int c = 0; c < 4; c++) {
        assertEquals(logP[i * 4 + c], z[c] - logSum, 1e-10, "row " + i + " class " + c);
      }
    }
  }
}
