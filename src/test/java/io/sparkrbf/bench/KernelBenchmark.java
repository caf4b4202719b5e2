package io.sparkrbf.bench;

import dev.ludovic.netlib.blas.BLAS;
import io.sparkrbf.kernel.Blas;
import io.sparkrbf.kernel.Block;
import io.sparkrbf.kernel.BlockKernel;
import io.sparkrbf.kernel.LossSums;
import io.sparkrbf.kernel.Precision;
import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.kernel.RbfShape;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The blocked kernel (forward and backward with the center gradient) against the two
 * gemm calls of the same shapes and precision that bound it, measured in the same run:
 * the ratio of their times is the fraction of the machine's gemm rate the kernel
 * achieves.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class KernelBenchmark {
  /** "D:n": input features and centers; K is 10. */
  @Param({"784:64", "784:256", "784:1024", "16:256", "64:256"})
  public String shape;

  @Param({"1024"})
  public int blockRows;

  /** Block storage and precision of the two large products: double or float. */
  @Param({"double", "float"})
  public String precision;

  private BlockKernel kernel;
  private Block block;
  private double[] sums;
  private double[] centers;
  private double[] cross;
  private double[] hidden;
  private double[] centerGrad;
  private float[] floatCenters;
  private float[] floatCross;
  private float[] floatHidden;
  private float[] floatCenterGrad;
  private int d;
  private int n;
  private final BLAS blas = Blas.get();

  @Setup
  public void setUp() {
    d = Integer.parseInt(shape.split(":")[0]);
    n = Integer.parseInt(shape.split(":")[1]);
    Random rnd = new Random(1);
    RbfShape s = new RbfShape(d, n, 10);
    double[] theta = new double[s.size()];
    for (int i = 0; i < theta.length; i++) {
      theta[i] = rnd.nextGaussian() * 0.1;
    }
    for (int j = 0; j < n; j++) {
      theta[s.betasOffset() + j] = 0.5 / d;
    }
    double[] features = new double[blockRows * d];
    for (int i = 0; i < features.length; i++) {
      features[i] = rnd.nextGaussian();
    }
    int[] labels = new int[blockRows];
    for (int i = 0; i < blockRows; i++) {
      labels[i] = rnd.nextInt(10);
    }
    block = new Block(blockRows, d, features, labels, null, Precision.parse(precision));
    kernel = new BlockKernel(s, 0.0);
    kernel.bind(new RbfParameters(s, theta));
    sums = LossSums.zeros(s);
    centers = java.util.Arrays.copyOfRange(theta, s.centersOffset(), s.size());
    cross = new double[blockRows * n];
    hidden = new double[blockRows * n];
    centerGrad = new double[n * d];
    floatCenters = new float[centers.length];
    for (int i = 0; i < centers.length; i++) {
      floatCenters[i] = (float) centers[i];
    }
    floatCross = new float[blockRows * n];
    floatHidden = new float[blockRows * n];
    floatCenterGrad = new float[n * d];
  }

  /** One block through the whole kernel: loss, accuracy and all gradients. */
  @Benchmark
  public double kernel() {
    kernel.accumulate(block, sums, true);
    kernel.finish(sums);
    return sums[LossSums.LOSS];
  }

  /**
   * Only the two B x D x n products the kernel cannot avoid, X C^T and H^T X, in the
   * block's precision (dgemm or sgemm).
   */
  @Benchmark
  public double gemmPair() {
    if (block.precision() == Precision.FLOAT) {
      blas.sgemm("T", "N", n, blockRows, d, -2f, floatCenters, 0, d, block.floatFeatures(), 0, d, 0f, floatCross, 0, n);
      blas.sgemm("N", "T", d, n, blockRows, 1f, block.floatFeatures(), 0, d, floatHidden, 0, n, 1f, floatCenterGrad, 0, d);
      return floatCross[0] + floatCenterGrad[0];
    }
    blas.dgemm("T", "N", n, blockRows, d, -2.0, centers, 0, d, block.features(), 0, d, 0.0, cross, 0, n);
    blas.dgemm("N", "T", d, n, blockRows, 1.0, block.features(), 0, d, hidden, 0, n, 1.0, centerGrad, 0, d);
    return cross[0] + centerGrad[0];
  }
}
