package io.sparkrbf.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkrbf.kernel.Block;
import io.sparkrbf.kernel.BlockKernel;
import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.kernel.RbfShape;
import java.util.List;
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

  /** Callers that need numbers (Spark ML's class indices) get them, or a refusal naming the classes. */
  @Test
  void classesAreNumbersOrNamesAndOnlyNumbersGiveValues() {
    RbfParameters parameters = new RbfParameters(new RbfShape(1, 1, 2), new double[] {0, 1, 0, -1, 0.5, 0});
    RbfModel numbered = new RbfModel(new double[] {0, 3}, null, parameters, Map.of());
    RbfModel named = new RbfModel(LabelIndex.named(List.of("no", "yes")), null, parameters, Map.of());

    assertArrayEquals(new double[] {0, 3}, numbered.classes(), 0.0);
    assertEquals("yes", named.labels().name(1));
    assertEquals("the classes are names, not numbers: [no, yes]",
        assertThrows(IllegalStateException.class, named::classes).getMessage());
    assertEquals(named.labels(), named.withParameters(parameters, Map.of()).labels());
    assertThrows(IllegalArgumentException.class,
        () -> new RbfModel(LabelIndex.named(List.of("only")), null, parameters, Map.of()));
  }
}
