package io.sparkrbf.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import io.sparkrbf.data.GaussianMixtureGenerator;
import io.sparkrbf.init.Widths;
import io.sparkrbf.kernel.Blas;
import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.ml.RbfClassificationModel;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.model.ScalingMode;
import io.sparkrbf.model.Standardization;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.functions;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Spark ML scoring speed: {@link RbfClassificationModel#transform} (rows stacked into blocks,
 * BLAS) against Spark's per-row path ({@link RbfClassificationModel#transformRowWise}, a UDF
 * calling {@code predictRaw} per row), in one JVM and one run, on seeded rows generated in
 * the tasks and cached before timing. Each timed run writes every output column of every
 * row to Spark's {@code noop} sink, so nothing is pruned; an untimed pass first checks that
 * both paths give the same column sums. Prints the Markdown table of docs/benchmarks.md.
 */
@Command(name = "bench-transform", mixinStandardHelpOptions = true, sortOptions = false)
public final class TransformBenchmark implements Callable<Integer> {
  @Option(names = "--shapes", split = ",", description = "Row shapes: mnist (D = 784, sparse pixel-like rows, "
      + "about 19% non-zero) and tabular (D = 16, dense Gaussian-mixture rows) (default: ${DEFAULT-VALUE}).")
  List<String> shapes = List.of("mnist", "tabular");

  @Option(names = "--rows", split = ",", description = "Row counts, each measured on every shape "
      + "(default: ${DEFAULT-VALUE}).")
  List<Integer> rowCounts = List.of(200_000, 1_000_000);

  @Option(names = "--centers", description = "Centers n (default: ${DEFAULT-VALUE}).")
  int centers = 256;

  @Option(names = "--classes", description = "Classes K (default: ${DEFAULT-VALUE}).")
  int classes = 10;

  @Option(names = "--runs", description = "Timed runs per path; the median is reported (default: ${DEFAULT-VALUE}).")
  int runs = 5;

  @Option(names = "--warmup-rows", description = "Rows of the untimed warm-up of both paths on each shape "
      + "(default: ${DEFAULT-VALUE}).")
  int warmupRows = 50_000;

