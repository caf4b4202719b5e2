package io.sparkrbf.bench;

import io.sparkrbf.data.GaussianMixtureGenerator;
import io.sparkrbf.data.InputFormat;
import io.sparkrbf.data.InputSpec;
import io.sparkrbf.init.Widths;
import io.sparkrbf.kernel.Blas;
import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.model.LabelIndex;
import io.sparkrbf.model.RbfModel;
import io.sparkrbf.model.ScalingMode;
import io.sparkrbf.model.Standardization;
import io.sparkrbf.predict.OutputFormat;
import io.sparkrbf.predict.Prediction;
import io.sparkrbf.predict.PredictionOutput;
import java.io.IOException;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.hadoop.fs.FileUtil;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Scoring throughput of {@code predict} against Spark MLlib's
 * {@code MultilayerPerceptronClassificationModel.transform} [D, n, K], in one JVM and one
 * Spark session, on the same generated Parquet input (an {@code id} column and a
 * {@code features} vector column) and writing the same Parquet output (id, prediction,
 * probability). Ours runs the command's own path after its checks ({@link Prediction#write}:
 * reading with row numbers for errors, scoring in blocks, Spark's writer and commit, the
 * folder moved into place); the MLP (random weights: one L-BFGS iteration on 2000 rows) is
 * timed over its transform and the same write. Both are warmed up first, on small input and
 * then once on the whole input; the median of the
 * timed runs is reported, for 1 and 2 partitions per core. Then the driver's heap while
 * {@code predict} scores 1M and 10M tabular rows: the peak used heap sampled every 10 ms, and
 * the heap left after a full garbage collection, taken every second (the live data: median and largest),
 * which must not grow with the rows. Prints the Markdown tables of docs/benchmarks.md.
 */
@Command(name = "bench-predict", mixinStandardHelpOptions = true, sortOptions = false)
public final class PredictBenchmark implements Callable<Integer> {
  /** Parquet row group size of the heap measurement. */
  private static final int HEAP_ROW_GROUP_BYTES = 8 << 20;
  /** How often the heap measurement takes the live heap, after a full garbage collection. */
  private static final long LIVE_HEAP_EVERY_MS = 1000;

  @Option(names = "--shapes", split = ",", description = "Row shapes: mnist (D = 784, sparse pixel-like rows, about "
      + "19% non-zero) and tabular (D = 16, dense Gaussian-mixture rows) (default: ${DEFAULT-VALUE}).")
  List<String> shapes = List.of("mnist", "tabular");

  @Option(names = "--mnist-rows", description = "Rows of the MNIST-shaped input (default: ${DEFAULT-VALUE}).")
  long mnistRows = 200_000;

  @Option(names = "--tabular-rows", description = "Rows of the tabular input (default: ${DEFAULT-VALUE}).")
  long tabularRows = 1_000_000;

  @Option(names = "--heap-rows", split = ",", description = "Tabular row counts of the driver heap measurement; "
      + "0 skips it (default: ${DEFAULT-VALUE}).")
  List<Long> heapRows = List.of(1_000_000L, 10_000_000L);

  @Option(names = "--centers", description = "Centers n, and the MLP's hidden units (default: ${DEFAULT-VALUE}).")
  int centers = 256;

  @Option(names = "--classes", description = "Classes K (default: ${DEFAULT-VALUE}).")
  int classes = 10;

  @Option(names = "--runs", description = "Timed runs per path and setting; the median is reported "
      + "(default: ${DEFAULT-VALUE}).")
  int runs = 5;

  @Option(names = "--warmup-rows", description = "Rows of the untimed warm-up of both paths on each shape "
      + "(default: ${DEFAULT-VALUE}).")
  long warmupRows = 20_000;

