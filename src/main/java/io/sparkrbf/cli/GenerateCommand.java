package io.sparkrbf.cli;

import io.sparkrbf.config.OptionException;
import io.sparkrbf.data.GaussianMixtureGenerator;
import io.sparkrbf.persist.AtomicOutput;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generate}: seeded synthetic Gaussian-mixture data as LIBSVM, for trying and benchmarking. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Write seeded synthetic classification data (each class a mixture of "
        + GaussianMixtureGenerator.COMPONENTS_PER_CLASS + " Gaussian blobs) as LIBSVM.",
        "The same options give the same file."})
final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--rows", paramLabel = "R", required = true, description = "Rows to write.")
  long rows;

  @Option(names = "--features", paramLabel = "D", required = true, description = "Features per row.")
  int features;

  @Option(names = "--classes", paramLabel = "K", required = true, description = "Classes.")
  int classes;

  @Option(names = "--out", paramLabel = "PATH", required = true, description = "LIBSVM file to write (.gz not applied).")
  String out;

  @Option(names = "--separation", paramLabel = "s",
      description = "Spread of the blob centers in units of the blobs' width; larger is easier (default: ${DEFAULT-VALUE}).")
  double separation;

  @Option(names = "--seed", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--overwrite", description = "Replace an existing file.")
  boolean overwrite;

  @Override
  public Integer call() throws Exception {
    atLeast("--rows", rows, 1);
    atLeast("--features", features, 1);
    atLeast("--classes", classes, 2);
    if (!(separation > 0) || !Double.isFinite(separation)) {
      throw new OptionException("--separation must be a positive number, got " + separation);
    }
    GaussianMixtureGenerator generator = new GaussianMixtureGenerator(features, classes, separation, seed);
    Configuration hadoop = SparkContexts.withoutSpark();
    new Preflight(overwrite, hadoop).output(out);
    AtomicOutput.write(out, overwrite, hadoop, stream -> {
      BufferedWriter w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
      generator.write(w, rows);
      w.flush();
    });
    System.out.println(rows + " rows x " + features + " features, " + classes + " classes written to " + out);
    return 0;
  }

  private static void atLeast(String option, long value, long min) {
    if (value < min) {
      throw new OptionException(option + " must be >= " + min + ", got " + value);
    }
  }
}
