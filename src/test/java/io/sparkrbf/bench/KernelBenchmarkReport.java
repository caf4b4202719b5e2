package io.sparkrbf.bench;

import io.sparkrbf.kernel.Blas;
import io.sparkrbf.simd.Lanes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link KernelBenchmark} and {@link GemmPairBenchmark} in one JMH run (JMH options
 * may be passed, e.g. {@code -p shape=16:256 -p classes=10,26 -p passes=vector,scalar}) and
 * prints a
 * Markdown table: milliseconds per block (per thread), nanoseconds per (row, center) pair of
 * the whole machine (with {@code -t 2}, two blocks go through in that time), GFLOP/s
 * counting the two B x D x n products (4 B D n flops), the gemm rate of the same shapes
 * and precision, their ratio, and the kernel's rate relative to dgemm on the same shape
 * (for float blocks, how much faster than the double products the whole kernel runs).
 */
public final class KernelBenchmarkReport {
  private KernelBenchmarkReport() {
  }

  public static void main(String[] args) throws Exception {
    List<String> jmhArgs = new ArrayList<>(List.of(KernelBenchmark.class.getName() + ".kernel$",
        GemmPairBenchmark.class.getName() + ".gemmPair$"));
    jmhArgs.addAll(List.of(args));
    CommandLineOptions given = new CommandLineOptions(jmhArgs.toArray(String[]::new));
    ChainedOptionsBuilder options = new OptionsBuilder().parent(given);
    if (!given.getForkCount().hasValue()) {
      options.forks(1);
    }
    if (!given.getWarmupIterations().hasValue()) {
      options.warmupIterations(3).warmupTime(TimeValue.seconds(1));
    }
    if (!given.getMeasurementIterations().hasValue()) {
      options.measurementIterations(5).measurementTime(TimeValue.seconds(1));
    }
    Collection<RunResult> results = new Runner(options.build()).run();

    Map<String, Double> gemmMs = new HashMap<>();
    List<RunResult> kernels = new ArrayList<>();
    for (RunResult r : results) {
      BenchmarkParams p = r.getParams();
      if (p.getBenchmark().endsWith("gemmPair")) {
        gemmMs.put(gemmKey(p, p.getParam("precision")), r.getPrimaryResult().getScore());
      } else {
        kernels.add(r);
      }
    }
    System.out.println();
    System.out.println("BLAS: " + Blas.describe() + "; element-wise default: " + Lanes.passes().describe());
    System.out.println("| D | n | K | block rows | precision | passes | tile rows | threads | kernel ms/block "
        + "| ns/pair | kernel GFLOP/s | gemm GFLOP/s | kernel / gemm | kernel / dgemm |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (RunResult r : kernels) {
      BenchmarkParams p = r.getParams();
      String[] dn = p.getParam("shape").split(":");
      double d = Double.parseDouble(dn[0]);
      double n = Double.parseDouble(dn[1]);
      double rows = Double.parseDouble(p.getParam("blockRows"));
      int threads = p.getThreads();
      double flops = 4.0 * d * n * rows * threads; // per block time, all threads together
      double kernelMs = r.getPrimaryResult().getScore();
      Double gemm = gemmMs.get(gemmKey(p, p.getParam("precision")));
      Double dgemm = gemmMs.get(gemmKey(p, "double"));
      System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %d | %.3f | %.2f | %.1f | %s | %s | %s |%n",
          dn[0], dn[1], p.getParam("classes"), p.getParam("blockRows"), p.getParam("precision"), p.getParam("passes"),
          p.getParam("tileRows"), threads, kernelMs, kernelMs * 1e6 / (rows * n * threads), flops / kernelMs / 1e6,
          gemm == null ? "-" : String.format(Locale.ROOT, "%.1f", flops / gemm / 1e6),
          gemm == null ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * gemm / kernelMs),
          dgemm == null ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * dgemm / kernelMs));
    }
  }

  private static String gemmKey(BenchmarkParams p, String precision) {
    return p.getParam("shape") + ":" + p.getParam("blockRows") + ":" + precision;
  }
}