  @Option(names = "--master", description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master = "local[2]";

  @Option(names = "--dir", description = "Folder for the generated inputs and the outputs, emptied first and "
      + "deleted at the end (default: ${DEFAULT-VALUE}).")
  Path dir = Path.of("target/bench-predict");

  @Option(names = "--seed", description = "Data and model seed (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  public static void main(String[] args) {
    System.exit(new CommandLine(new PredictBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    FileUtil.fullyDelete(dir.toFile());
    Files.createDirectories(dir);
    SparkConf conf = BenchSupport.sparkConf("predict benchmark", master);
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    try (JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext())) {
      int cores = sc.defaultParallelism();
      System.out.printf(Locale.ROOT, "Spark %s on %s, BLAS %s, OPENBLAS_NUM_THREADS=%s, load %s%n", sc.version(),
          sc.master(), Blas.describe(), System.getenv("OPENBLAS_NUM_THREADS"), BenchSupport.load());
      List<String> speed = new ArrayList<>();
      for (String name : shapes) {
        Shape shape = Shape.parse(name, seed);
        RbfModel model = rbfModel(shape);
        String warmInput = generate(spark, shape, warmupRows, 2 * cores, "warm-" + name);
        MultilayerPerceptronClassificationModel mlp = mlp(spark, shape, warmInput);
        ours(sc, model, warmInput, cores);
        mlpTransform(spark, mlp, warmInput, cores);
        long rows = name.equals("mnist") ? mnistRows : tabularRows;
        String input = generate(spark, shape, rows, 2 * cores, name);
        // one untimed run of each path on the whole input: the small warm-up leaves parts of the
        // readers, writers and kernel to the JIT, and the first timed runs came out up to 1.7 times slower
        ours(sc, model, input, cores);
        mlpTransform(spark, mlp, input, cores);
        for (int perCore = 1; perCore <= 2; perCore++) {
          speed.add(measure(spark, sc, shape, model, mlp, input, rows, perCore * cores, perCore));
          System.out.println(speed.get(speed.size() - 1));
        }
      }
      List<String> heap = new ArrayList<>();
      if (heapRows.stream().anyMatch(rows -> rows > 0)) {
        Shape tabular = Shape.parse("tabular", seed);
        RbfModel model = rbfModel(tabular);
        spark.conf().set("parquet.block.size", String.valueOf(HEAP_ROW_GROUP_BYTES));
        ours(sc, model, generate(spark, tabular, warmupRows, 2 * cores, "warm-heap"), 2 * cores);
        for (long rows : heapRows.stream().filter(r -> r > 0).toList()) {
          String input = generate(spark, tabular, rows, 2 * cores, "heap-" + rows);
          heap.add(heap(sc, model, input, rows, 2 * cores));
          System.out.println(heap.get(heap.size() - 1));
          FileUtil.fullyDelete(Path.of(input).toFile());
        }
        spark.conf().unset("parquet.block.size");
      }
      System.out.println();
      System.out.printf(Locale.ROOT, "n = %d, K = %d, %s, median of %d runs; load %s%n", centers, classes, master,
          runs, BenchSupport.load());
      System.out.println("| rows | D | partitions per core | predict s | MLP s | predict rows/s | MLP rows/s "
          + "| predict / MLP |");
      System.out.println("|---|---|---|---|---|---|---|---|");
      speed.forEach(System.out::println);
      if (!heap.isEmpty()) {
        System.out.println();
        System.out.println("| rows (D = 16) | predict s | rows/s | peak heap used MB | live heap MB: median "
            + "| live heap MB: max |");
        System.out.println("|---|---|---|---|---|---|");
        heap.forEach(System.out::println);
      }
    } finally {
      FileUtil.fullyDelete(dir.toFile());
    }
    return 0;
  }

  private String measure(SparkSession spark, JavaSparkContext sc, Shape shape, RbfModel model,
                         MultilayerPerceptronClassificationModel mlp, String input, long rows, int partitions,
                         int perCore) {
    double[] ours = new double[runs];
    double[] theirs = new double[runs];
    for (int r = 0; r < runs; r++) {
      ours[r] = seconds(() -> requireRows(ours(sc, model, input, partitions), rows));
      theirs[r] = seconds(() -> requireRows(mlpTransform(spark, mlp, input, partitions), rows));
    }
    System.out.printf(Locale.ROOT, "%s x %d, %d partitions: predict %s s, MLP %s s%n", shape.name, rows, partitions,
        Arrays.toString(ours), Arrays.toString(theirs));
    double o = BenchSupport.median(ours);
    double t = BenchSupport.median(theirs);
    return String.format(Locale.ROOT, "| %,d | %d | %d | %.2f | %.2f | %,.0f | %,.0f | %.1f |", rows, shape.d,
        perCore, o, t, rows / o, rows / t, t / o);
  }

  /** The command's path after its checks: read, score in blocks, write Parquet and move the folder in. */
  private long ours(JavaSparkContext sc, RbfModel model, String input, int partitions) {
    try {
      return new Prediction(model, new InputSpec(input, InputFormat.PARQUET, 0, null, partitions), List.of("id"),
          new PredictionOutput(dir.resolve("out-predict").toString(), OutputFormat.PARQUET, false, false, true))
          .write(sc);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The MLP's transform of the same input in as many partitions, written as predict writes. */
  private long mlpTransform(SparkSession spark, MultilayerPerceptronClassificationModel mlp, String input,
                            int partitions) {
    String out = dir.resolve("out-mlp").toString();
    spark.conf().set("spark.sql.files.minPartitionNum", String.valueOf(partitions));
    mlp.transform(spark.read().parquet(input).coalesce(partitions)).select("id", "prediction", "probability")
        .write().mode(SaveMode.Overwrite).parquet(out);
    spark.conf().unset("spark.sql.files.minPartitionNum");
    return spark.read().parquet(out).count();
  }

  /**
   * Runs predict while a thread samples the used heap every 10 ms (its peak, garbage included) and every
   * {@link #LIVE_HEAP_EVERY_MS} ms runs a full garbage collection and takes what it left (the live data,
   * {@link #heapAfterLastCollection}).
   * In local mode the executors' tasks share the driver's heap, and each running task's Parquet reader and
   * writer hold up to a row group (128 MB by default) of its input and output; the heap inputs and outputs
   * have row groups of {@link #HEAP_ROW_GROUP_BYTES}, which every task's data exceeds at both sizes, so those
   * buffers are the same size whatever the row count, and what grows is the driver's.
   */
  private String heap(JavaSparkContext sc, RbfModel model, String input, long rows, int partitions) {
    System.gc();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    AtomicLong peak = new AtomicLong();
    List<Long> live = Collections.synchronizedList(new ArrayList<>());
    Thread sampler = new Thread(() -> {
      long nextGc = System.nanoTime() + LIVE_HEAP_EVERY_MS * 1_000_000L;
      while (!Thread.currentThread().isInterrupted()) {
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        if (System.nanoTime() > nextGc) {
          memory.gc();
          live.add(heapAfterLastCollection());
          nextGc = System.nanoTime() + LIVE_HEAP_EVERY_MS * 1_000_000L;
        }
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap sampler");
    sampler.setDaemon(true);
    sampler.start();
    double s;
    try {
      s = seconds(() -> requireRows(ours(sc, model, input, partitions), rows));
    } finally {
      sampler.interrupt();
    }
    double[] liveMb;
    synchronized (live) {
      liveMb = live.stream().mapToDouble(bytes -> bytes / 1e6).toArray();
    }
    if (liveMb.length == 0) {
      throw new IllegalStateException("predict ended before the first live heap sample: use more --heap-rows");
    }
    return String.format(Locale.ROOT, "| %,d | %.2f | %,.0f | %.0f | %.0f | %.0f |", rows, s, rows / s,
        peak.get() / 1e6, BenchSupport.median(liveMb), Arrays.stream(liveMb).max().orElseThrow());
  }

  /**
   * The heap the collector left at the end of its last collection, as it recorded it: unlike the
   * used heap read after {@code gc()} returns, it holds none of what the running tasks allocated
   * since, which made that reading grow with the run's length.
   */
  private static long heapAfterLastCollection() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null)
        .mapToLong(pool -> pool.getCollectionUsage().getUsed()).sum();
  }

  private static long requireRows(long written, long rows) {
    if (written != rows) {
      throw new IllegalStateException(written + " rows written, expected " + rows);
    }
    return written;
  }

  /**
   * {@code rows} rows (id, features) generated in the tasks, each partition from its own seed,
   * written as {@code files} Parquet files of equal size.
   */
  private String generate(SparkSession spark, Shape shape, long rows, int files, String name) {
    String path = dir.resolve(name + ".parquet").toString();
    JavaRDD<Row> generated = new JavaSparkContext(spark.sparkContext())
        .parallelize(IntStream.range(0, files).boxed().toList(), files)
        .mapPartitions(it -> {
          int part = it.next();
          long from = rows * part / files;
          long to = rows * (part + 1) / files;
          return shape.rows(from, to, new Random(shape.seed * 1_000_003L + part));
        });
    StructType schema = new StructType().add("id", DataTypes.LongType, false)
        .add("features", SQLDataTypes.VectorType(), false);
    spark.createDataFrame(generated, schema).write().mode(SaveMode.Overwrite).parquet(path);
    return path;
  }

  /** A network with centers drawn from the shape's rows, widths from their neighbours, random weights. */
  private RbfModel rbfModel(Shape shape) {
    Random rnd = new Random(seed);
    double[][] c = new double[centers][];
    for (int j = 0; j < centers; j++) {
      c[j] = shape.row(rnd).toArray();
    }
    double[][] w = new double[classes][centers + 1];
    for (double[] row : w) {
      for (int j = 0; j < row.length; j++) {
        row[j] = 0.1 * rnd.nextGaussian();
      }
    }
    double[] zeros = new double[shape.d];
    double[] ones = new double[shape.d];
    Arrays.fill(ones, 1.0);
    return new RbfModel(new LabelIndex(IntStream.range(0, classes).asDoubleStream().toArray()),
        new Standardization(shape.scaling, zeros, ones),
        RbfParameters.of(w, Widths.fromNeighbours(c, 2.0 * shape.d), c), Map.of());
  }

  /** Spark MLlib's MLP [D, n, K] after one L-BFGS iteration from its random start on 2000 rows. */
  private MultilayerPerceptronClassificationModel mlp(SparkSession spark, Shape shape, String input) {
    Dataset<Row> sample = spark.read().parquet(input).limit(2000)
        .withColumn("label", functions.col("id").mod(classes).cast(DataTypes.DoubleType));
    return new MultilayerPerceptronClassifier().setLayers(new int[] {shape.d, centers, classes}).setMaxIter(1)
        .setSeed(seed).fit(sample);
  }

  /** A kind of row: its width, its scaling and how a row is drawn. */
  private record Shape(String name, int d, ScalingMode scaling, long seed, GaussianMixtureGenerator mixture)
      implements Serializable {
    static Shape parse(String name, long seed) {
      return switch (name) {
        case "mnist" -> new Shape(name, 784, ScalingMode.GLOBAL, seed, null);
        case "tabular" -> new Shape(name, 16, ScalingMode.ZSCORE, seed, new GaussianMixtureGenerator(16, 10, 2.0,
            seed));
        default -> throw new IllegalArgumentException("unknown shape '" + name + "', expected mnist or tabular");
      };
    }

    /** The rows (id, features) with ids {@code from} to {@code to - 1}, drawn as they are asked for. */
    Iterator<Row> rows(long from, long to, Random rnd) {
      return LongStream.range(from, to).mapToObj(id -> RowFactory.create(id, row(rnd))).iterator();
    }

    /** MNIST-like: each pixel lit with probability 0.19, grey level k/255 (sparse); tabular: a mixture row (dense). */
    Vector row(Random rnd) {
      if (mixture != null) {
        double[] x = new double[d];
        mixture.sample(rnd, x);
        return Vectors.dense(x);
      }
      int[] indices = new int[d];
      double[] values = new double[d];
      int nnz = 0;
      for (int f = 0; f < d; f++) {
        if (rnd.nextDouble() < 0.19) {
          indices[nnz] = f;
          values[nnz++] = (1 + rnd.nextInt(255)) / 255.0;
        }
      }
      return Vectors.sparse(d, Arrays.copyOf(indices, nnz), Arrays.copyOf(values, nnz));
    }
  }

  private static double seconds(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1e9;
  }


}
