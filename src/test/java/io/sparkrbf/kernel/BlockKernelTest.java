package io.sparkrbf.kernel;

import static io.sparkrbf.kernel.KernelFixtures.meanSums;
import static io.sparkrbf.kernel.KernelFixtures.randomLabels;
import static io.sparkrbf.kernel.KernelFixtures.randomParameters;
import static io.sparkrbf.kernel.KernelFixtures.randomRows;
import static io.sparkrbf.kernel.KernelFixtures.relativeError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkrbf.simd.ElementwisePasses;
import io.sparkrbf.simd.Lanes;
import io.sparkrbf.simd.ScalarPasses;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlockKernelTest {

  /**
   * Every way the kernel can run (vector or scalar element-wise passes; blocks whole or cut
   * into tiles of 5 rows) equals the per-sample reference to 1e-12; the vector exponential
   * is within 2 ulp of e^x, far inside that.
   */
  @ParameterizedTest(name = "D={0} n={1} K={2} rows={3} block={4} eps={5} {6} tile={7}")
  @CsvSource({
      "5, 7, 3, 13, 13, 0.0, vector, 64",
      "5, 7, 3, 13, 4, 0.0, vector, 64",
      "1, 1, 2, 9, 1, 0.0, vector, 64",
      "16, 32, 10, 100, 37, 0.1, vector, 64",
      "16, 21, 10, 100, 37, 0.1, vector, 5",
      "16, 21, 10, 100, 37, 0.1, scalar, 64",
      "16, 21, 10, 100, 37, 0.1, scalar, 5",
      "30, 3, 4, 50, 64, 0.05, vector, 64",
      "30, 19, 26, 50, 64, 0.05, vector, 5"})
  void blockedKernelEqualsPerSampleReference(int d, int n, int k, int rows, int blockRows, double eps, String passes,
      int tileRows) {
    Random rnd = new Random(d * 1000 + n * 10 + k);
    RbfParameters p = randomParameters(new RbfShape(d, n, k), rnd, 1.0);
    double[][] xs = randomRows(rows, d, rnd);
    int[] labels = randomLabels(rows, k, rnd);
    ReferenceRbfNetwork ref = new ReferenceRbfNetwork(p, eps);
    ElementwisePasses elementwise = "scalar".equals(passes) ? new ScalarPasses() : Lanes.vector();

    double[] sums = meanSums(new BlockKernel(p.shape(), eps, elementwise, tileRows), p, xs, labels, blockRows,
        Precision.DOUBLE);

    assertEquals(rows, sums[LossSums.COUNT]);
    assertEquals(ref.loss(xs, labels), sums[LossSums.LOSS], 1e-12 * ref.loss(xs, labels));
    double[] grad = ref.gradient(xs, labels);
    RbfShape s = p.shape();
    assertTrue(relativeError(grad, 0, sums, LossSums.GRADIENT, s.size()) < 1e-12);
    assertTrue(relativeError(grad, s.betasOffset(), sums, LossSums.GRADIENT + s.betasOffset(), n) < 1e-12,
        "beta gradient");
    assertTrue(relativeError(grad, s.centersOffset(), sums, LossSums.GRADIENT + s.centersOffset(), n * d) < 1e-12,
        "center gradient");
    int correct = 0;
    for (int i = 0; i < rows; i++) {
      double[] logP = ref.logProbabilities(xs[i]);
      correct += BlockKernel.argmax(logP, 0, k) == labels[i] ? 1 : 0;
    }
    assertEquals(correct, sums[LossSums.CORRECT]);
  }

  /**
   * Float blocks compute each tile in single precision, summing across tiles in double, so
   * the result stays within a few float roundings of the exact one, on realistic sizes
   * (D = 16, 64, 784), with either element-wise passes and with many tiles per block.
   */
  @ParameterizedTest(name = "D={0} n={1} K={2} {3} tile={4}")
  @CsvSource({"64, 32, 10, vector, 64", "784, 16, 10, vector, 64", "3, 5, 2, vector, 64", "16, 37, 26, vector, 7",
      "16, 37, 26, scalar, 7", "64, 32, 10, scalar, 64"})
  void floatBlocksStayCloseToTheExactReference(int d, int n, int k, String passes, int tileRows) {
    Random rnd = new Random(d + n);
    RbfParameters p = randomParameters(new RbfShape(d, n, k), rnd, 1.0);
    java.util.Arrays.fill(p.values(), p.shape().betasOffset(), p.shape().centersOffset(), 0.5 / d);
    double[][] xs = randomRows(300, d, rnd);
    int[] labels = randomLabels(300, k, rnd);
    ReferenceRbfNetwork ref = new ReferenceRbfNetwork(p, 0.0);

    ElementwisePasses elementwise = "scalar".equals(passes) ? new ScalarPasses() : Lanes.vector();
    double[] sums = meanSums(new BlockKernel(p.shape(), 0.0, elementwise, tileRows), p, xs, labels, 128,
        Precision.FLOAT);

    RbfShape s = p.shape();
    double[] grad = ref.gradient(xs, labels);
    assertEquals(ref.loss(xs, labels), sums[LossSums.LOSS], 1e-6 * ref.loss(xs, labels));
    assertTrue(relativeError(grad, 0, sums, LossSums.GRADIENT, s.betasOffset()) < 1e-5, "dE/dW");
    assertTrue(relativeError(grad, s.betasOffset(), sums, LossSums.GRADIENT + s.betasOffset(), n) < 1e-5, "dE/dbeta");
    assertTrue(relativeError(grad, s.centersOffset(), sums, LossSums.GRADIENT + s.centersOffset(), n * d) < 1e-5,
        "dE/dc");
  }

  /**
   * A mini-batch step sums over a row range of each cached block: it must equal the
   * reference over exactly those rows, also after the kernel's buffers held a whole block.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"DOUBLE, 1e-12", "FLOAT, 1e-5"})
  void rowSliceOfABlockEqualsTheReferenceOverThoseRows(Precision precision, double tolerance) {
    Random rnd = new Random(31);
    RbfShape s = new RbfShape(12, 9, 4);
    RbfParameters p = randomParameters(s, rnd, 1.0);
    java.util.Arrays.fill(p.values(), s.betasOffset(), s.centersOffset(), 0.5 / 12);
    double[][] xs = randomRows(50, 12, rnd);
    int[] labels = randomLabels(50, 4, rnd);
    Block whole = KernelFixtures.block(xs, labels, 0, 50, precision);
    BlockKernel kernel = new BlockKernel(s, 0.0);
    kernel.bind(p);
    double[] before = LossSums.zeros(s);
    kernel.accumulate(whole, before, true);
    kernel.finish(before);

    double[] sums = LossSums.zeros(s);
    kernel.accumulate(whole, 13, 20, sums, true);
    kernel.finish(sums);

    double[][] slice = java.util.Arrays.copyOfRange(xs, 13, 33);
    int[] sliceLabels = java.util.Arrays.copyOfRange(labels, 13, 33);
    ReferenceRbfNetwork ref = new ReferenceRbfNetwork(p, 0.0);
    double[] grad = ref.gradient(slice, sliceLabels);
    for (int i = 0; i < grad.length; i++) {
      grad[i] *= 20;
    }
    assertEquals(20, sums[LossSums.COUNT]);
    assertEquals(20 * ref.loss(slice, sliceLabels), sums[LossSums.LOSS], tolerance * 20 * ref.loss(slice, sliceLabels));
    assertTrue(relativeError(grad, 0, sums, LossSums.GRADIENT, s.size()) < tolerance);
    assertTrue(relativeError(grad, s.centersOffset(), sums, LossSums.GRADIENT + s.centersOffset(), 9 * 12) < tolerance,
        "center gradient");
  }

  @ParameterizedTest(name = "label smoothing {0}")
  @CsvSource({"0.0", "0.2"})
  void gradientMatchesFiniteDifferences(double eps) {
    Random rnd = new Random(42);
    RbfShape shape = new RbfShape(4, 6, 3);
    RbfParameters p = randomParameters(shape, rnd, 0.7);
    double[][] xs = randomRows(40, 4, rnd);
    int[] labels = randomLabels(40, 3, rnd);
    double[] analytic = meanSums(p, eps, xs, labels, 16);

    double[] numeric = new double[shape.size()];
    double[] theta = p.values();
    for (int i = 0; i < theta.length; i++) {
      double saved = theta[i];
      double h = 1e-5 * Math.max(1, Math.abs(saved));
      theta[i] = saved + h;
      double up = meanSums(p, eps, xs, labels, 16)[LossSums.LOSS];
      theta[i] = saved - h;
      double down = meanSums(p, eps, xs, labels, 16)[LossSums.LOSS];
      theta[i] = saved;
      numeric[i] = (up - down) / (2 * h);
    }
    int g = LossSums.GRADIENT;
    assertTrue(relativeError(numeric, 0, analytic, g, shape.betasOffset()) < 1e-6, "dE/dW");
    assertTrue(relativeError(numeric, shape.betasOffset(), analytic, g + shape.betasOffset(), shape.numCenters()) < 1e-6,
        "dE/dbeta");
    assertTrue(relativeError(numeric, shape.centersOffset(), analytic, g + shape.centersOffset(),
        shape.numCenters() * shape.numFeatures()) < 1e-6, "dE/dc");
  }

  @Test
  void extremeLogitsGiveFiniteLossAndGradients() {
    Random rnd = new Random(7);
    RbfShape shape = new RbfShape(3, 4, 3);
    RbfParameters p = randomParameters(shape, rnd, 1e4);
    double[][] xs = randomRows(20, 3, rnd);
    int[] labels = randomLabels(20, 3, rnd);

    double[] sums = meanSums(p, 0.1, xs, labels, 8);

    assertAllFinite(sums);
    assertTrue(sums[LossSums.LOSS] > 100, "confidently wrong rows cost about |z|, got " + sums[LossSums.LOSS]);
    assertEquals(new ReferenceRbfNetwork(p, 0.1).loss(xs, labels), sums[LossSums.LOSS], 1e-9 * sums[LossSums.LOSS]);
  }

  @Test
  void inputsFarFromEveryCenterGiveFiniteLossAndGradients() {
    Random rnd = new Random(8);
    RbfShape shape = new RbfShape(3, 4, 3);
    RbfParameters p = randomParameters(shape, rnd, 1.0);
    double[][] xs = randomRows(20, 3, rnd);
    for (double[] x : xs) {
      x[0] += 1e4;
    }
    int[] labels = randomLabels(20, 3, rnd);

    double[] sums = meanSums(p, 0.0, xs, labels, 8);

    assertAllFinite(sums);
    for (int i = LossSums.GRADIENT + shape.betasOffset(); i < sums.length; i++) {
      assertEquals(0.0, sums[i], "every phi underflows, so beta and center gradients vanish");
    }
  }

  /**
   * Log-probabilities and logits of a block are the reference's; the log-probabilities are the
   * logits' log-softmax, to the last bit, and exponentiate to one.
   */
  @Test
  void logProbabilitiesAndLogitsMatchTheReference() {
    Random rnd = new Random(9);
    RbfShape shape = new RbfShape(5, 8, 4);
    RbfParameters p = randomParameters(shape, rnd, 3.0);
    double[][] xs = randomRows(11, 5, rnd);
    BlockKernel kernel = new BlockKernel(shape, 0.0);
    kernel.bind(p);
    Block block = KernelFixtures.block(xs, randomLabels(11, 4, rnd), 0, 11);

    double[] logits = kernel.logits(block).clone();
    double[] logP = kernel.logProbabilities(block);

    ReferenceRbfNetwork ref = new ReferenceRbfNetwork(p, 0.0);
    for (int i = 0; i < 11; i++) {
      double sum = 0;
      double[] expected = ref.logProbabilities(xs[i]);
      double[] expectedLogits = ref.logits(xs[i]);
      double[] softmaxed = java.util.Arrays.copyOfRange(logits, i * 4, i * 4 + 4);
      BlockKernel.logSoftmaxInPlace(softmaxed, 0, 4);
      for (int c = 0; c < 4; c++) {
        sum += Math.exp(logP[i * 4 + c]);
        assertEquals(expected[c], logP[i * 4 + c], 1e-12 * Math.max(1, Math.abs(expected[c])));
        assertEquals(expectedLogits[c], logits[i * 4 + c], 1e-12 * Math.max(1, Math.abs(expectedLogits[c])));
        assertEquals(softmaxed[c], logP[i * 4 + c], "row " + i + " class " + c);
      }
      assertEquals(1.0, sum, 1e-12);
    }
  }

  @Test
  void integerInstanceWeightsEqualRepeatedRows() {
    Random rnd = new Random(21);
    RbfShape shape = new RbfShape(4, 6, 3);
    RbfParameters p = randomParameters(shape, rnd, 1.0);
    double[][] xs = randomRows(9, 4, rnd);
    int[] labels = randomLabels(9, 3, rnd);
    int[] weights = {2, 0, 1, 3, 1, 0, 2, 1, 4};
    double[] features = new double[9 * 4];
    double[] w = new double[9];
    int repeated = java.util.Arrays.stream(weights).sum();
    double[][] copies = new double[repeated][];
    int[] copyLabels = new int[repeated];
    for (int i = 0, r = 0; i < 9; i++) {
      System.arraycopy(xs[i], 0, features, i * 4, 4);
      w[i] = weights[i];
      for (int c = 0; c < weights[i]; c++, r++) {
        copies[r] = xs[i];
        copyLabels[r] = labels[i];
      }
    }
    Block weighted = new Block(9, 4, features, labels.clone(), w, Precision.DOUBLE);

    double[] expected = sums(p, KernelFixtures.block(copies, copyLabels, 0, repeated));
    double[] actual = sums(p, weighted);

    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-12 * Math.max(1, Math.abs(expected[i])), "entry " + i);
    }
    assertEquals(repeated, actual[LossSums.COUNT]);
  }

  /**
   * Evaluation sums over several weighted blocks (weights 0, fractional and whole) against
   * the per-row reference: the loss is against the plain labels though the kernel trains with
   * label smoothing, and each row's weight goes to its confusion cell.
   */
  @Test
  void scoresAreWeightedUnsmoothedSumsWithConfusionWeights() {
    Random rnd = new Random(23);
    int k = 4;
    RbfShape shape = new RbfShape(6, 9, k);
    RbfParameters p = randomParameters(shape, rnd, 2.0);
    double[][] xs = randomRows(50, 6, rnd);
    int[] labels = randomLabels(50, k, rnd);
    double[] weights = new double[50];
    for (int i = 0; i < 50; i++) {
      weights[i] = i % 7 == 0 ? 0 : i % 3 == 0 ? 2.5 : 1;
    }
    BlockKernel kernel = new BlockKernel(shape, 0.2);
    kernel.bind(p);

    double[] acc = LossSums.scoreZeros(k);
    for (int from = 0; from < 50; from += 16) {
      kernel.accumulateScores(KernelFixtures.block(xs, labels, weights, from, Math.min(50, from + 16)), acc);
    }

    ReferenceRbfNetwork ref = new ReferenceRbfNetwork(p, 0.0);
    double loss = 0;
    double weight = 0;
    double correct = 0;
    double[] confusion = new double[k * k];
    for (int i = 0; i < 50; i++) {
      double[] logP = ref.logProbabilities(xs[i]);
      int predicted = BlockKernel.argmax(logP, 0, k);
      loss -= weights[i] * logP[labels[i]];
      weight += weights[i];
      correct += predicted == labels[i] ? weights[i] : 0;
      confusion[labels[i] * k + predicted] += weights[i];
    }
    assertEquals(LossSums.CONFUSION + k * k, acc.length);
    assertEquals(loss, acc[LossSums.LOSS], 1e-12 * loss);
    assertEquals(weight, acc[LossSums.COUNT], 1e-12 * weight);
    assertEquals(correct, acc[LossSums.CORRECT], 1e-12 * weight);
    assertTrue(correct > 0 && correct < weight, "the network gets some rows right and some wrong: " + correct);
    for (int c = 0; c < k * k; c++) {
      assertEquals(confusion[c], acc[LossSums.CONFUSION + c], 1e-12 * weight, "confusion cell " + c);
    }
  }

  /** Training and evaluation sums of the same rows share one loss code: equal when nothing is smoothed. */
  @Test
  void scoresWithoutSmoothingHaveTheTrainingLossWeightAndCorrect() {
    Random rnd = new Random(24);
    RbfShape shape = new RbfShape(3, 5, 3);
    RbfParameters p = randomParameters(shape, rnd, 1.0);
    double[][] xs = randomRows(20, 3, rnd);
    int[] labels = randomLabels(20, 3, rnd);
    double[] weights = new double[20];
    for (int i = 0; i < 20; i++) {
      weights[i] = 0.5 * (i % 4);
    }
    Block block = KernelFixtures.block(xs, labels, weights, 0, 20);
    BlockKernel kernel = new BlockKernel(shape, 0.0);
    kernel.bind(p);

    double[] scores = LossSums.scoreZeros(3);
    kernel.accumulateScores(block, scores);
    double[] training = LossSums.zeros(shape);
    kernel.accumulate(block, training, false);
    kernel.finish(training);

    for (int i : new int[] {LossSums.LOSS, LossSums.COUNT, LossSums.CORRECT}) {
      assertEquals(training[i], scores[i], 0.0, "entry " + i);
    }
  }

  private static double[] sums(RbfParameters p, Block block) {
    BlockKernel kernel = new BlockKernel(p.shape(), 0.1);
    kernel.bind(p);
    double[] acc = LossSums.zeros(p.shape());
    kernel.accumulate(block, acc, true);
    kernel.finish(acc);
    return acc;
  }

  private static void assertAllFinite(double[] values) {
    for (int i = 0; i < values.length; i++) {
      assertTrue(Double.isFinite(values[i]), "entry " + i + " is " + values[i]);
    }
  }
}
