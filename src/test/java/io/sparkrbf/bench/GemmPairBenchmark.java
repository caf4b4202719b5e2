package io.sparkrbf.bench;

import dev.ludovic.netlib.blas.BLAS;
import io.sparkrbf.kernel.Blas;
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
 * Only the two B x D x n products the kernel cannot avoid, {@code X C^T} and {@code H^T X},
 * in double or float ({@code dgemm} or {@code sgemm}): the bound {@link KernelBenchmark}'s
 * kernel is compared with, measured in the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GemmPairBenchmark {
  /** "D:n", as in {@link KernelBenchmark#shape}. */
  @Param({"784:64", "784:256", "784:1024", "16:256", "64:256"})
  public String shape;

  @Param({"1024"})
  public int blockRows;

  @Param({"double", "float"})
  public String precision;

  private final BLAS blas = Blas.get();
  private int d;
  private int n;
  private double[] features;
  private double[] centers;
  private double[] cross;
  private double[] hidden;
  private double[] centerGrad;
  private float[] floatFeatures;
  private float[] floatCenters;
  private float[] floatCross;
  private float[] floatHidden;
  private float[] floatCenterGrad;

  @Setup
  public void setUp() {
    d = Integer.parseInt(shape.split(":")[0]);
    n = Integer.parseInt(shape.split(":")[1]);
    Random rnd = new Random(1);
    features = gaussian(rnd, blockRows * d);
    centers = gaussian(rnd, n * d);
    cross = new double[blockRows * n];
    hidden = gaussian(rnd, blockRows * n);
    centerGrad = new double[n * d];
    floatFeatures = rounded(features);
    floatCenters = rounded(centers);
    floatCross = new float[blockRows * n];
    floatHidden = rounded(hidden);
    floatCenterGrad = new float[n * d];
  }

  private static double[] gaussian(Random rnd, int length) {
    double[] values = new double[length];
    for (int i = 0; i < length; i++) {
      values[i] = rnd.nextGaussian();
    }
    return values;
  }

  private static float[] rounded(double[] values) {
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
    }
    return floats;
  }

  @Benchmark
  public double gemmPair() {
    if ("float".equals(precision)) {
      blas.sgemm("T", "N", n, blockRows, d, -2f, floatCenters, 0, d, floatFeatures, 0, d, 0f, floatCross, 0, n);
      blas.sgemm("N", "T", d, n, blockRows, 1f, floatFeatures, 0, d, floatHidden, 0, n, 1f, floatCenterGrad, 0, d);
      return floatCross[0] + floatCenterGrad[0];
    }
    blas.dgemm("T", "N", n, blockRows, d, -2.0, centers, 0, d, features, 0, d, 0.0, cross, 0, n);
    blas.dgemm("N", "T", d, n, blockRows, 1.0, features, 0, d, hidden, 0, n, 1.0, centerGrad, 0, d);
    return cross[0] + centerGrad[0];
  }
}
