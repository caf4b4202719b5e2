package io.sparkrbf.bench;

import io.sparkrbf.kernel.Block;
import io.sparkrbf.kernel.BlockKernel;
import io.sparkrbf.kernel.LossSums;
import io.sparkrbf.kernel.Precision;
import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.kernel.RbfShape;
import io.sparkrbf.simd.ElementwisePasses;
import io.sparkrbf.simd.Lanes;
import io.sparkrbf.simd.ScalarPasses;
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
 * The blocked kernel: forward and backward with the center gradient over one block, for
 * each shape, precision, element-wise implementation and tile height; {@link
 * GemmPairBenchmark} times the two products that bound it in the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class KernelBenchmark {
  /** "D:n": input features and centers. */
  @Param({"784:64", "784:256", "784:1024", "16:256", "64:256"})
  public String shape;

  /** K, the number of classes. */
  @Param({"10"})
  public int classes;

  /** The element-wise passes: "vector" (jdk.incubator.vector) or "scalar" (the fallback, Math.exp). */
  @Param({"vector"})
  public String passes;

  /** Rows per tile: "auto" (the kernel's choice for the shape) or a number. */
  @Param({"auto"})
  public String tileRows;

  @Param({"1024"})
  public int blockRows;

  /** Block storage and precision of the two large products: double or float. */
  @Param({"double", "float"})
  public String precision;

  private BlockKernel kernel;
  private Block block;
  private double[] sums;

  @Setup
  public void setUp() {
    int d = Integer.parseInt(shape.split(":")[0]);
    int n = Integer.parseInt(shape.split(":")[1]);
    Random rnd = new Random(1);
    RbfShape s = new RbfShape(d, n, classes);
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
      labels[i] = rnd.nextInt(classes);
    }
    block = new Block(blockRows, d, features, labels, null, Precision.parse(precision));
    ElementwisePasses elementwise = "scalar".equals(passes) ? new ScalarPasses() : Lanes.vector();
    kernel = new BlockKernel(s, 0.0, elementwise, "auto".equals(tileRows) ? BlockKernel.defaultTileRows(s)
        : Integer.parseInt(tileRows));
    kernel.bind(new RbfParameters(s, theta));
    sums = LossSums.zeros(s);
  }

  /** One block through the whole kernel: loss, accuracy and all gradients. */
  @Benchmark
  public double kernel() {
    kernel.accumulate(block, sums, true);
    kernel.finish(sums);
    return sums[LossSums.LOSS];
  }
}
