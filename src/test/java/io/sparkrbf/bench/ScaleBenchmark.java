package io.sparkrbf.bench;

import io.sparkrbf.data.Blockifier;
import io.sparkrbf.data.DatasetSummary;
import io.sparkrbf.data.GaussianMixtureGenerator;
import io.sparkrbf.data.ParsedRow;
import io.sparkrbf.data.RowLocator;
import io.sparkrbf.init.Widths;
import io.sparkrbf.kernel.Blas;
import io.sparkrbf.kernel.Block;
import io.sparkrbf.kernel.Precision;
import io.sparkrbf.kernel.RbfParameters;
import io.sparkrbf.model.InputMap;
import io.sparkrbf.model.ScalingMode;
import io.sparkrbf.model.Standardization;
import io.sparkrbf.optim.LearningRateSchedule;
import io.sparkrbf.optim.OptimizerKind;
import io.sparkrbf.optim.Optimizers;
import io.sparkrbf.train.Checkpointing;
import io.sparkrbf.train.DistributedLoss;
import io.sparkrbf.train.EpochLoop;
import io.sparkrbf.train.EpochStats;
import io.sparkrbf.train.StepRule;
import io.sparkrbf.train.TrainingObjective;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.RDDInfo;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Scale benchmark: seconds per training epoch and cached bytes per row as the row count
 * grows, on seeded Gaussian-mixture data generated inside the job (no input files, so
 * 10M rows need no disk). Time per row should stay flat, and the cached blocks should
 * cost about 8 D bytes per row (double) as Spark's storage info reports them.
 */
@Command(name = "bench-scale", mixinStandardHelpOptions = true, sortOptions = false)
public final class ScaleBenchmark implements Callable<Integer> {
  @Option(names = "--rows", split = ",", description = "Row counts (default: ${DEFAULT-VALUE}).")
  List<Long> rowCounts = List.of(1_000_000L, 3_000_000L, 10_000_000L);

  @Option(names = "--features", description = "Features D (default: ${DEFAULT-VALUE}).")
  int features = 64;

  @Option(names = "--classes", description = "Classes K (default: ${DEFAULT-VALUE}).")
  int classes = 10;

  @Option(names = "--centers", description = "Centers n (default: ${DEFAULT-VALUE}).")
  int centers = 128;

  @Option(names = "--epochs", description = "Epochs per size; the first is not timed (default: ${DEFAULT-VALUE}).")
  int epochs = 6;

  @Option(names = "--warmup-rows", description = "Rows of an untimed first run that warms up the JIT "
      + "(default: ${DEFAULT-VALUE}).")
  long warmupRows = 300_000;

  @Option(names = "--precision", description = "double or float (default: ${DEFAULT-VALUE}).")
  String precision = "double";

  @Option(names = "--master", description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master = "local[2]";

  @Option(names = "--partitions", description = "Partitions; 0 for 4 per core (default: ${DEFAULT-VALUE}).")
  int partitions = 0;

  @Option(names = "--block-rows", description = "Rows per block (default: ${DEFAULT-VALUE}).")
  int blockRows = 1024;

  @Option(names = "--seed", description = "Data and center seed (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ScaleBenchmark()).execute(args));
  }

  @Override
  public Integer call() {
    SparkConf conf = BenchSupport.sparkConf("scale benchmark", master);
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      int parts = partitions > 0 ? partitions : 4 * sc.defaultParallelism();
      Precision p = Precision.parse(precision);
      System.out.printf(Locale.ROOT, "Spark %s on %s, BLAS %s, OPENBLAS_NUM_THREADS=%s%n", sc.version(), sc.master(),
          Blas.describe(), System.getenv("OPENBLAS_NUM_THREADS"));
      if (warmupRows > 0) {
        measure(sc, warmupRows, parts, p);
      }
      List<String> table = new ArrayList<>();
      double firstPerRow = Double.NaN;
      for (long rows : rowCounts) {
        Measurement m = measure(sc, rows, parts, p);
        double perRow = m.secondsPerEpoch / rows;
        if (Double.isNaN(firstPerRow)) {
          firstPerRow = perRow;
        }
        double cached = m.memoryBytes + m.diskBytes;
        table.add(String.format(Locale.ROOT, "| %,d | %d | %.3f | %.3f | %.3f | %.0f | %.0f | %.1f | %.3f |", rows,
            parts, m.secondsPerEpoch, 1e6 * perRow, perRow / firstPerRow, m.memoryBytes / 1e6, m.diskBytes / 1e6,
            cached / rows, cached / rows / (8.0 * features)));
        System.out.println(table.get(table.size() - 1) + " epochs " + Arrays.toString(m.epochSeconds));
      }
      System.out.println();
      System.out.printf(Locale.ROOT, "D = %d, K = %d, n = %d trained centers, %s, %s, adam%n", features, classes,
          centers, precision, master);
      System.out.println("| rows | partitions | s/epoch | us/row | per row vs first | cached MB (memory) "
          + "| cached MB (disk) | cached bytes/row | bytes/row / 8D |");
      System.out.println("|---|---|---|---|---|---|---|---|---|");
      table.forEach(System.out::println);
    }
    return 0;
  }

  private record Measurement(double secondsPerEpoch, double[] epochSeconds, double memoryBytes, double diskBytes) {
  }

  private Measurement measure(JavaSparkContext sc, long rows, int parts, Precision p) {
    JavaRDD<ParsedRow> generated = GeneratedRows.mixture(sc, new GaussianMixtureGenerator(features, classes, 2.0, seed),
        features, seed, rows, parts);
    DatasetSummary summary = DatasetSummary.of(generated, features, "generated");
    Standardization scaling = summary.scaling(ScalingMode.ZSCORE);
    JavaRDD<Block> blocks = Blockifier.toBlocks(generated, RowLocator.partitions("generated"), new InputMap(features, scaling, null), summary.labels(), blockRows, p)
        .persist(StorageLevel.MEMORY_AND_DISK());
    blocks.count();
    RDDInfo info = Arrays.stream(sc.sc().getRDDStorageInfo()).filter(i -> i.id() == blocks.id()).findFirst()
        .orElseThrow();
    try {
      RbfParameters start = startingParameters(blocks.first());
      List<EpochStats> history = new ArrayList<>();
      DistributedLoss loss = new DistributedLoss(blocks, 0, 2);
      StepRule adam = new StepRule(new TrainingObjective(loss, true, 0), Optimizers.create(OptimizerKind.ADAM, 0.02, null),
          LearningRateSchedule.CONSTANT, 1, seed, epochs, start, start.betas(), null);
      new EpochLoop(loss, null, epochs, history::add, Checkpointing.NONE).run(adam, 1, List.of());
      double[] seconds = history.stream().skip(1).mapToDouble(EpochStats::seconds).toArray();
      double[] sorted = seconds.clone();
      Arrays.sort(sorted);
      return new Measurement(sorted[sorted.length / 2], seconds, info.memSize(), info.diskSize());
    } finally {
      blocks.unpersist(true);
    }
  }

  /** Centers: the first n rows of the first block; widths from neighbouring centers. */
  private RbfParameters startingParameters(Block first) {
    double[][] c = new double[centers][];
    double[] x = first.precision() == Precision.DOUBLE ? first.features() : null;
    for (int j = 0; j < centers; j++) {
      c[j] = new double[features];
      for (int f = 0; f < features; f++) {
        c[j][f] = x != null ? x[j * features + f] : first.floatFeatures()[j * features + f];
      }
    }
    double[] betas = Widths.fromNeighbours(c, 2.0 * features);
    return RbfParameters.of(new double[classes][centers + 1], betas, c);
  }
}
