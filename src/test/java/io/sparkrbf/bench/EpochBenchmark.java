package io.sparkrbf.bench;

import io.sparkrbf.data.GaussianMixtureGenerator;
import io.sparkrbf.data.InputSpec;
import io.sparkrbf.kernel.Blas;
import io.sparkrbf.kernel.Precision;
import io.sparkrbf.model.ScalingMode;
import io.sparkrbf.simd.Lanes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * End-to-end benchmark on tabular shapes (tens of features), everything in one JVM and one
 * Spark session so the ratios compare like with like: per data set and precision, our
 * seconds per training epoch on Spark, the bare kernel's pass over the same blocks without
 * Spark (and so the share of the epoch that is Spark's), and Spark MLlib's
 * {@code MultilayerPerceptronClassifier} [D, h, K] marginal seconds per L-BFGS iteration on
 * the same z-scored rows in the same partitions. The sets: UCI letter (16000 x 16, 26
 * classes), where Spark's per-job overhead starts to count, and seeded Gaussian-mixture rows
 * generated in the tasks (1M x 32, 10 classes). Prints a Markdown table for
 * docs/benchmarks.md.
 */
@Command(name = "bench-epoch", mixinStandardHelpOptions = true, sortOptions = false)
public final class EpochBenchmark implements Callable<Integer> {
  private static final String LETTER = "letter";
  private static final String GENERATED = "generated";
  private static final String LETTER_FILE = "letter/letter.train.libsvm";
  private static final int LETTER_FEATURES = 16;

  @Spec
  CommandSpec spec;

  @Option(names = "--data-dir", description = "Folder of the data sets, holding " + LETTER_FILE
      + " (needed for the letter set).")
  Path dataDir;

  @Option(names = "--sets", split = ",", description = "Data sets: letter, generated (default: ${DEFAULT-VALUE}).")
  List<String> sets = List.of(LETTER, GENERATED);

  @Option(names = "--generated-rows", description = "Rows of the generated set (default: ${DEFAULT-VALUE}).")
  long generatedRows = 1_000_000;

  @Option(names = "--generated-features", description = "Features D of the generated set (default: ${DEFAULT-VALUE}).")
  int generatedFeatures = 32;

  @Option(names = "--generated-classes", description = "Classes K of the generated set (default: ${DEFAULT-VALUE}).")
  int generatedClasses = 10;

  @Option(names = "--seed", description = "Seed of the generated rows (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--centers", description = "RBF centers n (default: ${DEFAULT-VALUE}).")
  int centers = 256;

  @Option(names = "--epochs", description = "Epochs per set and precision, the first not timed; as many bare "
      + "kernel passes (default: ${DEFAULT-VALUE}).")
  int epochs = 8;

  @Option(names = "--precisions", split = ",", description = "Precisions to time (default: ${DEFAULT-VALUE}).")
  List<String> precisions = List.of("double", "float");

  @Option(names = "--master", description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master = "local[2]";

  @Option(names = "--partitions", description = "Partitions of every set; 0 for Spark's default parallelism "
      + "(default: ${DEFAULT-VALUE}).")
  int partitions = 0;

  @Option(names = "--block-rows", description = "Rows per block (default: ${DEFAULT-VALUE}).")
  int blockRows = 1024;

  @Mixin
  MlpIterations mlp;

  public static void main(String[] args) {
    System.exit(new CommandLine(new EpochBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    checkOptions();
    SparkConf conf = BenchSupport.sparkConf("tabular epoch benchmark", master);
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    try (JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext())) {
      int parts = partitions > 0 ? partitions : sc.defaultParallelism();
      System.out.printf(Locale.ROOT, "Spark %s on %s (parallelism %d), %d partitions, OPENBLAS_NUM_THREADS=%s, "
          + "load %s%n", sc.version(), sc.master(), sc.defaultParallelism(), parts,
          System.getenv("OPENBLAS_NUM_THREADS"), BenchSupport.load());
      List<String> table = new ArrayList<>();
      for (String set : sets) {
        try (BenchRows data = load(sc, set, parts)) {
          table.addAll(measure(spark, sc, set, data));
        }
      }
      System.out.println();
      System.out.printf(Locale.ROOT, "n = %d trained centers, Adam, full batch, z-scored; %s, %d partitions; "
          + "MLlib MLP [D, %d, K], marginal s/iteration over fits of %d and %d iterations; load %s%n", centers,
          master, parts, mlp.hidden, mlp.first, mlp.last, BenchSupport.load());
      System.out.println("BLAS: " + Blas.describe());
      System.out.println("element-wise passes: " + Lanes.passes().describe());
      System.out.println("| set | rows | D | K | n | precision | s/epoch (Spark) | s/pass (bare kernel) "
          + "| Spark share of the epoch | MLP s/iteration | epoch / MLP iteration |");
      System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
      table.forEach(System.out::println);
    } finally {
      spark.stop();
    }
    return 0;
  }

  private void checkOptions() {
    for (String set : sets) {
      if (!set.equals(LETTER) && !set.equals(GENERATED)) {
        throw new ParameterException(spec.commandLine(), "unknown set '" + set + "' in --sets: use letter, generated");
      }
    }
    if (sets.contains(LETTER)) {
      if (dataDir == null) {
        throw new ParameterException(spec.commandLine(), "the letter set needs --data-dir DIR holding " + LETTER_FILE);
      }
      if (!Files.isRegularFile(dataDir.resolve(LETTER_FILE))) {
        throw new ParameterException(spec.commandLine(), "no " + LETTER_FILE + " in --data-dir " + dataDir);
      }
    }
    if (epochs < 2) {
      throw new ParameterException(spec.commandLine(), "--epochs must be at least 2: the first is not timed");
    }
    for (String p : precisions) {
      try {
        Precision.parse(p);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage() + " in --precisions");
      }
    }
    mlp.check();
  }

  private BenchRows load(JavaSparkContext sc, String set, int parts) {
    if (set.equals(LETTER)) {
      String path = dataDir.resolve(LETTER_FILE).toString();
      return BenchRows.read(sc, new InputSpec(path, null, LETTER_FEATURES, null, parts), null);
    }
    GaussianMixtureGenerator mixture = new GaussianMixtureGenerator(generatedFeatures, generatedClasses, 2.0, seed);
    return BenchRows.of(GENERATED, GeneratedRows.mixture(sc, mixture, generatedFeatures, seed, generatedRows, parts),
        generatedFeatures);
  }

  /** The table rows of one set: the MLP once, then ours in each precision. */
  private List<String> measure(SparkSession spark, JavaSparkContext sc, String set, BenchRows data)
      throws Exception {
    int d = data.summary().numFeatures();
    int k = data.summary().labels().size();
    Dataset<Row> frame = data.scaledFrame(spark, data.summary().scaling(ScalingMode.ZSCORE), data.summary().labels());
    double mlpIteration = mlp.secondsPerIteration(frame, d, k);
    frame.unpersist();
    List<String> rows = new ArrayList<>();
    for (String p : precisions) {
      EpochSpeed speed = EpochSpeed.measure(sc, data,
          EpochSpeed.options(centers, epochs, ScalingMode.ZSCORE, blockRows, Precision.parse(p)));
      rows.add(String.format(Locale.ROOT, "| %s | %,d | %d | %d | %d | %s | %.3f | %.3f | %.0f%% | %.3f | %.3f |",
          set, data.summary().count(), d, k, centers, p, speed.epochSeconds(), speed.bareSeconds(),
          100 * speed.overheadShare(), mlpIteration, speed.epochSeconds() / mlpIteration));
    }
    return rows;
  }
}
