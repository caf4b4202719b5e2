package io.sparkrbf.bench;

import io.sparkrbf.kernel.Blas;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link KernelBenchmark} (JMH options may be passed, e.g. {@code -p blockRows=256})
 * and prints a Markdown table: milliseconds per block, GFLOP/s of the kernel counting the
 * two B x D x n products (4 B D n flops), the gemm rate of the same shapes and precision,
 * their ratio, and the kernel's rate relative to dgemm on the same shape (for float
 * blocks, how much faster than the double products the whole kernel runs).
 */
public final class KernelBenchmarkReport {
  private KernelBenchmarkReport() {
  }

  public static void main(String[] args) throws Exception {
    String[] jmhArgs = new String[args.length + 1];
    jmhArgs[0] = KernelBenchmark.class.getName();
    System.arraycopy(args, 0, jmhArgs, 1, args.length);
    CommandLineOptions given = new CommandLineOptions(jmhArgs);
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

    Map<String, double[]> byCase = new LinkedHashMap<>();
    for (RunResult r : results) {
      String key = r.getParams().getParam("shape") + ":" + r.getParams().getParam("blockRows") + ":"
          + r.getParams().getParam("precision");
      double[] row = byCase.computeIfAbsent(key, k -> new double[2]);
      row[r.getParams().getBenchmark().endsWith("gemmPair") ? 1 : 0] = r.getPrimaryResult().getScore();
    }
    System.out.println();
    System.out.println("BLAS: " + Blas.describe());
    System.out.println("| D | n | K | block rows | precision | kernel ms/block | kernel GFLOP/s | gemm GFLOP/s "
        + "| kernel / gemm | kernel / dgemm |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    for (Map.Entry<String, double[]> e : byCase.entrySet()) {
      String[] p = e.getKey().split(":");
      double flops = 4.0 * Double.parseDouble(p[0]) * Double.parseDouble(p[1]) * Double.parseDouble(p[2]);
      double kernelMs = e.getValue()[0];
      double gemmMs = e.getValue()[1];
      double[] sameShapeDouble = byCase.get(p[0] + ":" + p[1] + ":" + p[2] + ":double");
      String vsDgemm = sameShapeDouble == null ? "-"
          : String.format(Locale.ROOT, "%.0f%%", 100 * sameShapeDouble[1] / kernelMs);
      System.out.printf(Locale.ROOT, "| %s | %s | 10 | %s | %s | %.3f | %.1f | %.1f | %.0f%% | %s |%n", p[0], p[1],
          p[2], p[3], kernelMs, flops / kernelMs / 1e6, flops / gemmMs / 1e6, 100 * gemmMs / kernelMs, vsDgemm);
    }
  }
}
