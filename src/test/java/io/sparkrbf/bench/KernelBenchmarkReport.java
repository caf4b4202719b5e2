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
 * two B x D x n products (4 B D n flops), the dgemm rate on the same shapes, and their
 * ratio.
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

    Map<String, double[]> byShape = new LinkedHashMap<>();
    for (RunResult r : results) {
      String shape = r.getParams().getParam("shape");
      String rows = r.getParams().getParam("blockRows");
      double ms = r.getPrimaryResult().getScore();
      double[] row = byShape.computeIfAbsent(shape + ":" + rows, k -> new double[2]);
      row[r.getParams().getBenchmark().endsWith("dgemmPair") ? 1 : 0] = ms;
    }
    System.out.println();
    System.out.println("BLAS: " + Blas.describe());
    System.out.println("| D | n | K | block rows | kernel ms/block | kernel GFLOP/s | dgemm GFLOP/s | kernel / dgemm |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (Map.Entry<String, double[]> e : byShape.entrySet()) {
      String[] p = e.getKey().split(":");
      double flops = 4.0 * Double.parseDouble(p[0]) * Double.parseDouble(p[1]) * Double.parseDouble(p[2]);
      double kernelMs = e.getValue()[0];
      double dgemmMs = e.getValue()[1];
      System.out.printf(Locale.ROOT, "| %s | %s | 10 | %s | %.3f | %.1f | %.1f | %.0f%% |%n", p[0], p[1], p[2],
          kernelMs, flops / kernelMs / 1e6, flops / dgemmMs / 1e6, 100 * dgemmMs / kernelMs);
    }
  }
}
