package io.sparkrbf.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.sparkrbf.export.OnnxExport;
import io.sparkrbf.init.Widths;
import io.sparkrbf.kernel.Block;
import io.sparkrbf.kernel.BlockKernel;
import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.model.InputMap;
import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.model.Projection;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.model.ScalingMode;
import io.sparkrbf.model.Standardization;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Serving speed of an exported model: rows per second of ONNX Runtime (CPU) on the exported
 * graph, at batches of one row (a request at a time) and of 1024 rows, with 1 and 2 intra-op
 * threads, against the project's own scoring of the same model in the same JVM on one thread:
 * the block kernel {@code predict} runs per task (the input map, then BLAS products, then the
 * log-softmax), and the Spark ML per-row path ({@link RbfModel#scores} and a softmax). Two
 * shapes: tabular (D = 16, 256 centers, z-scored) and MNIST-like (D = 784 projected to 64, 2048
 * centers). Random parameters, Gaussian rows; warm-up first, then the median of the timed runs.
 * Prints the Markdown table of docs/benchmarks.md.
 */
@Command(name = "bench-onnx", mixinStandardHelpOptions = true, sortOptions = false)
public final class OnnxBenchmark implements Callable<Integer> {
  private static final int BATCH = 1024;

  @Option(names = "--rows", description = "Rows scored per timed run (default: ${DEFAULT-VALUE}).")
  int rows = 32_768;

  @Option(names = "--single-rows", description = "Rows scored one at a time per timed run (default: ${DEFAULT-VALUE}).")
  int singleRows = 4096;

  @Option(names = "--runs", description = "Timed runs; the median is reported (default: ${DEFAULT-VALUE}).")
  int runs = 5;

  @Option(names = "--seed", description = "Data and model seed (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  private record Shape(String name, int d, int k, int centers) {
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new OnnxBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    System.out.printf(Locale.ROOT, "%d rows per run (%d one at a time), median of %d runs, one JVM; load %s%n%n", rows,
        singleRows, runs, BenchSupport.load());
    System.out.println("| shape | path | threads | batch | rows/s | us per row |");
    System.out.println("|---|---|---|---|---|---|");
    for (Shape shape : List.of(new Shape("tabular, D = 16, 256 centers", 16, 0, 256),
        new Shape("MNIST-like, D = 784 -> pca 64, 2048 centers", 784, 64, 2048))) {
      measure(shape);
    }
    return 0;
  }

  private void measure(Shape shape) throws Exception {
    Random rnd = new Random(seed);
    double[][] x = new double[rows][shape.d()];
    for (double[] row : x) {
      for (int f = 0; f < row.length; f++) {
        row[f] = rnd.nextGaussian();
      }
    }
    RbfModel model = model(shape, x, rnd);
    InputMap map = model.inputMap();
    int features = map.outputFeatures();
    int k = model.shape().numClasses();
    BlockKernel kernel = new BlockKernel(model.shape(), 0.0);
    kernel.bind(model.parameters());

    report(shape, "spark-rbf block kernel (predict's)", 1, BATCH, median(() -> {
      double sink = 0;
      for (int from = 0; from < rows; from += BATCH) {
        int n = Math.min(BATCH, rows - from);
        double[] stacked = new double[n * shape.d()];
        for (int i = 0; i < n; i++) {
          System.arraycopy(x[from + i], 0, stacked, i * shape.d(), shape.d());
        }
        double[] scores = kernel.logits(new Block(n, features, map.applyToRows(stacked, n), new int[n]));
        for (int i = 0; i < n; i++) {
          BlockKernel.logSoftmaxInPlace(scores, i * k, k);
          sink += scores[i * k];
        }
      }
      return sink;
    }), rows);
    report(shape, "spark-rbf per row (Spark ML's row path)", 1, 1, median(() -> {
      double sink = 0;
      for (int i = 0; i < singleRows; i++) {
        double[] z = model.scores(x[i]);
        BlockKernel.logSoftmaxInPlace(z, 0, k);
        sink += z[0];
      }
      return sink;
    }), singleRows);

    float[] flat = new float[rows * shape.d()];
    for (int i = 0; i < rows; i++) {
      for (int f = 0; f < shape.d(); f++) {
        flat[i * shape.d() + f] = (float) x[i][f];
      }
    }
    byte[] onnx = OnnxExport.toBytes(model);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    for (int threads : new int[] {1, 2}) {
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
        options.setIntraOpNumThreads(threads);
        options.setInterOpNumThreads(1);
        try (OrtSession session = env.createSession(onnx, options)) {
          for (int batch : new int[] {1, BATCH}) {
            int total = batch == 1 ? singleRows : rows;
            report(shape, "ONNX Runtime " + env.getVersion(), threads, batch,
                median(() -> {
                  double sink = 0;
                  for (int from = 0; from < total; from += batch) {
                    int n = Math.min(batch, total - from);
                    FloatBuffer in = FloatBuffer.wrap(flat, from * shape.d(), n * shape.d()).slice();
                    try (OnnxTensor tensor = OnnxTensor.createTensor(env, in, new long[] {n, shape.d()});
                         OrtSession.Result result = session.run(Map.of(OnnxExport.FEATURES, tensor))) {
                      sink += ((float[][]) result.get(OnnxExport.PROBABILITIES).orElseThrow().getValue())[0][0];
                    }
                  }
                  return sink;
                }), total);
          }
        }
      }
    }
  }

  /** Gaussian rows, centers drawn from them, widths from the centers' neighbours, random weights. */
  private static RbfModel model(Shape shape, double[][] x, Random rnd) {
    double[] mean = new double[shape.d()];
    double[] std = new double[shape.d()];
    Arrays.fill(std, 1.0);
    Standardization scaling = new Standardization(ScalingMode.ZSCORE, mean, std);
    Projection projection = null;
    int width = shape.d();
    if (shape.k() > 0) {
      double[] covariance = new double[shape.d() * shape.d()];
      for (int i = 0; i < 4 * shape.d(); i++) {
        double[] r = x[i];
        for (int a = 0; a < shape.d(); a++) {
          for (int b = a; b < shape.d(); b++) {
            covariance[a * shape.d() + b] += r[a] * r[b];
          }
        }
      }
      projection = Projection.principalComponents(mean, covariance).first(shape.k());
      width = shape.k();
    }
    InputMap map = new InputMap(shape.d(), scaling, projection);
    double[][] centers = new double[shape.centers()][];
    for (int j = 0; j < centers.length; j++) {
      centers[j] = map.apply(x[rnd.nextInt(x.length)]);
    }
    double[][] w = new double[10][shape.centers() + 1];
    for (double[] row : w) {
      for (int j = 0; j < row.length; j++) {
        row[j] = 0.1 * rnd.nextGaussian();
      }
    }
    return new RbfModel(new LabelIndex(IntStream.range(0, 10).asDoubleStream().toArray()), scaling, projection,
        RbfParameters.of(w, Widths.fromNeighbours(centers, 2.0 * width), centers), Map.of());
  }

  @FunctionalInterface
  private interface Run {
    double score() throws Exception;
  }

  /** Seconds of the median timed run, after two untimed ones. */
  private double median(Run run) throws Exception {
    double sink = run.score() + run.score();
    double[] seconds = new double[runs];
    for (int r = 0; r < runs; r++) {
      long start = System.nanoTime();
      sink += run.score();
      seconds[r] = (System.nanoTime() - start) / 1e9;
    }
    if (Double.isNaN(sink)) {
      throw new IllegalStateException("NaN scores");
    }
    return BenchSupport.median(seconds);
  }

  private static void report(Shape shape, String path, int threads, int batch, double seconds, int rowsScored) {
    System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %,.0f | %.2f |%n", shape.name(), path, threads, batch,
        rowsScored / seconds, 1e6 * seconds / rowsScored);
  }
}