  @Option(names = "--master", description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master = "local[2]";

  @Option(names = "--partitions", description = "Partitions; 0 for 4 per core (default: ${DEFAULT-VALUE}).")
  int partitions = 0;

  @Option(names = "--seed", description = "Data and model seed (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  public static void main(String[] args) {
    System.exit(new CommandLine(new TransformBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    SparkConf conf = BenchSupport.sparkConf("transform benchmark", master);
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    try (JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext())) {
      int parts = partitions > 0 ? partitions : 4 * sc.defaultParallelism();
      System.out.printf(Locale.ROOT, "Spark %s on %s, %d partitions, BLAS %s, OPENBLAS_NUM_THREADS=%s, load %s%n",
          sc.version(), sc.master(), parts, Blas.describe(), System.getenv("OPENBLAS_NUM_THREADS"),
          BenchSupport.load());
      List<String> table = new ArrayList<>();
      for (String name : shapes) {
        RowShape shape = RowShape.parse(name, classes, seed);
        RbfClassificationModel model = model(shape);
        if (warmupRows > 0) {
          Dataset<Row> warm = cached(spark, sc, shape, warmupRows, parts);
          seconds(() -> model.transform(warm));
          seconds(() -> model.transformRowWise(warm));
          warm.unpersist(true);
        }
        for (int rows : rowCounts) {
          table.add(measure(spark, sc, shape, model, rows, parts));
          System.out.println(table.get(table.size() - 1));
        }
      }
      System.out.println();
      System.out.printf(Locale.ROOT, "n = %d, K = %d, %s, %d partitions, median of %d runs; load %s%n", centers,
          classes, master, parts, runs, BenchSupport.load());
      System.out.println("| rows | D | input scan s | blocks s | rows s | blocks rows/s | rows rows/s "
          + "| blocks / rows |");
      System.out.println("|---|---|---|---|---|---|---|---|");
      table.forEach(System.out::println);
    }
    return 0;
  }

  private String measure(SparkSession spark, JavaSparkContext sc, RowShape shape, RbfClassificationModel model,
                         int rows, int parts) {
    Dataset<Row> input = cached(spark, sc, shape, rows, parts);
    try {
      Row blockedSums = sums(model.transform(input));
      Row rowWiseSums = sums(model.transformRowWise(input));
      System.out.printf(Locale.ROOT, "%s x %d: column sums blocks %s, rows %s%n", shape.name(), rows, blockedSums,
          rowWiseSums);
      double[] scan = new double[runs];
      double[] blocked = new double[runs];
      double[] rowWise = new double[runs];
      for (int r = 0; r < runs; r++) {
        scan[r] = seconds(() -> input);
        blocked[r] = seconds(() -> model.transform(input));
        rowWise[r] = seconds(() -> model.transformRowWise(input));
      }
      System.out.printf(Locale.ROOT, "%s x %d: scan %s s, blocks %s s, rows %s s%n", shape.name(), rows,
          Arrays.toString(scan), Arrays.toString(blocked), Arrays.toString(rowWise));
      double b = BenchSupport.median(blocked);
      double w = BenchSupport.median(rowWise);
      return String.format(Locale.ROOT, "| %,d | %d | %.2f | %.2f | %.2f | %,.0f | %,.0f | %.1f |", rows, shape.d(),
          BenchSupport.median(scan), b, w, rows / b, rows / w, w / b);
    } finally {
      input.unpersist(true);
    }
  }

  /** The sums of the prediction, the first probability and the first raw score: equal on both paths to rounding. */
  private static Row sums(Dataset<Row> scored) {
    return scored.agg(sum(col("prediction")), sum(functions.vector_to_array(col("probability"), "float64").getItem(0)),
        sum(functions.vector_to_array(col("rawPrediction"), "float64").getItem(0))).head();
  }

  /** Seconds to write every column of every row of {@code plan}'s result to the noop sink. */
  private static double seconds(Supplier<Dataset<Row>> plan) {
    long start = System.nanoTime();
    plan.get().write().format("noop").mode("overwrite").save();
    return (System.nanoTime() - start) / 1e9;
  }



  /** {@code rows} rows generated in the tasks (each partition from its own seed), cached and counted. */
  private static Dataset<Row> cached(SparkSession spark, JavaSparkContext sc, RowShape shape, int rows, int parts) {
    JavaRDD<Row> generated = GeneratedRows.inTasks(sc, rows, parts, shape.seed(),
        (rnd, ordinal) -> RowFactory.create(shape.row(rnd)));
    Dataset<Row> df = spark.createDataFrame(generated, new StructType().add("features", SQLDataTypes.VectorType()))
        .persist(StorageLevel.MEMORY_AND_DISK());
    df.count();
    return df;
  }

  /**
   * A network of n centers drawn from the shape's rows, widths from their neighbours,
   * random output weights and the z-scores of a sample: realistic activations, seeded.
   */
  private RbfClassificationModel model(RowShape shape) {
    Random rnd = new Random(seed);
    int sample = Math.max(centers, 2000);
    double[][] rows = new double[sample][];
    for (int i = 0; i < sample; i++) {
      rows[i] = shape.row(rnd).toArray();
    }
    double[] mean = new double[shape.d()];
    double[] std = new double[shape.d()];
    for (int f = 0; f < shape.d(); f++) {
      for (double[] x : rows) {
        mean[f] += x[f] / sample;
      }
      for (double[] x : rows) {
        std[f] += (x[f] - mean[f]) * (x[f] - mean[f]) / sample;
      }
      std[f] = Math.max(Math.sqrt(std[f]), 1e-3);
    }
    Standardization scaling = new Standardization(ScalingMode.ZSCORE, mean, std);
    double[][] c = new double[centers][];
    for (int j = 0; j < centers; j++) {
      c[j] = rows[j].clone();
      scaling.applyInPlace(c[j], 0);
    }
    double[][] w = new double[classes][centers + 1];
    for (double[] wk : w) {
      for (int j = 0; j < wk.length; j++) {
        wk[j] = rnd.nextGaussian();
      }
    }
    double[] labels = IntStream.range(0, classes).asDoubleStream().toArray();
    RbfParameters params = RbfParameters.of(w, Widths.fromNeighbours(c, 2.0 * shape.d()), c);
    return new RbfClassificationModel("bench-" + shape.name(), new RbfModel(labels, scaling, params, Map.of()));
  }

  /** How the benchmark's rows look: their width, density and generator (seeded per partition from {@code seed}). */
  private record RowShape(String name, int d, long seed, SerializableGenerator generator) implements Serializable {
    static RowShape parse(String name, int classes, long seed) {
      return switch (name) {
        case "mnist" -> new RowShape(name, 784, seed, RowShape::pixels);
        case "tabular" -> {
          GaussianMixtureGenerator mixture = new GaussianMixtureGenerator(16, classes, 2.0, seed);
          yield new RowShape(name, 16, seed, rnd -> {
            double[] x = new double[16];
            mixture.sample(rnd, x);
            return Vectors.dense(x);
          });
        }
        default -> throw new IllegalArgumentException("unknown shape " + name + ": mnist or tabular");
      };
    }

    Vector row(Random rnd) {
      return generator.apply(rnd);
    }

    /** 784 pixel intensities in (0, 1], about 19% of them non-zero as in MNIST, as a sparse vector. */
    private static Vector pixels(Random rnd) {
      int[] indices = new int[784];
      double[] values = new double[784];
      int nnz = 0;
      for (int f = 0; f < 784; f++) {
        if (rnd.nextDouble() < 0.19) {
          indices[nnz] = f;
          values[nnz++] = 1 - rnd.nextDouble();
        }
      }
      return Vectors.sparse(784, Arrays.copyOf(indices, nnz), Arrays.copyOf(values, nnz));
    }
  }

  private interface SerializableGenerator extends Function<Random, Vector>, Serializable {
  }
}
